"""EU Financial Sanctions Files (FSF) consolidated list, as multi-document YAML.

One YAML document per FSF ``sanctionEntity``; keys are the FSF XML attribute names
in snake_case, so ``entity_record`` maps one entity dict to a record whatever reader
produced it (an XML reader giving the same dict can feed it). The multi-document
YAML reading (``yaml_records``, ``Fields``) serves the UK importer too.

Data quirks handled: there is no primary-name flag, so the primary name is the
first strong Latin-script alias in English or with no language (over a thousand
entries list the Cyrillic or Arabic original first, some an Irish or Polish
translation); country code ``00`` means UNKNOWN; ``remark`` is sometimes the
placeholder ``none``; a few birth years are in the Islamic calendar and become the
two Gregorian years they overlap; ``circa`` dates are kept as given with a note; the
entity-level regulation is often a later amendment, so the listing date is the
earliest date of any regulation cited anywhere in the entry. ``lang`` is the list's
ISO 639-1 code, lower-cased. Every entry of the bundled file has a unique
``eu_reference_number``; an entry without one falls back to ``logical_id``, FSF's
stable entity id, rather than being dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import model
from rigour.ids import IMO

from commonlist.sources.common import read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import (
    Designation,
    NameKind,
    ParsedRecord,
    RecordBuilder,
    name_script,
)
from commonlist.sources.yamldoc import Fields, yaml_records

SCHEMA_BY_CODE = {"P": "Person", "E": "Organization"}
UNKNOWN_COUNTRY = "00"
#: identification type code → IdentityDocument kind (anything else is ``other``)
DOCUMENT_KINDS = {"passport": "passport", "id": "national_id"}
#: identification type code → followthemoney property that also gets the number
ID_PROPERTIES = {
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "taxid": "taxNumber",
    "euvat": "vatCode",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
    "ssn": "socialSecurityNumber",
}
#: sub-elements whose ``regulation_summaries`` date the entry
DATED_PARTS = ("name_aliases", "birthdates", "citizenships", "addresses", "identifications")


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one record per YAML document (FSF ``sanctionEntity``).

    Raises SourceFormatError on a malformed document or a repeated reference number.
    """
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    yield from yaml_records(text, entity_record, file=path.name, id_field="eu_reference_number")


def entity_record(entity: Fields, raw: str) -> ParsedRecord:
    """Map one FSF entity (snake_case attribute names) to a record."""
    native_id = entity.text("eu_reference_number") or entity.text("logical_id")
    if native_id is None:
        raise entity.error("missing eu_reference_number and logical_id", "eu_reference_number")
    entity = Fields(entity.data, entity.file, f"{entity.ref}, {native_id}")
    code = entity.child("subject_type").text("classification_code")
    schema = SCHEMA_BY_CODE.get(code or "")
    if schema is None:
        raise entity.error(f"unknown subject type {code!r}", "subject_type")
    rec = RecordBuilder(native_id, schema, entity.ref, file=entity.file, raw=raw)
    _add_names(rec, entity.items("name_aliases"))
    if schema == "Person":
        for birth in entity.items("birthdates"):
            _add_birth(rec, birth)
    for citizenship in entity.items("citizenships"):
        prop = "nationality" if schema == "Person" else "country"
        rec.add(prop, _country_code(citizenship))
    for address in entity.items("addresses"):
        _add_address(rec, address)
    for ident in entity.items("identifications"):
        _add_identification(rec, ident)
    remark = entity.text("remark")
    if remark and remark.lower() == "none":
        remark = None
    rec.add("notes", remark)
    un_ref = entity.text("united_nation_id")
    if un_ref:
        rec.add("notes", f"UN reference: {un_ref}")
    rec.designation = _designation(entity, remark)
    return rec.build()


def _add_names(rec: RecordBuilder, aliases: list[Fields]) -> None:
    person = rec.schema == "Person"
    names = [(a, a.text("whole_name") or " ".join(p for p in _name_parts(a) if p)) for a in aliases]
    primary = min(range(len(names)), key=lambda i: _primary_rank(*names[i]), default=0)
    if names:
        names.insert(0, names.pop(primary))
    for index, (alias, name) in enumerate(names):
        if index == 0:
            kind = NameKind.PRIMARY
        elif alias.flag("strong") is False:
            kind = NameKind.WEAK_ALIAS
        else:
            kind = NameKind.ALIAS
        lang = alias.text("name_language")
        parts = zip(("firstName", "middleName", "lastName"), _name_parts(alias), strict=True)
        if all(n.value != name for n in rec.names):  # same name in another language
            rec.add_name(
                name, kind, lang=lang.lower() if lang else None, parts=parts if person else ()
            )
        function, title = alias.text("function"), alias.text("title")
        if person:
            rec.add("gender", alias.text("gender"))  # M/F, cleaned to male/female
            rec.add("position", function)
            rec.add("title", title)
        else:
            rec.add("notes", function)
            rec.add("legalForm", title.removeprefix("Type of entity: ") if title else None)


def _primary_rank(alias: Fields, name: str) -> int:
    """0 for the best primary name: a strong Latin name in English or no stated language."""
    if not name or alias.flag("strong") is False or name_script(name) != "Latin":
        return 2
    return 0 if (alias.text("name_language") or "EN").upper() == "EN" else 1


def _name_parts(alias: Fields) -> tuple[str | None, str | None, str | None]:
    return alias.text("first_name"), alias.text("middle_name"), alias.text("last_name")


def _add_birth(rec: RecordBuilder, birth: Fields) -> None:
    dates = _birth_dates(birth)
    for date in dates:
        rec.add("birthDate", date)
    if dates and birth.flag("circa"):
        rec.add("notes", f"birth date {' or '.join(dates)} is approximate (circa)")
    country = _country_code(birth)
    rec.add(
        "birthPlace",
        _join(
            ", ",
            birth.text("place"),
            birth.text("city"),
            birth.text("region"),
            _country_name(birth),
        ),
    )
    rec.add("birthCountry", country)


def _birth_dates(birth: Fields) -> list[str]:
    """ISO date prefixes of one FSF birthdate element.

    ``birthdate`` is always Gregorian; a bare year in the Islamic calendar overlaps
    two Gregorian years, and both are given.
    """
    full = birth.text("birthdate")
    if full:
        return [full]
    year = _number(birth, "year")
    if year is None:
        return []
    if (birth.text("calendar_type") or "").upper() == "ISLAMIC":
        start = 622.54 + (year - 1) * 354.367 / 365.2425  # 1 Muharram, as a Gregorian year
        return [str(int(start)), str(int(start + 354.367 / 365.2425))]
    month, day = _number(birth, "month_of_year"), _number(birth, "day_of_month")
    if month is None:
        return [f"{year:04d}"]
    if day is None:
        return [f"{year:04d}-{month:02d}"]
    return [f"{year:04d}-{month:02d}-{day:02d}"]


def _number(fields: Fields, key: str) -> int | None:
    text = fields.text(key)
    if text is None:
        return None
    if not text.isdigit():
        raise fields.error(f"expected a number, got {text!r}", key)
    return int(text)


def _add_address(rec: RecordBuilder, address: Fields) -> None:
    rec.add(
        "address",
        _join(
            ", ",
            address.text("street"),
            address.text("po_box"),
            address.text("place"),
            address.text("city"),
            address.text("region"),
            address.text("zip_code"),
            _country_name(address),
        ),
    )
    rec.add("country", _country_code(address))


def _add_identification(rec: RecordBuilder, ident: Fields) -> None:
    code = (ident.text("identification_type_code") or "other").lower()
    number = ident.text("number")
    kind = DOCUMENT_KINDS.get(code, "other")
    description = ident.text("identification_type_description")
    note = _join("; ", description or (code if kind == "other" else None), ident.text("remark"))
    rec.add_document(kind, number, _country_code(ident), note)
    prop = ID_PROPERTIES.get(code)
    if prop and number and prop in model.schemata[rec.schema].properties:
        rec.add(prop, (IMO.normalize(number) or number) if prop == "imoNumber" else number)


def _country_code(fields: Fields) -> str | None:
    code = fields.text("country_iso2_code")
    return None if code == UNKNOWN_COUNTRY else code


def _country_name(fields: Fields) -> str | None:
    return (
        None
        if fields.text("country_iso2_code") == UNKNOWN_COUNTRY
        else fields.text("country_description")
    )


def _designation(entity: Fields, remark: str | None) -> Designation:
    regulations = entity.items("regulations")
    dates = [
        d
        for reg in regulations
        for d in (reg.text("publication_date"), reg.text("entry_into_force_date"))
        if d
    ]
    published = [d for reg in regulations if (d := reg.text("publication_date"))]
    for part in DATED_PARTS:
        for item in entity.items(part):
            for summary in item.items("regulation_summaries"):
                if date := summary.text("publication_date"):
                    dates.append(date)
                    published.append(date)
    return Designation(
        listed_on=min(dates) if dates else None,
        legal_basis=_join("; ", *(r.text("number_title") for r in regulations)),
        regime=_join("; ", *(r.text("programme") for r in regulations)),
        reasons=_join(" ", remark, entity.text("designation_details")),
        authority="European Union",
        updated_on=max(published) if published else None,
    )


def _join(sep: str, *parts: str | None) -> str | None:
    """Non-empty parts joined, dropping repeats (FSF often gives place and city alike)."""
    seen: dict[str, str] = {}
    for part in parts:
        if part and part.casefold() not in seen:
            seen[part.casefold()] = part
    return sep.join(seen.values()) or None


def detect(path: Path, head: bytes) -> bool:
    return (
        re.search(rb"(?m)^eu_reference_number:", head) is not None
        and re.search(rb"(?m)^(?:subject_type|name_aliases):", head) is not None
    )


FORMAT = SourceFormat(
    name="eu-fsf",
    title="EU Financial Sanctions Files consolidated list (YAML, one document per entity)",
    parse=parse,
    detect=detect,
)

"""UK Sanctions List (FCDO), as multi-document YAML: one document per designation.

Data quirks handled: name types come in several spellings (``Primary name``,
``Primary Name Variation``, ``ALias``); name1…name5 are forenames and name6 is the
surname, or the whole name of an entity or ship (two entities put an alternative
full name in name1, kept as an alias); some primary names are empty and some records
have two; ``alias_strength`` ``Low quality a.k.a`` is a weak alias. This conversion
has no structured dates of birth, nationalities, documents, positions or ship
details: ships' IMO numbers are read from the statement of reasons ("IMO 9250531")
and kept only when the check digit holds. An empty statement of reasons is a lone
newline; non-Latin names come without a language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rigour.ids import IMO

from commonlist.sources.common import read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import Designation, NameKind, ParsedRecord, RecordBuilder
from commonlist.sources.yamldoc import Fields, yaml_records

SCHEMA_BY_TYPE = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
FORENAMES = ("name1", "name2", "name3", "name4", "name5")
PART_PROPS = ("firstName", "middleName", "middleName", "middleName", "middleName")
ADDRESS_LINES = tuple(f"address_line{n}" for n in range(1, 7))
#: UK spellings that followthemoney's country type does not know
COUNTRY_CODES = {"Congo (Democratic Republic)": "cd", "Occupied Palestinian Territories": "ps"}

_IMO = re.compile(r"\bIMO\s*(?:number|no\.?)?[:\s]*(\d{7})\b", re.IGNORECASE)


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one record per YAML document (designation).

    Raises SourceFormatError on a malformed document or a repeated ``unique_id``.
    """
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    yield from yaml_records(text, designation_record, file=path.name, id_field="unique_id")


def designation_record(doc: Fields, raw: str) -> ParsedRecord:
    """Map one UK Sanctions List designation (snake_case field names) to a record."""
    native_id = doc.text("unique_id")
    if native_id is None:
        raise doc.error("missing unique_id", "unique_id")
    doc = Fields(doc.data, doc.file, f"{doc.ref}, {native_id}")
    kind = doc.text("individual_entity_ship")
    schema = SCHEMA_BY_TYPE.get((kind or "").lower())
    if schema is None:
        raise doc.error(f"unknown subject type {kind!r}", "individual_entity_ship")
    rec = RecordBuilder(native_id, schema, doc.ref, file=doc.file, raw=raw)
    _add_names(rec, doc.child("names").items("names"))
    for name in doc.child("non_latin_names").items("names"):
        rec.add_name(name.text("name_non_latin_script"), NameKind.ORIGINAL_SCRIPT)
    for address in doc.child("addresses").items("addresses"):
        lines = [address.text(key) for key in ADDRESS_LINES]
        country = address.text("address_country")
        rec.add("address", ", ".join(v for v in (*lines, country) if v) or None)
        rec.add("country", COUNTRY_CODES.get(country or "", country))
    reasons = doc.text("uk_statement_of_reasons")
    other = doc.text("other_information")
    if schema == "Vessel":
        for text in (reasons, other):
            for number in _IMO.findall(text or ""):
                if IMO.is_valid(number):
                    rec.add("imoNumber", IMO.normalize(number))
    rec.add("notes", other)
    un_ref = doc.text("un_reference_number")
    if un_ref:
        rec.add("notes", f"UN reference: {un_ref}")
    group = doc.text("ofsi_group_id")
    if group:
        rec.add("notes", f"OFSI group ID: {group}")
    regime = doc.text("regime_name")
    rec.designation = Designation(
        listed_on=doc.text("date_designated"),
        legal_basis=regime,
        regime=regime,
        reasons=reasons,
        authority="United Kingdom (FCDO)",
        updated_on=doc.text("last_updated"),
    )
    return rec.build()


def _add_names(rec: RecordBuilder, names: list[Fields]) -> None:
    person = rec.schema == "Person"
    for name in names:
        forenames = [name.text(key) for key in FORENAMES]
        surname = name.text("name6")
        if person:
            whole = " ".join(v for v in (*forenames, surname) if v)
            parts = [*zip(PART_PROPS, forenames, strict=True), ("lastName", surname)]
        else:
            whole = surname or " ".join(v for v in forenames if v)
            parts = []
        if not whole or any(n.value == whole for n in rec.names):
            continue
        primary = any(n.kind is NameKind.PRIMARY for n in rec.names)
        if (name.text("name_type") or "").lower() == "primary name" and not primary:
            kind = NameKind.PRIMARY
        elif (name.text("alias_strength") or "").lower().startswith("low"):
            kind = NameKind.WEAK_ALIAS
        else:
            kind = NameKind.ALIAS
        rec.add_name(whole, kind, parts=parts)
        if not person and surname:
            for forename in forenames:
                rec.add_name(forename, NameKind.ALIAS)


def detect(path: Path, head: bytes) -> bool:
    return (
        re.search(rb"(?m)^unique_id:", head) is not None
        and re.search(rb"(?m)^(?:individual_entity_ship|ofsi_group_id):", head) is not None
    )


FORMAT = SourceFormat(
    name="uk",
    title="UK Sanctions List (YAML, one document per designation)",
    parse=parse,
    detect=detect,
)

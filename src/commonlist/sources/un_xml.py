"""UN Security Council Consolidated List, legacy ``CONSOLIDATED_LIST`` XML layout.

Data quirks handled: alias QUALITY is ``Good``/``Low`` in new files and
``a.k.a.``/``f.k.a.`` in older ones; NAME_ORIGINAL_SCRIPT holds Arabic or Cyrillic
originals; dates of birth come as EXACT DATE, YEAR, or BETWEEN FROM_YEAR/TO_YEAR;
document types are sometimes in French or Spanish and wrap across lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from commonlist.exc import SourceFormatError
from commonlist.sources.common import parse_xml, read_bytes
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import Designation, NameKind, ParsedRecord, RecordBuilder, clean_text

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
PART_PROPS = ("firstName", "secondName", "middleName", "lastName")
ALIAS_KINDS = {
    "good": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "f.k.a.": NameKind.PREVIOUS,
}


def _text(el: etree._Element, path: str) -> str | None:
    found = el.find(path)
    if found is None or found.text is None:
        return None
    return clean_text(found.text)


def _values(el: etree._Element, path: str) -> list[str]:
    return [v for v in (clean_text(n.text) for n in el.findall(path)) if v]


def _join(*parts: str | None) -> str | None:
    return clean_text(", ".join(p for p in parts if p)) or None


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one record per INDIVIDUAL and ENTITY node.

    ``encoding`` is ignored: XML declares its own.
    """
    root = parse_xml(read_bytes(path, max_bytes), file=path.name)
    if root.tag != "CONSOLIDATED_LIST":
        raise SourceFormatError(
            f"root element is <{root.tag}>, expected <CONSOLIDATED_LIST>", file=path.name
        )
    count = 0
    for node in root.iter("INDIVIDUAL", "ENTITY"):
        count += 1
        yield _record(node, path.name, count)


def _record(node: etree._Element, file: str, index: int) -> ParsedRecord:
    ref_no = _text(node, "REFERENCE_NUMBER")
    ref = f"line {node.sourceline} ({node.tag} {ref_no or index})"
    if ref_no is None:
        raise SourceFormatError(
            "missing REFERENCE_NUMBER", file=file, ref=ref, field="REFERENCE_NUMBER"
        )
    person = node.tag == "INDIVIDUAL"
    rec = RecordBuilder(
        native_id=ref_no,
        schema="Person" if person else "Organization",
        ref=ref,
        file=file,
        raw=etree.tostring(node, encoding="unicode"),
    )
    parts = [(prop, _text(node, tag)) for prop, tag in zip(PART_PROPS, NAME_PARTS, strict=True)]
    full = " ".join(v for _, v in parts if v)
    if not full:
        raise SourceFormatError("record has no name", file=file, ref=ref, field="FIRST_NAME")
    rec.add_name(full, NameKind.PRIMARY, parts=parts if person else ())
    original = _text(node, "NAME_ORIGINAL_SCRIPT")
    if original:
        rec.add_name(original, NameKind.ORIGINAL_SCRIPT)
    alias_tag = "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"
    for alias in node.findall(alias_tag):
        name = _text(alias, "ALIAS_NAME")
        if not name:
            continue
        quality = (_text(alias, "QUALITY") or "good").lower()
        rec.add_name(name, ALIAS_KINDS.get(quality, NameKind.ALIAS))
        if person:
            rec.add("birthDate", _text(alias, "DATE_OF_BIRTH"))
    if person:
        _person_details(node, rec)
    addr_tag = "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"
    for addr in node.findall(addr_tag):
        text = _join(
            _text(addr, "STREET"),
            _text(addr, "CITY"),
            _text(addr, "STATE_PROVINCE"),
            _text(addr, "ZIP_CODE"),
            _text(addr, "COUNTRY"),
        )
        rec.add("address", text)
        rec.add("country", _text(addr, "COUNTRY"))
    list_type = _text(node, "UN_LIST_TYPE")
    rec.add("notes", _text(node, "COMMENTS1"))
    updated = _values(node, "LAST_DAY_UPDATED/VALUE")
    rec.designation = Designation(
        listed_on=_text(node, "LISTED_ON"),
        legal_basis=f"UN Security Council sanctions regime: {list_type}" if list_type else None,
        regime=list_type,
        reasons=_text(node, "COMMENTS1"),
        authority="United Nations Security Council",
        updated_on=max(updated) if updated else None,
    )
    return rec.build()


def _person_details(node: etree._Element, rec: RecordBuilder) -> None:
    gender = _text(node, "GENDER")
    if gender:
        rec.add("gender", gender.lower())
    for title in _values(node, "TITLE/VALUE"):
        rec.add("title", title)
    for position in _values(node, "DESIGNATION/VALUE"):
        rec.add("position", position)
    for nat in _values(node, "NATIONALITY/VALUE"):
        rec.add("nationality", nat)
    for dob in node.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        date = _text(dob, "DATE") or _text(dob, "YEAR")
        if date:
            rec.add("birthDate", date)
        low, high = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if (
            low
            and high
            and low.isdigit()
            and high.isdigit()
            and int(low) <= int(high) <= int(low) + 20
        ):
            for year in range(int(low), int(high) + 1):
                rec.add("birthDate", str(year))
    for pob in node.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        rec.add(
            "birthPlace",
            _join(_text(pob, "CITY"), _text(pob, "STATE_PROVINCE"), _text(pob, "COUNTRY")),
        )
        rec.add("birthCountry", _text(pob, "COUNTRY"))
    for doc in node.findall("INDIVIDUAL_DOCUMENT"):
        kind_text = " ".join((_text(doc, "TYPE_OF_DOCUMENT") or "").lower().split())
        kind = (
            "passport"
            if "pas" in kind_text
            else "national_id"
            if "national" in kind_text
            else "other"
        )
        rec.add_document(
            kind,
            _text(doc, "NUMBER"),
            _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE"),
            _join(_text(doc, "TYPE_OF_DOCUMENT2"), _text(doc, "DATE_OF_ISSUE"), _text(doc, "NOTE")),
        )


def detect(path: Path, head: bytes) -> bool:
    return b"<CONSOLIDATED_LIST" in head


FORMAT = SourceFormat(
    name="un-xml",
    title="UN Security Council Consolidated List (XML)",
    parse=parse,
    detect=detect,
)

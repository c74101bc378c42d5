"""UAE Local Terrorist List, individuals: the official spreadsheet layout saved as CSV.

Data quirks handled: UTF-8 with BOM; two title rows before the Arabic header row,
whose cells wrap across lines and carry stray blanks; ``-`` or an empty cell for
no value; one cell may hold several names joined by ``+``, ``أو`` ("or"), the
Arabic comma or (Latin) `` - ``, and stray brackets; dates are ``dd-mm-yyyy``,
``dd/mm/yyyy`` or a year; nationalities are Arabic country names or adjectives
(``إيراني``), sometimes two (``السعودية / الكويت``) or current and former
(``الحالية: … السابقة: …``); one document cell may list passports of two
countries (``تركي رقم: U24171753`` / ``إماراتي رقم: …``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from commonlist.exc import SourceFormatError
from commonlist.sources.common import csv_rows, read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import Designation, NameKind, ParsedRecord, RecordBuilder, clean_text

#: The columns: Arabic header as in the file → our field name (used in error messages).
COLUMNS: Mapping[str, str] = {
    "#": "number",
    "التصنيف": "classification",
    "الجنسية": "nationality",
    "اسم العائلة (بالحروف العربية)": "family_name_arabic",
    "اسم العائلة (بالحروف اللاتينية)": "family_name_latin",
    "الاسم الكامل (بالحروف العربية)": "full_name_arabic",
    "الاسم الكامل (بالحروف اللاتينية)": "full_name_latin",
    "تاريخ الميلاد": "birth_date",
    "مكان الميلاد": "birth_place",
    "الاسم": "aliases",
    "الشارع": "street",
    "المدينة": "city",
    "الدولة": "country",
    "النوع": "document_type",
    "رقم الوثيقة": "document_number",
    "جهة الإصدار": "document_issuer",
    "تاريخ الإصدار": "document_issued",
    "تاريخ الانتهاء": "document_expires",
    "معلومات أخرى": "other_information",
}

#: Arabic country names and nationality adjectives found in the list → ISO 3166 code.
#:
#: followthemoney's country cleaning knows some Arabic names but not others (``مصر``,
#: Egypt) and no adjectives (``إيراني``, Iranian); this table covers every value the
#: list uses, with the spelling variants it has (``الامارات``/``الإمارات``).
ARABIC_COUNTRIES: Mapping[str, str] = {
    "أفغانستان": "af",
    "الأردن": "jo",
    "الإمارات": "ae",
    "الامارات": "ae",
    "إماراتي": "ae",
    "البحرين": "bh",
    "العراق": "iq",
    "الكويت": "kw",
    "السعودية": "sa",
    "السعوديه": "sa",
    "سعودي": "sa",
    "المملكة العربية السعودية": "sa",
    "السويد": "se",
    "الصومال": "so",
    "اليمن": "ye",
    "يمني": "ye",
    "النمسا": "at",
    "أمريكا": "us",
    "إيران": "ir",
    "ايران": "ir",
    "إيراني": "ir",
    "باكستان": "pk",
    "بريطانيا": "gb",
    "بريطاني": "gb",
    "تركيا": "tr",
    "تركي": "tr",
    "روسيا": "ru",
    "سانت كيتس - نافيس": "kn",
    "سوريا": "sy",
    "سوري": "sy",
    "قطر": "qa",
    "لبنان": "lb",
    "ليبيا": "ly",
    "ليبيريا": "lr",
    "مصر": "eg",
    "نيجيريا": "ng",
    "نيجيري": "ng",
}

#: Separators between several names in one cell: ``+``, ``أو`` ("or"), Arabic comma.
ARABIC_NAME_SEPARATORS = re.compile(r"\s+\+\s+|\s+أو\s+|\s*،\s*")
LATIN_NAME_SEPARATORS = re.compile(r"\s+[+-]\s+")
#: ``تركي رقم: U24171753``: a number with its country, several in one cell.
COUNTRY_NUMBER = re.compile(r"(?P<country>[^\n:]+?)\s*رقم\s*:\s*(?P<number>\S+)")
RESOLUTION = re.compile(
    r"قرار مجلس الوزراء رقم\s*\(\s*(?P<number>\d+)\s*\)\s*لسنة\s*(?P<year>\d{4})"
)
DATE = re.compile(r"(?P<day>\d{1,2})[-/](?P<month>\d{1,2})[-/](?P<year>\d{4})|(?P<only_year>\d{4})")

AUTHORITY = "United Arab Emirates Cabinet"
REGIME = "UAE Local Terrorist List"


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one Person per numbered row after the Arabic header row."""
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    rows = csv_rows(text, file=path.name)
    names = _header(rows, path.name)
    for line, row in rows:
        if not any(clean_text(c) for c in row):
            continue
        if len(row) != len(names):
            raise SourceFormatError(
                f"expected {len(names)} columns, found {len(row)}",
                file=path.name,
                ref=f"line {line}",
            )
        cells = {name: clean_text(value) for name, value in zip(names, row, strict=True)}
        number = cells["number"] or ""
        ref = f"line {line} (# {number})"
        if not number.isdigit():
            raise SourceFormatError(
                f"row number {number!r} is not a number", file=path.name, ref=ref, field="number"
            )
        yield _record(number, cells, ",".join(row), path.name, ref)


def _header(rows: Iterator[tuple[int, list[str]]], file: str) -> list[str]:
    """Skip the title rows; our field names for the columns of the header row."""
    for line, row in rows:
        if not row or row[0].strip() != "#":
            if line > 10:
                break
            continue
        names = []
        for cell in row:
            header = " ".join(cell.split())
            if header not in COLUMNS:
                raise SourceFormatError(
                    f"unknown column {header!r}", file=file, ref=f"line {line}", field=header
                )
            names.append(COLUMNS[header])
        missing = [n for n in COLUMNS.values() if n not in names]
        if missing:
            raise SourceFormatError(
                f"missing columns: {', '.join(missing)}", file=file, ref=f"line {line}"
            )
        return names
    raise SourceFormatError("no header row starting with '#'", file=file)


def _record(
    number: str, cells: Mapping[str, str | None], raw: str, file: str, ref: str
) -> ParsedRecord:
    rec = RecordBuilder(native_id=number, schema="Person", ref=ref, file=file, raw=raw)
    latin = _names(cells["full_name_latin"], LATIN_NAME_SEPARATORS)
    arabic = _names(cells["full_name_arabic"], ARABIC_NAME_SEPARATORS)
    if not latin and not arabic:
        raise SourceFormatError("row has no name", file=file, ref=ref, field="full_name_latin")
    for index, name in enumerate(latin):
        last = cells["family_name_latin"] if index == 0 else None
        kind = NameKind.PRIMARY if index == 0 else NameKind.ALIAS
        rec.add_name(name, kind, parts=[("lastName", last)])
    for index, name in enumerate(arabic):
        last = cells["family_name_arabic"] if index == 0 else None
        rec.add_name(name, NameKind.ORIGINAL_SCRIPT, lang="ara", parts=[("lastName", last)])
    for alias in _names(cells["aliases"], ARABIC_NAME_SEPARATORS):
        base, _, nickname = alias.partition("(")
        rec.add_name(base, NameKind.ALIAS, lang="ara")
        rec.add_name(nickname.rstrip(")"), NameKind.ALIAS, lang="ara")
    rec.add("classification", cells["classification"])
    _nationality(rec, cells["nationality"])
    birth_date = cells["birth_date"]
    rec.add("birthDate", _iso_date(birth_date) or birth_date)
    place = cells["birth_place"]
    rec.add("birthPlace", place)
    rec.add("birthCountry", _find_country(place))
    address = [cells["street"], cells["city"], cells["country"]]
    rec.add("address", ", ".join(p for p in address if p) or None)
    country = cells["country"]
    rec.add("country", _find_country(country) or country)
    _documents(rec, cells)
    other = cells["other_information"]
    rec.add("notes", other)
    rec.designation = Designation(
        legal_basis=_legal_basis(other), regime=REGIME, authority=AUTHORITY
    )
    return rec.build()


def _names(cell: str | None, separators: re.Pattern[str]) -> list[str]:
    """The names of a cell, without the stray unbalanced brackets some carry."""
    names = []
    for part in separators.split(cell or ""):
        name = clean_text(part)
        if name and name.count("(") != name.count(")"):
            name = clean_text(name.strip("()"))
        if name:
            names.append(name)
    return names


def _country(text: str | None) -> str | None:
    """The ISO code of an Arabic country name or adjective in the table."""
    return ARABIC_COUNTRIES.get(" ".join(text.split())) if text else None


def _find_country(text: str | None) -> str | None:
    """The country a place names: the whole text, or one of its ``-``/``،``/blank parts."""
    if not text:
        return None
    candidates = [text, *re.split(r"[-،,()\s]+", text)]
    return next((code for code in map(_country, candidates) if code), None)


def _nationality(rec: RecordBuilder, cell: str | None) -> None:
    """Nationalities, one or several; a former one (``السابقة:``) goes to notes."""
    if not cell:
        return
    current, _, former = cell.partition("السابقة:")
    for part in re.split(r"/|\s+و\s+", current.replace("الحالية:", "")):
        text = clean_text(part)
        rec.add("nationality", _country(text) or text)
    if clean_text(former):
        code = _country(former)
        rec.add("notes", f"former nationality: {clean_text(former)}{f' ({code})' if code else ''}")


def _documents(rec: RecordBuilder, cells: Mapping[str, str | None]) -> None:
    kind_text = cells["document_type"]
    number = cells["document_number"]
    issuer = cells["document_issuer"]
    if not kind_text and not number:
        return
    kind = "passport" if kind_text and "جواز" in kind_text else "other"
    dates = [
        f"{label} {_iso_date(value) or value}"
        for label, value in (
            ("issued", cells["document_issued"]),
            ("expires", cells["document_expires"]),
        )
        if value
    ]
    note = "; ".join(p for p in (kind_text, *dates) if p)
    if number is None:
        rec.add("notes", f"document without number: {note}{f'; {issuer}' if issuer else ''}")
        return
    listed = list(COUNTRY_NUMBER.finditer(number))
    if listed:
        for match in listed:
            country = clean_text(match["country"])
            rec.add_document(kind, match["number"], _country(country) or country, note)
        return
    # "جواز سفر يمني" (Yemeni passport) names the country in the type
    adjective = kind_text.split()[-1] if kind_text else None
    country = _country(issuer) or issuer or _country(adjective)
    rec.add_document(kind, number, country, note)


def _iso_date(text: str | None) -> str | None:
    """``dd-mm-yyyy``, ``dd/mm/yyyy`` or ``yyyy`` as an ISO date, else ``None``."""
    match = DATE.fullmatch(text.strip()) if text else None
    if match is None:
        return None
    if match["only_year"]:
        return match["only_year"]
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def _legal_basis(text: str | None) -> str | None:
    """``مدرج بموجب قرار مجلس الوزراء رقم (18) لسنة 2017`` → Cabinet Resolution No. 18 of 2017."""
    match = RESOLUTION.search(text) if text else None
    if match is None:
        return text
    return f"UAE Cabinet Resolution No. {match['number']} of {match['year']}"


def detect(path: Path, head: bytes) -> bool:
    """The Arabic header row of the list: ``#,التصنيف,الجنسية,اسم العائلة …``."""
    return "#,التصنيف,الجنسية,اسم العائلة".encode() in head


FORMAT = SourceFormat(
    name="ae-ltl",
    title="UAE Local Terrorist List, individuals (CSV of the official spreadsheet)",
    parse=parse,
    detect=detect,
)

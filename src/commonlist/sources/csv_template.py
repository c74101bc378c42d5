"""commonlist's own CSV template, for members whose national list is a spreadsheet.

One row per designated person or organisation, a header row naming the columns
(any order, any subset that includes the required ones). Comma- or
semicolon-separated (taken from the header line); UTF-8 (with or without BOM),
UTF-16 with BOM, or cp1251, as ``decode`` reads them. Blank rows are skipped.

Columns (``*`` required; ``;`` separates several values in the multi-valued ones):

``id``\\*
    The member's own identifier of the entry; unique in the file.
``schema``
    ``Person`` (default when empty or absent) or ``Organization``.
``name``\\*
    Primary name, as the list writes it.
``name_script_original``
    The name in its original script (Cyrillic, Arabic…).
``aliases``, ``weak_aliases``
    Good-quality and low-quality a.k.a.s (multi-valued).
``first_name``, ``last_name``, ``patronymic``
    Parts of the primary name (Person).
``gender``
    ``male``/``female``/``other`` (``m``/``f`` accepted) (Person).
``birth_date``
    ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``dd.mm.yyyy`` (Person, multi-valued).
``birth_place``
    Place of birth as text (Person).
``nationality``
    ISO 3166 code or country name (Person, multi-valued).
``passport_number``, ``passport_country``
    A passport and its issuing country (Person).
``id_number``, ``id_country``
    A national identity or registration number and its issuing country.
``address``
    Address as one text (multi-valued).
``position``
    Position or title (Person, multi-valued).
``listed_on``
    Date of listing, same formats as ``birth_date``.
``legal_basis``, ``regime``, ``reasons``
    Under what act, in which programme, and the published statement of reasons.
``notes``
    Anything else.

A row with an invalid value (unknown schema, unreadable date or country) is refused
with its line and column rather than imported partly.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from followthemoney.types import registry

from commonlist.exc import SourceFormatError
from commonlist.sources.common import csv_rows, decode, read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import Designation, NameKind, ParsedRecord, RecordBuilder, clean_text

#: Every column of the template, in the order ``template_text`` writes them.
COLUMNS = (
    "id",
    "schema",
    "name",
    "name_script_original",
    "aliases",
    "weak_aliases",
    "first_name",
    "last_name",
    "patronymic",
    "gender",
    "birth_date",
    "birth_place",
    "nationality",
    "passport_number",
    "passport_country",
    "id_number",
    "id_country",
    "address",
    "position",
    "listed_on",
    "legal_basis",
    "regime",
    "reasons",
    "notes",
)
REQUIRED_COLUMNS = ("id", "name")
SCHEMAS = ("Person", "Organization")
#: Columns that only a Person may fill.
PERSON_COLUMNS = frozenset(
    {
        "first_name",
        "last_name",
        "patronymic",
        "gender",
        "birth_date",
        "birth_place",
        "nationality",
        "passport_number",
        "passport_country",
        "position",
    }
)
MULTI_VALUED = frozenset(
    {"aliases", "weak_aliases", "birth_date", "nationality", "address", "position"}
)

#: A realistic but fictitious entry, the example row of the template.
EXAMPLE = {
    "id": "NL-2024-017",
    "schema": "Person",
    "name": "Ivan Petrovich SIDORENKO",
    "name_script_original": "Иван Петрович СИДОРЕНКО",
    "aliases": "Ivan SYDORENKO; Ioann SIDORENKO",
    "weak_aliases": "Abu Ivan",
    "first_name": "Ivan",
    "last_name": "SIDORENKO",
    "patronymic": "Petrovich",
    "gender": "male",
    "birth_date": "1979-03-14",
    "birth_place": "Rostov-on-Don, Russian Federation",
    "nationality": "RU",
    "passport_number": "7512345678",
    "passport_country": "RU",
    "id_number": "",
    "id_country": "",
    "address": "Ulitsa Lenina 5, Rostov-on-Don, Russian Federation",
    "position": "Financier",
    "listed_on": "2024-05-02",
    "legal_basis": "Sanctieregeling terrorisme 2007-II, decision of 2 May 2024",
    "regime": "national terrorist list",
    "reasons": "Provides financial support to a listed terrorist organisation.",
    "notes": "",
}

DATE_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
DATE_DMY = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})")


def template_text() -> str:
    """The template: a header row and one example row, comma-separated."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE[c] for c in COLUMNS])
    return out.getvalue()


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one record per non-blank row of a file in the template's layout."""
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    delimiter = _delimiter(text.split("\n", 1)[0])
    rows = csv_rows(text, file=path.name, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise SourceFormatError("empty file", file=path.name)
    header = [h.strip().lower() for h in first[1]]
    _check_header(header, path.name)
    seen: dict[str, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        ref = f"line {line}"
        if len(row) != len(header):
            raise SourceFormatError(
                f"expected {len(header)} columns, found {len(row)}", file=path.name, ref=ref
            )
        cells = {c: v for c, v in zip(header, row, strict=True) if clean_text(v)}
        native_id = clean_text(cells.get("id")) or ""
        if not native_id:
            raise SourceFormatError("empty id", file=path.name, ref=ref, field="id")
        ref = f"line {line} (id {native_id})"
        if native_id in seen:
            raise SourceFormatError(
                f"duplicate id {native_id!r} (first on line {seen[native_id]})",
                file=path.name,
                ref=ref,
                field="id",
            )
        seen[native_id] = line
        raw = delimiter.join(row)
        yield _record(native_id, cells, raw, path.name, ref)


def _delimiter(header_line: str) -> str:
    """``;`` when the header line has more semicolons than commas, else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _check_header(header: Sequence[str], file: str) -> None:
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise SourceFormatError(
            f"unknown columns: {', '.join(repr(c) for c in unknown)}; "
            f"the template's columns are {', '.join(COLUMNS)}",
            file=file,
            ref="line 1",
            field=unknown[0],
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SourceFormatError(
            f"missing required columns: {', '.join(missing)}",
            file=file,
            ref="line 1",
            field=missing[0],
        )
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise SourceFormatError(
            f"repeated columns: {', '.join(repeated)}", file=file, ref="line 1", field=repeated[0]
        )


def _record(
    native_id: str, cells: Mapping[str, str], raw: str, file: str, ref: str
) -> ParsedRecord:
    def values(column: str) -> list[str]:
        text = cells.get(column)
        if text is None:
            return []
        parts = text.split(";") if column in MULTI_VALUED else [text]
        return [v for v in (clean_text(p) for p in parts) if v]

    def checked(column: str, check: Callable[[str], str | None], what: str) -> list[str]:
        out = []
        for value in values(column):
            cleaned = check(value)
            if cleaned is None:
                raise SourceFormatError(
                    f"{value!r} is not {what}", file=file, ref=ref, field=column
                )
            out.append(cleaned)
        return out

    schema = _schema(cells.get("schema"), file, ref)
    person_only = sorted(PERSON_COLUMNS & cells.keys()) if schema != "Person" else []
    if person_only:
        raise SourceFormatError(
            f"column {person_only[0]} applies to a Person, not to an {schema}",
            file=file,
            ref=ref,
            field=person_only[0],
        )
    rec = RecordBuilder(native_id=native_id, schema=schema, ref=ref, file=file, raw=raw)
    name = clean_text(cells.get("name"))
    if name is None:
        raise SourceFormatError("empty name", file=file, ref=ref, field="name")
    parts = [
        ("firstName", cells.get("first_name")),
        ("lastName", cells.get("last_name")),
        ("fatherName", cells.get("patronymic")),
    ]
    rec.add_name(name, NameKind.PRIMARY, parts=parts)
    rec.add_name(cells.get("name_script_original"), NameKind.ORIGINAL_SCRIPT)
    for alias in values("aliases"):
        rec.add_name(alias, NameKind.ALIAS)
    for alias in values("weak_aliases"):
        rec.add_name(alias, NameKind.WEAK_ALIAS)
    for gender in checked("gender", _gender, "a gender (male, female, other)"):
        rec.add("gender", gender)
    for date in checked("birth_date", _date, "a date (YYYY, YYYY-MM, YYYY-MM-DD, dd.mm.yyyy)"):
        rec.add("birthDate", date)
    rec.add("birthPlace", cells.get("birth_place"))
    for country in checked("nationality", _country, "a country"):
        rec.add("nationality", country)
    for column, prop in (("address", "address"), ("position", "position"), ("notes", "notes")):
        for value in values(column):
            rec.add(prop, value)
    for kind, number_column, country_column in (
        ("passport", "passport_number", "passport_country"),
        ("national_id" if schema == "Person" else "other", "id_number", "id_country"),
    ):
        countries = checked(country_column, _country, "a country")
        if countries and number_column not in cells:
            raise SourceFormatError(
                f"{country_column} without {number_column}",
                file=file,
                ref=ref,
                field=country_column,
            )
        rec.add_document(kind, cells.get(number_column), countries[0] if countries else None)
    listed = checked("listed_on", _date, "a date (YYYY, YYYY-MM, YYYY-MM-DD, dd.mm.yyyy)")
    rec.designation = Designation(
        listed_on=listed[0] if listed else None,
        legal_basis=clean_text(cells.get("legal_basis")),
        regime=clean_text(cells.get("regime")),
        reasons=clean_text(cells.get("reasons")),
    )
    return rec.build()


def _schema(value: str | None, file: str, ref: str) -> str:
    text = clean_text(value)
    if text is None:
        return "Person"
    for schema in SCHEMAS:
        if text.lower() == schema.lower():
            return schema
    raise SourceFormatError(
        f"unknown schema {text!r}; use {' or '.join(SCHEMAS)}", file=file, ref=ref, field="schema"
    )


def _gender(value: str) -> str | None:
    return registry.gender.clean(value)


def _country(value: str) -> str | None:
    return registry.country.clean(value)


def _date(value: str) -> str | None:
    """An ISO date (prefix) from ``YYYY[-MM[-DD]]`` or ``dd.mm.yyyy``; ``None`` if invalid."""
    dmy = DATE_DMY.fullmatch(value)
    if dmy is not None:
        value = f"{int(dmy['year']):04d}-{int(dmy['month']):02d}-{int(dmy['day']):02d}"
    if DATE_ISO.fullmatch(value) is None:
        return None
    padded = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    try:
        datetime.date.fromisoformat(padded)
    except ValueError:
        return None
    return value


def detect(path: Path, head: bytes) -> bool:
    """A header line made of template columns only, including the required ones."""
    first = head.split(b"\n", 1)[0]
    try:
        line = decode(first, file=path.name).strip()
    except SourceFormatError:
        return False
    columns = [c.strip().strip('"').lower() for c in line.split(_delimiter(line))]
    return set(REQUIRED_COLUMNS) <= set(columns) and all(c in COLUMNS for c in columns)


FORMAT = SourceFormat(
    name="csv",
    title="commonlist CSV template (one row per designated person or organisation)",
    parse=parse,
    detect=detect,
)

"""Rosfinmonitoring list of terrorists and extremists: Russian natural persons (scraped CSV).

Each row is one published entry, ``N. SURNAME GIVEN PATRONYMIC*, (ALIAS; ALIAS),
dd.mm.yyyy г.р. , PLACE OF BIRTH;``, which the scraper split on commas into the
columns ``number,name,birthday,city``. Rows with aliases therefore have the alias
group in ``birthday`` and the date of birth in ``city``; rather than special-casing
columns, the columns after ``number`` are joined back with ``,`` and the entry
text is read with one grammar. Other quirks: the list's ``*`` marker after the
name (kept as a note); doubled blanks inside names; Turkic patronymics in two
words (``РУСТАМ УГЛИ``, ``ИБАТ КЫЗЫ``); aliases in Latin script with ``O'G'LI``;
files re-saved as cp1251 or with a BOM.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

from commonlist.exc import SourceFormatError
from commonlist.sources.common import csv_rows, decode, read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import Designation, NameKind, ParsedRecord, RecordBuilder, clean_text

HEADER = ["number", "name", "birthday", "city"]

#: One entry of the list, as text with the number removed.
ENTRY = re.compile(
    r"""
    \s*(?P<name>[^,()]+)
    (?:,\s*\((?P<aliases>[^()]*)\))?
    (?:\s*,\s*(?P<dob>\d{1,2}\.\d{1,2}\.\d{4})\s*г\.\s*р\.)?
    (?:\s*[,;])*\s*
    (?P<place>.*?)
    [\s,;]*
    """,
    re.VERBOSE | re.DOTALL,
)

#: Second word of a Turkic patronymic ("son of", "daughter of"), Cyrillic and Latin.
PATRONYMIC_MARKERS = frozenset(
    {
        "УГЛИ",
        "УГЛЫ",
        "ОГЛЫ",
        "ОГЛИ",
        "УУЛУ",
        "УЛЫ",
        "КЫЗЫ",
        "КИЗИ",
        "КАЗЫ",
        "ГЫЗЫ",
        "O'G'LI",
        "O‘G‘LI",
        "OGLI",
        "UGLI",
        "OGLY",
        "QIZI",
        "KIZI",
        "KYZY",
        "UULU",
    }
)

AUTHORITY = "Росфинмониторинг (Federal Financial Monitoring Service of the Russian Federation)"
LEGAL_BASIS = "Federal Law No. 115-FZ, Article 6"
REGIME = "terrorists/extremists (national part)"


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one Person per row after the ``number,name,birthday,city`` header."""
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    rows = csv_rows(text, file=path.name)
    header = next(rows, None)
    if header is None or [c.strip().lower() for c in header[1]] != HEADER:
        raise SourceFormatError(
            f"expected the header {','.join(HEADER)}", file=path.name, ref="line 1"
        )
    seen: dict[str, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        number = row[0].strip()
        ref = f"line {line} (number {number})"
        if not number.isdigit():
            raise SourceFormatError(
                f"number {number!r} is not a number", file=path.name, ref=ref, field="number"
            )
        if number in seen:
            raise SourceFormatError(
                f"duplicate number {number} (first on line {seen[number]})",
                file=path.name,
                ref=ref,
                field="number",
            )
        seen[number] = line
        if len(row) < 2:
            raise SourceFormatError("row has no name", file=path.name, ref=ref, field="name")
        yield _record(number, ",".join(row[1:]), path.name, ref)


def _record(number: str, entry: str, file: str, ref: str) -> ParsedRecord:
    match = ENTRY.fullmatch(entry)
    place = match["place"] if match else ""
    if match is None or re.search(r"\d{1,2}\.\d{1,2}\.\d{4}", place):
        raise SourceFormatError(
            f"cannot read the entry {entry.strip()!r}", file=file, ref=ref, field="name"
        )
    rec = RecordBuilder(
        native_id=number, schema="Person", ref=ref, file=file, raw=f"{number},{entry}"
    )
    name = " ".join(match["name"].split())
    if name.endswith("*"):
        name = name.rstrip("*").strip()
        rec.add("notes", "marked * on the list")
    rec.add_name(name, NameKind.PRIMARY, parts=name_parts(name))
    for alias in (match["aliases"] or "").split(";"):
        alias = " ".join(alias.replace("*", "").split())
        if alias and alias != name:
            rec.add_name(alias, NameKind.ALIAS, parts=name_parts(alias))
    dob = match["dob"]
    if dob:
        rec.add("birthDate", _iso_date(dob) or dob)
    rec.add("birthPlace", clean_text(place))
    rec.designation = Designation(legal_basis=LEGAL_BASIS, regime=REGIME, authority=AUTHORITY)
    return rec.build()


def name_parts(name: str) -> tuple[tuple[str, str], ...]:
    """lastName/firstName/fatherName of ``SURNAME GIVEN PATRONYMIC``; none when unsure.

    A two-word Turkic patronymic (``РУСТАМ УГЛИ``) counts as one part; names of
    other shapes (``ДЕ ГАРМО АЛЛА АЛЕКСАНДРОВНА``) are not split.
    """
    words = re.sub(r"\s*-\s*", "-", name).split()
    father: list[str] = []
    if len(words) >= 3 and words[-1] in PATRONYMIC_MARKERS:
        father = words[-2:]
        words = words[:-2]
    if any(w in PATRONYMIC_MARKERS for w in words):
        return ()
    if len(words) == 3 and not father:
        father = words[2:]
        words = words[:2]
    if len(words) != 2:
        return ()
    parts = [("lastName", words[0]), ("firstName", words[1])]
    if father:
        parts.append(("fatherName", " ".join(father)))
    return tuple(parts)


def _iso_date(text: str) -> str | None:
    """``dd.mm.yyyy`` as an ISO date; ``00`` day or month lowers the precision."""
    day, month, year = (int(p) for p in text.split("."))
    if month == 0:
        return f"{year:04d}"
    if day == 0:
        return f"{year:04d}-{month:02d}" if month <= 12 else None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def detect(path: Path, head: bytes) -> bool:
    """The file starts with the scraper's header ``number,name,birthday,city``."""
    first = head.split(b"\n", 1)[0]
    try:
        text = decode(first, file=path.name)
    except SourceFormatError:
        return False
    return [c.strip().lower() for c in text.split(",")] == HEADER


FORMAT = SourceFormat(
    name="ru-rfm",
    title="Rosfinmonitoring list of terrorists and extremists, Russian natural persons (CSV)",
    parse=parse,
    detect=detect,
)

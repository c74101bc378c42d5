"""US OFAC Specially Designated Nationals list, legacy CSV set (sdn, add, alt, sdn_comments).

Data quirks handled: no header rows; ``-0-`` (often with a trailing blank) means
empty; files end with a DOS end-of-file byte (``\\x1a``); remarks too long for
their column continue in sdn_comments.csv, cut mid-word, so the two parts are
joined without a separator; individuals are named ``SURNAME, Given Names``; weak
aliases exist only in the remarks, as ``a.k.a. 'X'`` in single quotes; a record
under several programs has them bracket-joined (``SDGT] [IRGC``); dates of birth
are ``12 Jan 1970``, ``Jan 1970``, ``1970``, ``circa 1970`` or ranges
(``1981 to 1983``, ``circa 1979-1982``); document numbers carry the issuing
country in parentheses and sometimes ``issued``/``expires`` dates after it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import model
from followthemoney.types import registry

from commonlist.exc import SourceFormatError
from commonlist.sources.common import csv_rows, read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import Designation, NameKind, ParsedRecord, RecordBuilder, clean_text

SDN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
#: followthemoney properties of the vessel columns Call_Sign … Vess_flag.
VESSEL_PROPERTIES = ("callSign", "type", "tonnage", "grossRegisteredTonnage", "flag")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_zip", "country", "add_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_extended")

SCHEMA_BY_TYPE = {
    None: "Organization",  # SDN_Type ``-0-``: entities
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}

ALT_KINDS = {"aka": NameKind.ALIAS, "fka": NameKind.PREVIOUS, "nka": NameKind.ALIAS}

#: Name qualifiers used inside the remarks, with the single-quoted name after them.
REMARK_NAME_KINDS = {
    "a.k.a.": NameKind.WEAK_ALIAS,  # OFAC's "weak a.k.a.": only listed in remarks
    "f.k.a.": NameKind.PREVIOUS,
    "n.k.a.": NameKind.ALIAS,
}

#: Remark labels of identity documents → document kind.
DOCUMENT_LABELS = {
    "Passport": "passport",
    "Diplomatic Passport": "passport",
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "D.N.I.": "national_id",
    "Personal ID Card": "national_id",
    "C.U.R.P.": "national_id",
    "SSN": "national_id",
    "Identification Number": "other",
    "Driver's License No.": "other",
}

#: Remark labels copied into a followthemoney property (when the schema has it).
PROPERTY_LABELS = {
    "Tax ID No.": "taxNumber",
    "R.F.C.": "taxNumber",
    "RFC": "taxNumber",
    "NIT #": "taxNumber",
    "RUC #": "taxNumber",
    "V.A.T. Number": "vatCode",
    "Registration ID": "registrationNumber",
    "Registration Number": "registrationNumber",
    "SWIFT/BIC": "swiftBic",
    "Email Address": "email",
    "Website": "website",
    "Phone Number": "phone",
    "Telephone": "phone",
    "Vessel Registration Identification": "imoNumber",
    "MMSI": "mmsi",
    "Former Vessel Flag": "pastFlags",
    "Other Vessel Flag": "flag",
    "Aircraft Model": "model",
    "Aircraft Manufacturer's Serial Number (MSN)": "serialNumber",
    "Aircraft Manufacture Date": "buildDate",
    "Aircraft Tail Number": "registrationNumber",
}

#: All labels, longest first, so that no label shadows a longer one it begins.
LABELS = sorted([*DOCUMENT_LABELS, *PROPERTY_LABELS], key=len, reverse=True)

MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
DATE = re.compile(r"(?:(?:(?P<day>\d{1,2}) )?(?P<month>[A-Za-z]{3}) )?(?P<year>\d{4})")
DATE_RANGE = re.compile(r"(?P<low>.+?)(?: to |-(?=\d{4}$))(?P<high>.+)")
DOCUMENT = re.compile(
    r"(?:# )?(?P<number>.+?)(?: \((?P<country>[^()]+)\))?"
    r"(?P<extra>(?:,? (?:issued|expires|Issue Date|Expiration Date)\b.*)?)"
)
QUOTED_NAME = re.compile(r"(?P<qualifier>[afn]\.k\.a\.) '(?P<name>.+)'")
SDN_ROW = re.compile(rb'\d+,"[^"\r\n]*",(?:-0- ?|"(?:individual|vessel|aircraft)"),')

AUTHORITY = "U.S. Department of the Treasury, Office of Foreign Assets Control (OFAC)"


@dataclass(slots=True)
class _Entry:
    """One sdn.csv row with the rows of the other files that refer to it."""

    line: int
    row: list[str]
    remarks: str | None
    aliases: list[list[str]] = field(default_factory=list)
    addresses: list[list[str]] = field(default_factory=list)


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one record per sdn.csv row, with its aliases, addresses and full remarks.

    ``path`` is the folder of the set or its sdn.csv; add.csv, alt.csv and
    sdn_comments.csv next to it are used when present (names in any case).
    """
    sdn = _find(path, "sdn.csv") if path.is_dir() else path
    if sdn is None:
        raise SourceFormatError("no sdn.csv in the folder", file=path.name)
    folder = sdn.parent

    def rows(file: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
        text = read_text(file, max_bytes=max_bytes, encoding=encoding).rstrip("\x1a\n ")
        for line, row in csv_rows(text, file=file.name):
            if not row:
                continue
            if len(row) != len(columns):
                raise SourceFormatError(
                    f"expected {len(columns)} columns ({', '.join(columns)}), found {len(row)}",
                    file=file.name,
                    ref=f"line {line}",
                )
            yield line, row

    entries: dict[int, _Entry] = {}
    for line, row in rows(sdn, SDN_COLUMNS):
        ent_num = _ent_num(row[0], sdn.name, line)
        if ent_num in entries:
            raise SourceFormatError(
                f"duplicate ent_num {ent_num} (first on line {entries[ent_num].line})",
                file=sdn.name,
                ref=f"line {line}",
                field="ent_num",
            )
        entries[ent_num] = _Entry(line, row, row[11] if clean_text(row[11]) else None)

    def joined(name: str, columns: tuple[str, ...]) -> Iterator[tuple[str, int, list[str], _Entry]]:
        file = _find(folder, name)
        if file is None:
            return
        for line, row in rows(file, columns):
            ent_num = _ent_num(row[0], file.name, line)
            entry = entries.get(ent_num)
            if entry is None:
                raise SourceFormatError(
                    f"ent_num {ent_num} is not in {sdn.name}",
                    file=file.name,
                    ref=f"line {line}",
                    field="ent_num",
                )
            yield file.name, line, row, entry

    for _, _, row, entry in joined("sdn_comments.csv", COMMENT_COLUMNS):
        entry.remarks = (entry.remarks or "") + row[1]
    for name, line, row, entry in joined("alt.csv", ALT_COLUMNS):
        alt_type = (clean_text(row[2]) or "").lower()
        if alt_type not in ALT_KINDS:
            raise SourceFormatError(
                f"unknown alt_type {alt_type!r}", file=name, ref=f"line {line}", field="alt_type"
            )
        entry.aliases.append(row)
    for _, _, row, entry in joined("add.csv", ADD_COLUMNS):
        entry.addresses.append(row)

    for ent_num, entry in entries.items():
        yield _record(str(ent_num), entry, sdn.name)


def _find(folder: Path, name: str) -> Path | None:
    for child in sorted(folder.iterdir()):
        if child.name.lower() == name and child.is_file():
            return child
    return None


def _ent_num(value: str, file: str, line: int) -> int:
    text = value.strip()
    if not text.isdigit():
        raise SourceFormatError(
            f"ent_num {text!r} is not a number", file=file, ref=f"line {line}", field="ent_num"
        )
    return int(text)


def _record(native_id: str, entry: _Entry, file: str) -> ParsedRecord:
    row = entry.row
    ref = f"line {entry.line} (ent_num {native_id})"
    sdn_type = clean_text(row[2])
    schema = SCHEMA_BY_TYPE.get(sdn_type.lower() if sdn_type else None)
    if schema is None:
        raise SourceFormatError(
            f"unknown SDN_Type {sdn_type!r}", file=file, ref=ref, field="SDN_Type"
        )
    raw = ",".join(row)
    rec = RecordBuilder(native_id=native_id, schema=schema, ref=ref, file=file, raw=raw)
    _add_name(rec, clean_text(row[1]), NameKind.PRIMARY)
    for alt in entry.aliases:
        _add_name(rec, clean_text(alt[3]), ALT_KINDS[(clean_text(alt[2]) or "").lower()])
        rec.add("notes", clean_text(alt[4]))
    title = clean_text(row[4])
    if schema == "Person":
        rec.add("position", title)
    elif title:
        rec.add("notes", f"Title: {title}")
    if schema == "Vessel":
        for prop, value in zip(VESSEL_PROPERTIES, row[5:10], strict=True):
            rec.add(prop, clean_text(value))
    elif any(clean_text(v) for v in row[5:10]):
        rec.add(
            "notes",
            "; ".join(
                f"{c}: {v.strip()}" for c, v in zip(SDN_COLUMNS[5:10], row[5:10], strict=True)
            ),
        )
    owner = clean_text(row[10])
    rec.add("notes", f"Vess_owner: {owner}" if owner else None)
    for add in entry.addresses:
        country = clean_text(add[4])
        if country and country.lower() == "undetermined":
            country = None
        parts = [clean_text(add[2]), clean_text(add[3]), country]
        rec.add("address", ", ".join(p for p in parts if p) or None)
        rec.add("country", country)
        rec.add("notes", clean_text(add[5]))
    remarks = clean_text(entry.remarks)
    if remarks:
        _parse_remarks(rec, remarks)
        rec.add("notes", remarks)
    programs = [p for p in (clean_text(p) for p in (clean_text(row[3]) or "").split("] [")) if p]
    program_text = ", ".join(programs)
    rec.designation = Designation(
        legal_basis=(
            f"OFAC SDN program{'s' if len(programs) > 1 else ''} {program_text}"
            if programs
            else None
        ),
        regime=program_text or None,
        authority=AUTHORITY,
    )
    return rec.build()


def _add_name(rec: RecordBuilder, value: str | None, kind: NameKind) -> None:
    """Add a name; ``SURNAME, Given Names`` of a person becomes ``Given Names SURNAME``."""
    if value is None:
        return
    if rec.schema == "Person" and ", " in value:
        last, first = value.split(", ", 1)
        rec.add_name(f"{first} {last}", kind, parts=(("firstName", first), ("lastName", last)))
        return
    rec.add_name(value, kind)


def _add_if(rec: RecordBuilder, prop: str, value: str | None) -> bool:
    """Add ``prop`` if the record's schema has it and the value is valid; whether it was.

    Values read from the remarks that followthemoney rejects (a phone number without
    its ``+``) are left out: the remarks themselves are kept whole in ``notes``.
    """
    schema = model.get(rec.schema)
    prop_obj = schema.get(prop) if schema is not None else None
    if value is None or prop_obj is None or prop_obj.type.clean(value) is None:
        return False
    rec.add(prop, value)
    return True


def _parse_remarks(rec: RecordBuilder, remarks: str) -> None:
    """Read the structured ``; ``-separated statements of the remarks into the record."""
    for segment in re.split(r";\s+", remarks.removesuffix(".")):
        statement = re.sub(r"^[Aa]lt\.\s+", "", segment.strip())
        quoted = QUOTED_NAME.fullmatch(statement)
        if quoted:
            _add_name(rec, quoted["name"], REMARK_NAME_KINDS[quoted["qualifier"]])
            continue
        label, _, value = statement.partition(" ")
        handler = STATEMENTS.get(label)
        if handler is not None and value:
            handler(rec, value.strip())
            continue
        if statement.startswith("Linked To: "):
            rec.add("notes", statement)
            continue
        _labelled(rec, statement)


def _labelled(rec: RecordBuilder, statement: str) -> None:
    """Documents and identifiers: ``<label> <number> (<country>) [issued …]``."""
    label = next((x for x in LABELS if statement.startswith(x + " ")), None)
    match = DOCUMENT.fullmatch(statement[len(label) + 1 :].strip()) if label else None
    if label is None or match is None:
        return
    number, country = match["number"], match["country"]
    kind = DOCUMENT_LABELS.get(label)
    prop = PROPERTY_LABELS.get(label)
    if kind is not None:
        if rec.schema in ("Person", "Organization", "LegalEntity"):
            note = " ".join(p for p in (label, clean_text(match["extra"])) if p)
            rec.add_document(kind, number, country, note)
    elif prop == "imoNumber" or number.startswith("IMO "):
        _add_if(rec, "imoNumber", number.removeprefix("IMO "))
    elif prop == "buildDate":
        _add_if(rec, "buildDate", _date(number))
    elif prop is not None:
        _add_if(rec, prop, number)


def _dob(rec: RecordBuilder, value: str) -> None:
    dates = _dates(value)
    if not dates:
        rec.add("notes", f"DOB {value}")
    for date in dates:
        _add_if(rec, "birthDate", date)


def _pob(rec: RecordBuilder, value: str) -> None:
    if _add_if(rec, "birthPlace", value):
        country = registry.country.clean(value.rsplit(", ", 1)[-1])
        _add_if(rec, "birthCountry", country)


def _nationality(rec: RecordBuilder, value: str) -> None:
    _add_if(rec, "nationality", value)


def _citizenship(rec: RecordBuilder, value: str) -> None:
    _add_if(rec, "citizenship", value)


def _gender(rec: RecordBuilder, value: str) -> None:
    _add_if(rec, "gender", value.lower())


#: Statements of the remarks read by label: ``DOB 12 Jan 1970``, ``Gender Male``.
STATEMENTS: dict[str, Callable[[RecordBuilder, str], None]] = {
    "DOB": _dob,
    "POB": _pob,
    "nationality": _nationality,
    "citizen": _citizenship,
    "Gender": _gender,
}


def _dates(text: str) -> list[str]:
    """ISO dates for an OFAC date statement; a range gives each year (at most 20)."""
    text = text.removeprefix("circa ").strip()
    span = DATE_RANGE.fullmatch(text)
    if span is None:
        single = _date(text)
        return [single] if single else []
    low, high = _date(span["low"]), _date(span["high"])
    if low is None or high is None:
        return []
    first, last = int(low[:4]), int(high[:4])
    if not first <= last <= first + 20:
        return [low, high]
    return [str(year) for year in range(first, last + 1)]


def _date(text: str) -> str | None:
    match = DATE.fullmatch(text.strip())
    if match is None:
        return None
    year = int(match["year"])
    if match["month"] is None:
        return f"{year:04d}"
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    if match["day"] is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, int(match["day"])).isoformat()
    except ValueError:
        return None


def detect(path: Path, head: bytes) -> bool:
    """The set's folder, or a file whose first row looks like an sdn.csv row."""
    if path.is_dir():
        return _find(path, "sdn.csv") is not None
    return SDN_ROW.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


FORMAT = SourceFormat(
    name="ofac-csv",
    title="US OFAC SDN list, legacy CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv)",
    parse=parse,
    detect=detect,
)

"""commonlist's CSV template importer, and format detection over every bundled list file."""

from __future__ import annotations

import codecs
import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources.catalog import detect_format, formats
from commonlist.sources.csv_template import COLUMNS, parse, template_text
from commonlist.sources.model import IdentityDocument, NameKind

MAX = 1_000_000

HEADER = "id,name,schema,aliases,birth_date,nationality,passport_number,passport_country,listed_on"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", prefix: bytes = b"") -> Path:
    path = tmp_path / "member.csv"
    path.write_bytes(prefix + text.encode(encoding))
    return path


def test_template_parses_to_its_example(tmp_path: Path) -> None:
    text = template_text()
    header, example, end = text.split("\n")
    assert header.split(",") == list(COLUMNS)
    assert end == ""
    path = write(tmp_path, text)
    assert detect_format(path).name == "csv"
    (rec,) = parse(path, max_bytes=MAX)
    assert rec.native_id == "NL-2024-017"
    assert rec.schema == "Person"
    assert [(n.value, n.kind) for n in rec.names] == [
        ("Ivan Petrovich SIDORENKO", NameKind.PRIMARY),
        ("Иван Петрович СИДОРЕНКО", NameKind.ORIGINAL_SCRIPT),
        ("Ivan SYDORENKO", NameKind.ALIAS),
        ("Ioann SIDORENKO", NameKind.ALIAS),
        ("Abu Ivan", NameKind.WEAK_ALIAS),
    ]
    assert dict(rec.names[0].parts) == {
        "firstName": "Ivan",
        "lastName": "SIDORENKO",
        "fatherName": "Petrovich",
    }
    assert rec.properties["birthDate"] == ("1979-03-14",)
    assert rec.properties["nationality"] == ("ru",)
    assert rec.properties["gender"] == ("male",)
    assert rec.documents == (IdentityDocument("passport", "7512345678", "ru"),)
    assert rec.designation.listed_on == "2024-05-02"
    assert rec.designation.regime == "national terrorist list"


def test_subset_of_columns_semicolons_and_formats(tmp_path: Path) -> None:
    text = (
        "ID;Name;Schema;birth_date;nationality;aliases;id_number;id_country\n"
        "7;Petr IVANOV;;12.03.1970;Russian Federation;Piotr IVANOV;123;RU\n"
        "\n"
        "8;Green Crescent Trust;organization;;;GCT;HRB 77;Germany\n"
    )
    person, org = parse(write(tmp_path, text), max_bytes=MAX)
    assert person.schema == "Person"
    assert person.properties["birthDate"] == ("1970-03-12",)
    assert person.properties["nationality"] == ("ru",)
    assert person.documents == (IdentityDocument("national_id", "123", "ru"),)
    assert org.schema == "Organization"
    assert org.documents == (IdentityDocument("other", "HRB 77", "de"),)
    assert org.ref == "line 4 (id 8)"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("cp1251", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "id,name,birth_date\nRU-1,ИВАНОВ Иван Иванович,1980\nRU-2,ПЕТРОВ Пётр,1981-02\n"
    path = write(tmp_path, text, encoding, prefix)
    first, second = parse(path, max_bytes=MAX)
    assert first.primary_name() == "ИВАНОВ Иван Иванович"
    assert second.properties["birthDate"] == ("1981-02",)


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("1,Ship,Vessel,,,,,,", "schema", "unknown schema"),
        ("1,A B,Person,,1980-13-01,,,,", "birth_date", "not a date"),
        ("1,A B,Person,,31.02.1980,,,,", "birth_date", "not a date"),
        ("1,A B,,,,Atlantis,,,", "nationality", "not a country"),
        ("1,A B,Person,,,,,,last week", "listed_on", "not a date"),
        ("1,A B,Person,,,,,XX,", "passport_country", "not a country"),
        ("1,A B,Person,,,,,RU,", "passport_country", "without passport_number"),
        ("1,ACME,Organization,,1990,,,,", "birth_date", "applies to a Person"),
        (",A B,Person,,,,,,", "id", "empty id"),
        ("1,,Person,,,,,,", "name", "empty name"),
    ],
)
def test_bad_values_name_line_and_field(tmp_path: Path, row: str, field: str, message: str) -> None:
    path = write(tmp_path, f"{HEADER}\n0,Valid Name,Person,,,,,,\n{row}\n")
    with pytest.raises(SourceFormatError, match=message) as info:
        list(parse(path, max_bytes=MAX))
    assert info.value.file == "member.csv"
    assert info.value.ref is not None and info.value.ref.startswith("line 3")
    assert info.value.field == field


def test_duplicate_id_and_column_count(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name\n1,A\n1,B\n")
    with pytest.raises(SourceFormatError, match="duplicate id") as info:
        list(parse(path, max_bytes=MAX))
    assert info.value.ref == "line 3 (id 1)"
    path = write(tmp_path, "id,name\n1,A,extra\n")
    with pytest.raises(SourceFormatError, match="expected 2 columns") as info:
        list(parse(path, max_bytes=MAX))
    assert info.value.ref == "line 2"


@pytest.mark.parametrize(
    ("header", "field", "message"),
    [
        ("id,name,colour,dob", "colour", "unknown columns: 'colour', 'dob'"),
        ("id,schema,aliases", "name", "missing required columns: name"),
        ("id,name,name", "name", "repeated columns: name"),
    ],
)
def test_bad_header(tmp_path: Path, header: str, field: str, message: str) -> None:
    path = write(tmp_path, f"{header}\n")
    with pytest.raises(SourceFormatError, match=message) as info:
        list(parse(path, max_bytes=MAX))
    assert info.value.ref == "line 1"
    assert info.value.field == field


def test_oversize_file_refused(tmp_path: Path) -> None:
    with pytest.raises(FileTooLarge):
        list(parse(write(tmp_path, template_text()), max_bytes=100))


@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)).map(lambda d: d.isoformat()),
    st.sampled_from(["iso", "month", "year", "dmy"]),
)
def test_dates_in_any_accepted_form(
    tmp_path_factory: pytest.TempPathFactory, iso: str, form: str
) -> None:
    year, month, day = iso.split("-")
    text, expected = {
        "iso": (iso, iso),
        "month": (f"{year}-{month}", f"{year}-{month}"),
        "year": (year, year),
        "dmy": (f"{day}.{month}.{year}", iso),
    }[form]
    path = write(tmp_path_factory.mktemp("d"), f"id,name,birth_date\n1,A B,{text}\n")
    (rec,) = parse(path, max_bytes=MAX)
    assert rec.properties["birthDate"] == (expected,)


#: The main file of each bundled list and the format it must be detected as.
BUNDLED = {
    "un_sc_consolidated/consolidated.xml": "un-xml",
    "un_sc_consolidated_2024/consolidated.xml": "un-xml",
    "us_ofac_sdn": "ofac-csv",
    "us_ofac_sdn/sdn.csv": "ofac-csv",
    "ru_rosfinmonitoring_terrorists/terrorists.csv": "ru-rfm",
    "ae_local_terrorist_list/LS1309232025.csv": "ae-ltl",
    "eu_fsf/eu_fsf_entities.yaml.gz": "eu-fsf",
    "uk_sanctions_list/uk_sanctions_list.yaml.gz": "uk",
}


def test_detection_is_unambiguous_on_every_bundled_file(data_dir: Path) -> None:
    known = formats()
    for relative, name in BUNDLED.items():
        if name in known:
            assert detect_format(data_dir / relative).name == name, relative
    ours = {"ofac-csv", "ru-rfm", "ae-ltl", "csv", "ftm"}
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir).as_posix()
        try:
            fmt = detect_format(path)
        except SourceFormatError as exc:
            assert "cannot tell" in str(exc), relative
            continue
        if fmt.name in ours:
            assert BUNDLED.get(relative) == fmt.name, relative

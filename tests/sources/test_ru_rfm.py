"""Rosfinmonitoring national list importer, on the real scraped CSV (≤ 2023-04-11)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources.catalog import detect_format
from commonlist.sources.model import NameKind, ParsedRecord
from commonlist.sources.ru_rfm import name_parts, parse

MAX = 50_000_000


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "ru_rosfinmonitoring_terrorists" / "terrorists.csv"


@pytest.fixture(scope="module")
def records(path: Path) -> dict[str, ParsedRecord]:
    return {r.native_id: r for r in parse(path, max_bytes=MAX)}


def others(rec: ParsedRecord) -> list[str]:
    return [n.value for n in rec.names if n.kind is not NameKind.PRIMARY]


def test_counts(records: dict[str, ParsedRecord]) -> None:
    assert len(records) == 13040
    assert list(records)[:3] == ["1", "2", "3"]
    assert {r.schema for r in records.values()} == {"Person"}
    assert sum(1 for r in records.values() if "birthDate" in r.properties) == 13034
    marked = [
        r for r in records.values() if "marked * on the list" in r.properties.get("notes", ())
    ]
    assert len(marked) == 10845
    # 642 rows have an alias group; in 61 of them every alias repeats the name
    assert sum(1 for r in records.values() if others(r)) == 581
    assert not any("*" in n.value for r in records.values() for n in r.names)


def test_plain_row(records: dict[str, ParsedRecord]) -> None:
    rec = records["1"]
    assert rec.names[0].value == "АБАДИЕВ МАГОМЕД МИКАИЛОВИЧ"
    assert rec.names[0].kind is NameKind.PRIMARY
    assert rec.names[0].script == "Cyrillic"
    assert dict(rec.names[0].parts) == {
        "lastName": "АБАДИЕВ",
        "firstName": "МАГОМЕД",
        "fatherName": "МИКАИЛОВИЧ",
    }
    assert rec.properties["birthDate"] == ("1982-11-09",)
    assert rec.properties["birthPlace"] == ("Г. НАЗРАНЬ ЧИАССР",)
    assert rec.properties["notes"] == ("marked * on the list",)
    assert rec.designation.authority == (
        "Росфинмониторинг (Federal Financial Monitoring Service of the Russian Federation)"
    )
    assert rec.designation.legal_basis == "Federal Law No. 115-FZ, Article 6"
    assert rec.designation.regime == "terrorists/extremists (national part)"
    unmarked = records["64"]
    assert "notes" not in unmarked.properties


def test_alias_row_with_shifted_columns(records: dict[str, ParsedRecord]) -> None:
    rec = records["15"]
    assert rec.primary_name() == "АБАКАРОВ ЗАЛИМХАН ПАХРУДИНОВИЧ"
    assert others(rec) == ["АБАКАРОВ ЗЕЛИМХАН ПАХРУДИНОВИЧ"]
    # the model files non-Latin aliases as original script
    assert rec.names[1].kind in (NameKind.ALIAS, NameKind.ORIGINAL_SCRIPT)
    assert rec.properties["birthDate"] == ("1981-04-26",)
    assert "birthPlace" not in rec.properties


def test_latin_alias_and_turkic_patronymic(records: dict[str, ParsedRecord]) -> None:
    rec = records["66"]
    assert dict(rec.names[0].parts)["fatherName"] == "АБДУРАСУЛ УГЛИ"
    latin = rec.names[1]
    assert (latin.value, latin.kind, latin.script) == (
        "ABDUVOSIEV ABDURAUF ABDURASUL O'G'LI",
        NameKind.ALIAS,
        "Latin",
    )
    assert dict(latin.parts)["fatherName"] == "ABDURASUL O'G'LI"
    assert rec.properties["birthDate"] == ("1992-10-23",)


def test_odd_rows(records: dict[str, ParsedRecord]) -> None:
    no_dob = records["4755"]
    assert "birthDate" not in no_dob.properties
    assert no_dob.properties["birthPlace"] == (
        "С. КАРАМАХИ БУЙНАКСКОГО РАЙОНА РЕСПУБЛИКИ ДАГЕСТАН",
    )
    repeated = records["8460"]
    assert others(repeated) == []
    assert repeated.properties["birthDate"] == ("1973-12-19",)
    spaced = records["7645"]
    assert others(spaced) == ["МУХАММАДЕР МЕЛИБАЙ УГЛИ", "МУХАММАДИЕР МЕЛИБАЙ УГЛИ"]
    assert spaced.names[0].parts == ()
    newline = records["12246"]
    assert newline.properties["birthPlace"] == ("Г. АРГУН ЧЕЧЕНСКАЯ РЕСПУБЛИКА",)
    assert records["4018"].names[0].parts == ()


def test_detect(path: Path) -> None:
    assert detect_format(path).name == "ru-rfm"


def _slice(path: Path, lines: int) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return "".join(fh.readline() for _ in range(lines))


@pytest.mark.parametrize(
    ("encoding", "prefix", "given_encoding"),
    [
        ("cp1251", b"", None),
        ("cp1251", b"", "cp1251"),
        ("utf-8", codecs.BOM_UTF8, None),
        ("utf-16-le", codecs.BOM_UTF16_LE, None),
    ],
)
def test_reencoded_file_gives_same_records(
    tmp_path: Path,
    path: Path,
    records: dict[str, ParsedRecord],
    encoding: str,
    prefix: bytes,
    given_encoding: str | None,
) -> None:
    copy = tmp_path / "terrorists.csv"
    copy.write_bytes(prefix + _slice(path, 201).encode(encoding))
    parsed = list(parse(copy, encoding=given_encoding, max_bytes=MAX))
    assert len(parsed) == 200
    for rec in parsed:
        assert rec.content() == records[rec.native_id].content()
    if encoding != "utf-16-le":
        assert detect_format(copy).name == "ru-rfm"


@pytest.mark.parametrize(
    ("row", "line", "field"),
    [
        ("x1, ИВАНОВ ИВАН ИВАНОВИЧ, 01.01.1980 г.р. , Г. МОСКВА;\n", "line 3", "number"),
        ("1, ИВАНОВ ИВАН ИВАНОВИЧ, 01.01.1980 г.р. , Г. МОСКВА;\n", "line 3", "number"),
        ("2, , 01.01.1980 г.р. , Г. МОСКВА;\n", "line 3", "name"),
        ("2, ИВАНОВ ИВАН, 01.01.1980 г.р. , Г. МОСКВА, 02.02.1981 г.р.\n", "line 3", "name"),
        ("2\n", "line 3", "name"),
    ],
)
def test_malformed_rows_name_file_line_and_field(
    tmp_path: Path, row: str, line: str, field: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "number,name,birthday,city\n1, ПЕТРОВ ПЕТР ПЕТРОВИЧ*, 02.03.1990 г.р. , Г. ТВЕРЬ;\n" + row,
        encoding="utf-8",
    )
    with pytest.raises(SourceFormatError) as info:
        list(parse(bad, max_bytes=MAX))
    assert info.value.file == "bad.csv"
    assert info.value.ref is not None and info.value.ref.startswith(line)
    assert info.value.field == field


def test_header_required(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("1, ПЕТРОВ ПЕТР ПЕТРОВИЧ*, 02.03.1990 г.р. , Г. ТВЕРЬ;\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="header") as info:
        list(parse(bad, max_bytes=MAX))
    assert info.value.ref == "line 1"


def test_impossible_date_kept_in_notes(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "number,name,birthday,city\n1, ПЕТРОВ ПЕТР ПЕТРОВИЧ, 31.02.1990 г.р. , Г. ТВЕРЬ;\n"
        "2, ИВАНОВ ИВАН ИВАНОВИЧ, 00.00.1971 г.р. , Г. ТВЕРЬ;\n",
        encoding="utf-8",
    )
    first, second = parse(odd, max_bytes=MAX)
    assert "birthDate" not in first.properties
    assert "birthDate: 31.02.1990" in first.properties["notes"]
    assert second.properties["birthDate"] == ("1971",)


def test_oversize_file_refused(path: Path) -> None:
    with pytest.raises(FileTooLarge):
        list(parse(path, max_bytes=1_000_000))


@given(
    st.lists(st.sampled_from(["ИВАНОВ", "ИВАН", "ОГЛЫ", "УГЛИ", "O'G'LI", "АЛИ", "-"]), max_size=6)
)
def test_name_parts_only_regroup_the_words(words: list[str]) -> None:
    name = " ".join(words)
    parts = name_parts(name)
    if parts:
        assert " ".join(v for _, v in parts).split() == re.sub(r"\s*-\s*", "-", name).split()
    assert len({p for p, _ in parts}) == len(parts)

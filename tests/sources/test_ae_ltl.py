"""UAE Local Terrorist List importer, on the real individuals CSV (committed 2025-08-04)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources.ae_ltl import ARABIC_COUNTRIES, parse
from commonlist.sources.catalog import detect_format
from commonlist.sources.model import IdentityDocument, NameKind, ParsedRecord

MAX = 50_000_000


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "ae_local_terrorist_list" / "LS1309232025.csv"


@pytest.fixture(scope="module")
def records(path: Path) -> dict[str, ParsedRecord]:
    return {r.native_id: r for r in parse(path, max_bytes=MAX)}


def test_counts(records: dict[str, ParsedRecord]) -> None:
    assert len(records) == 155
    assert list(records) == [str(i) for i in range(1, 156)]
    assert {r.schema for r in records.values()} == {"Person"}
    for rec in records.values():
        assert rec.names[0].kind is NameKind.PRIMARY
        assert rec.names[0].script == "Latin"
        assert any(n.script == "Arabic" for n in rec.names)
        assert rec.designation.authority == "United Arab Emirates Cabinet"
        assert rec.designation.legal_basis is not None
        assert rec.designation.legal_basis.startswith("UAE Cabinet Resolution No. ")
        assert rec.designation.listed_on is None


def test_every_nationality_is_resolved(records: dict[str, ParsedRecord]) -> None:
    nationalities = Counter(n for r in records.values() for n in r.properties["nationality"])
    assert nationalities.most_common(4) == [("eg", 30), ("ye", 22), ("so", 16), ("ae", 12)]
    assert not any(
        n.startswith("nationality:") for r in records.values() for n in r.properties["notes"]
    )
    assert set(ARABIC_COUNTRIES.values()) >= set(nationalities)


def test_latin_and_arabic_names(records: dict[str, ParsedRecord]) -> None:
    rec = records["1"]
    latin, arabic = rec.names
    assert (latin.value, latin.kind) == ("KHALIFA MOHD T AL SUBAEY", NameKind.PRIMARY)
    assert latin.parts == (("lastName", "AL SUBAEY"),)
    assert (arabic.value, arabic.kind, arabic.script) == (
        "خليفة محمد تركي السبيعي",
        NameKind.ORIGINAL_SCRIPT,
        "Arabic",
    )
    assert arabic.parts == (("lastName", "السبيعي"),)
    assert rec.properties["nationality"] == ("qa",)
    assert rec.properties["birthDate"] == ("1965-01-01",)
    assert rec.properties["birthPlace"] == ("قطر",)
    assert rec.properties["birthCountry"] == ("qa",)
    assert rec.documents == (IdentityDocument("passport", "685868", "qa", "جواز سفر"),)
    assert rec.designation.legal_basis == "UAE Cabinet Resolution No. 18 of 2017"
    assert "مدرج بموجب قرار مجلس الوزراء رقم (18) لسنة 2017" in rec.properties["notes"]


def test_nickname_in_alias_column(records: dict[str, ParsedRecord]) -> None:
    values = [n.value for n in records["4"].names]
    assert "أبوخليل" in values
    assert values.count("إبراهيم عيسى الحجي محمد الباكر") == 1


def test_several_names_in_one_cell(records: dict[str, ParsedRecord]) -> None:
    rec = records["121"]
    latin = [n.value for n in rec.names if n.script == "Latin"]
    assert latin == ["Alaa khanfurah", "Alaa abdulrazzaq ali khanfurah", "Alaa Alkhanfurah"]
    assert len([n for n in rec.names if n.script == "Arabic"]) == 3
    assert records["112"].primary_name() == "MOHSEN HASSAN KARGARHODJAT ABADI"


def test_documents_dates_and_countries(records: dict[str, ParsedRecord]) -> None:
    rec = records["25"]
    assert rec.properties["nationality"] == ("sa", "kw")
    assert rec.properties["address"] == ("بشاك شهير, إسطنبول, تركيا",)
    assert rec.properties["country"] == ("tr",)
    assert rec.documents == (
        IdentityDocument(
            "passport", "3229745", "kw", "جواز السفر; issued 2011-05-16; expires 2021-05-15"
        ),
    )
    two_passports = records["131"]
    assert [(d.number, d.country) for d in two_passports.documents] == [
        ("U24171753", "tr"),
        ("NZ9Y56591", "ae"),
    ]
    yemeni = records["103"]
    assert yemeni.documents[0].country == "ye"
    assert records["127"].properties["birthDate"] == ("1967-02-17",)
    assert records["141"].properties["birthDate"] == ("1983",)
    assert records["122"].properties["birthCountry"] == ("sy",)


def test_current_and_former_nationality(records: dict[str, ParsedRecord]) -> None:
    rec = records["130"]
    assert rec.properties["nationality"] == ("se",)
    assert "former nationality: ليبيريا (lr)" in rec.properties["notes"]


def test_detect(path: Path) -> None:
    assert detect_format(path).name == "ae-ltl"


def _write(tmp_path: Path, path: Path, edit: str = "", replace: str = "") -> Path:
    text = path.read_text(encoding="utf-8-sig")
    if edit:
        assert edit in text
        text = text.replace(edit, replace, 1)
    out = tmp_path / "list.csv"
    out.write_text(text, encoding="utf-8-sig")
    return out


@pytest.mark.parametrize(
    ("edit", "replace", "line", "field"),
    [
        ("\n2,شخص إرهابي", "\nX2,شخص إرهابي", "line 6", "number"),
        ("ABDULMALIK MOHAMMAD YOUSEF ABDELSALAM,13-07-1989", "13-07-1989", "line 6", None),
        ("#,التصنيف", "#,الفئة", "line 3", "الفئة"),
    ],
)
def test_malformed_rows_name_file_line_and_field(
    tmp_path: Path, path: Path, edit: str, replace: str, line: str, field: str | None
) -> None:
    bad = _write(tmp_path, path, edit, replace)
    with pytest.raises(SourceFormatError) as info:
        list(parse(bad, max_bytes=MAX))
    assert info.value.file == "list.csv"
    assert info.value.ref is not None and info.value.ref.startswith(line)
    assert info.value.field == field


def test_rows_without_names_refused(tmp_path: Path, path: Path) -> None:
    bad = _write(
        tmp_path,
        path,
        "خليفة محمد تركي السبيعي ,KHALIFA MOHD T AL SUBAEY ,",
        "-,-,",
    )
    with pytest.raises(SourceFormatError, match="no name") as info:
        list(parse(bad, max_bytes=MAX))
    assert info.value.ref == "line 5 (# 1)"


def test_without_bom(tmp_path: Path, path: Path, records: dict[str, ParsedRecord]) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    again = list(parse(plain, max_bytes=MAX))
    assert [r.content() for r in again] == [r.content() for r in records.values()]


def test_oversize_file_refused(path: Path) -> None:
    with pytest.raises(FileTooLarge):
        list(parse(path, max_bytes=10_000))

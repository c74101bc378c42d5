"""Reading list files: encodings, size limits, CSV positions; properties of the cleaners."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources.common import csv_rows, decode, read_text
from commonlist.sources.model import clean_text, name_script, record_entity_id

RU_TEXT = "номер,имя\n1,АБАЕВ АСЛАНБЕК БАУДИНОВИЧ\n2,Рахмонов Эмомали\n"


@pytest.mark.parametrize(
    "data",
    [
        RU_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + RU_TEXT.encode("utf-8"),
        RU_TEXT.encode("utf-16"),
        RU_TEXT.encode("cp1251"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1251"],
)
def test_decode_detects(data: bytes) -> None:
    assert decode(data, file="list.csv") == RU_TEXT


def test_explicit_encoding() -> None:
    assert decode(RU_TEXT.encode("koi8-r"), file="x.csv", encoding="koi8-r") == RU_TEXT
    with pytest.raises(SourceFormatError, match="unknown encoding"):
        decode(b"x", file="x.csv", encoding="klingon")
    with pytest.raises(SourceFormatError, match=r"x\.csv: not valid utf-8 \(line 1, column 1"):
        decode(RU_TEXT.encode("cp1251"), file="x.csv", encoding="utf-8")


def test_undecodable_names_position() -> None:
    data = b"id,name\n1,ok\n2,\x81\x8d\x8f\x90\x98\n"
    with pytest.raises(SourceFormatError) as err:
        decode(data, file="bad.csv")
    assert "line 3, column 3" in err.value.detail
    assert "--encoding" in err.value.detail


def test_read_text_limits(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(RU_TEXT.encode("cp1251").replace(b"\n", b"\r\n"))
    assert read_text(path, max_bytes=10_000) == RU_TEXT
    with pytest.raises(FileTooLarge, match="a.csv"):
        read_text(path, max_bytes=10)


def test_csv_rows_line_numbers() -> None:
    text = 'a,b\n1,"multi\nline"\n2,x\n'
    assert [line for line, _ in csv_rows(text, file="f.csv")] == [1, 2, 4]
    with pytest.raises(SourceFormatError, match=r"f\.csv, line \d"):
        list(csv_rows('a,b\n1,"unterminated\n', file="f.csv"))


@given(st.text())
def test_clean_text_idempotent(value: str) -> None:
    once = clean_text(value)
    assert clean_text(once) == once
    if once is not None:
        assert once == once.strip() and "  " not in once


@given(st.text(min_size=1))
def test_entity_id_is_valid(native: str) -> None:
    eid = record_entity_id("UN", native)
    assert eid.startswith("un-")
    assert all(c.isalnum() or c in ".-" for c in eid)


def test_name_script() -> None:
    assert name_script("Рахмонов Эмомали") == "Cyrillic"
    assert name_script("امام علی رحمان") == "Arabic"
    assert name_script("Rahmon, Emomalii") == "Latin"
    assert name_script("ООО Ромашка LLC") == "Cyrillic"
    assert name_script("123") == "Unknown"

"""UN Security Council consolidated XML importer, on the real 2026-02-27 and 2024-09-26 files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from commonlist.exc import SourceFormatError
from commonlist.sources.catalog import detect_format
from commonlist.sources.model import NameKind, ParsedRecord
from commonlist.sources.un_xml import parse

DATA = Path(__file__).resolve().parents[2] / "data" / "lists"
UN_2026 = DATA / "un_sc_consolidated" / "consolidated.xml"
UN_2024 = DATA / "un_sc_consolidated_2024" / "consolidated.xml"


@pytest.fixture(scope="module")
def records() -> dict[str, ParsedRecord]:
    return {r.native_id: r for r in parse(UN_2026, max_bytes=50_000_000)}


def test_counts(records: dict[str, ParsedRecord]) -> None:
    assert len(records) == 1003
    assert Counter(r.schema for r in records.values()) == {"Person": 730, "Organization": 273}


def test_previous_snapshot_counts() -> None:
    old = list(parse(UN_2024, max_bytes=50_000_000))
    assert Counter(r.schema for r in old) == {"Person": 682, "Organization": 193}


def test_original_script_names_kept(records: dict[str, ParsedRecord]) -> None:
    original = [n for r in records.values() for n in r.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    scripts = Counter(n.script for n in original)
    assert scripts["Cyrillic"] == 11
    assert scripts["Arabic"] >= 366
    gaziev = records["QDi.366"]
    cyr = [n for n in gaziev.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert [(n.value, n.script) for n in cyr] == [("Тархан Исмаилович Газиев", "Cyrillic")]


def test_person_fields(records: dict[str, ParsedRecord]) -> None:
    rec = records["QDi.366"]
    assert rec.primary_name() == "TARKHAN ISMAILOVICH GAZIEV"
    assert rec.properties["birthDate"] == ("1965-11-11",)
    assert rec.properties["nationality"] == ("ru",)
    assert "Itum-Kale" in rec.properties["birthPlace"][0]
    kinds = {n.value: n.kind for n in rec.names}
    assert kinds["Ramzan Oduev"] is NameKind.ALIAS
    assert kinds["Abu Bilal"] is NameKind.WEAK_ALIAS
    d = rec.designation
    assert (d.listed_on, d.regime, d.authority) == (
        "2015-10-02",
        "Al-Qaida",
        "United Nations Security Council",
    )
    assert d.reasons and "Jamaat Tarkhan" in d.reasons
    assert "<REFERENCE_NUMBER>QDi.366</REFERENCE_NUMBER>" in rec.raw


def test_documents_with_issuing_country(records: dict[str, ParsedRecord]) -> None:
    passports = [
        d for r in records.values() for d in r.documents if d.kind == "passport" and d.country
    ]
    assert len(passports) > 100
    assert all(len(d.country or "") == 2 for d in passports)


def test_between_years_and_entities(records: dict[str, ParsedRecord]) -> None:
    ranged = [r for r in records.values() if len(r.properties.get("birthDate", ())) > 2]
    assert ranged, "BETWEEN FROM_YEAR/TO_YEAR dates expand to each year"
    org = records["TAe.010"]
    assert org.schema == "Organization"
    assert org.primary_name() == "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"
    assert any(n.script == "Arabic" for n in org.names)


def test_entity_conversion(records: dict[str, ParsedRecord]) -> None:
    entity = records["QDi.366"].to_entity("UN")
    assert entity.id == "un-QDi.366"
    assert entity.schema.name == "Person"
    assert "Тархан Исмаилович Газиев" in entity.get("alias")
    assert entity.get("programId") == ["QDi.366"]


def test_content_hash_ignores_position(records: dict[str, ParsedRecord]) -> None:
    rec = records["QDi.366"]
    again = ParsedRecord.from_content(rec.native_id, rec.content(), raw="")
    assert again.content_hash() == rec.content_hash()


def test_detected() -> None:
    assert detect_format(UN_2026).name == "un-xml"


def test_wrong_root(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?><sdnList/>")
    with pytest.raises(SourceFormatError, match="expected <CONSOLIDATED_LIST>"):
        list(parse(path, max_bytes=1000))

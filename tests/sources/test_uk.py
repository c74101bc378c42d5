"""UK Sanctions List importer, on the bundled 2026-08-22 YAML snapshot."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources import eu_fsf, uk
from commonlist.sources.catalog import detect_format
from commonlist.sources.model import NameKind, ParsedRecord
from commonlist.sources.uk import parse

DATA = Path(__file__).resolve().parents[2] / "data" / "lists"
UK = DATA / "uk_sanctions_list" / "uk_sanctions_list.yaml.gz"
EU = DATA / "eu_fsf" / "eu_fsf_entities.yaml.gz"
LIMIT = 50_000_000

DESIGNATION = """---
last_updated: '2024-01-02'
date_designated: '2023-01-02'
unique_id: CTI0001
individual_entity_ship: Individual
names:
  names:
  - name1: Jane
    name6: Doe
    name_type: Primary Name
regime_name: The Counter-Terrorism (Sanctions) (EU Exit) Regulations 2019
"""


@pytest.fixture(scope="module")
def records() -> dict[str, ParsedRecord]:
    return {r.native_id: r for r in parse(UK, max_bytes=LIMIT)}


def test_counts(records: dict[str, ParsedRecord]) -> None:
    assert len(records) == 6349
    assert Counter(r.schema for r in records.values()) == {
        "Person": 4036,
        "Organization": 1647,
        "Vessel": 666,
    }
    assert all(r.names[0].kind is NameKind.PRIMARY for r in records.values())


def test_person_with_arabic_name(records: dict[str, ParsedRecord]) -> None:
    rec = records["AFG0006"]
    assert rec.ref == "document 6 (line 493), AFG0006"
    assert rec.primary_name() == "MOHAMMAD HASSAN AKHUND"
    assert rec.names[0].parts == (
        ("firstName", "MOHAMMAD"),
        ("middleName", "HASSAN"),
        ("lastName", "AKHUND"),
    )
    original = [(n.value, n.kind, n.script) for n in rec.names[1:]]
    assert original == [("محمد حسن آخوند", NameKind.ORIGINAL_SCRIPT, "Arabic")]
    assert rec.properties["address"] == ("Kabul, Afghanistan",)
    assert rec.properties["country"] == ("af",)
    assert "UN reference: TAi.002" in rec.properties["notes"]
    assert "OFSI group ID: 7172" in rec.properties["notes"]
    d = rec.designation
    assert (d.listed_on, d.updated_on, d.authority) == (
        "2001-01-25",
        "2026-04-14",
        "United Kingdom (FCDO)",
    )
    assert d.regime == d.legal_basis == "The Afghanistan (Sanctions) (EU Exit) Regulations 2020"
    assert d.reasons is None  # the statement of reasons is a lone newline
    assert rec.raw.startswith("---\nlast_updated: '2026-04-14'\n")


def test_cyrillic_names_and_reasons(records: dict[str, ParsedRecord]) -> None:
    rec = records["BEL0142"]
    assert rec.primary_name() == "Sergei Aleksandrovich Epikhov"
    kinds = {n.value: (n.kind, n.script) for n in rec.names}
    assert kinds["Siarhei Yepikhau"] == (NameKind.ALIAS, "Latin")  # Primary Name Variation
    assert kinds["Сергей Александрович ЕПИХОВ"] == (NameKind.ORIGINAL_SCRIPT, "Cyrillic")
    assert kinds["Сяргей Аляксандравiч ЕПIХАЎ"] == (NameKind.ORIGINAL_SCRIPT, "Cyrillic")
    reasons = rec.designation.reasons or ""
    assert reasons.startswith("Sergei Aleksandrovich EPIKHOV is an involved person")


def test_name_quirks(records: dict[str, ParsedRecord]) -> None:
    weak = {n.value: n.kind for n in records["AFG0009"].names}
    assert weak["Mudir"] is NameKind.WEAK_ALIAS  # Low quality a.k.a
    assert records["BEL0174"].primary_name() == "Pavel Ivanovich KAZAKOV"  # empty primary skipped
    entity = records["BEL0122"]
    assert entity.schema == "Organization"
    assert entity.primary_name() == "Minotor-Service Enterprise"
    assert "Industrial-Commercial Private Unitary Enterprise Minotor-Service" in {
        n.value for n in entity.names
    }
    assert entity.names[0].parts == ()


def test_ship_imo_from_statement(records: dict[str, ParsedRecord]) -> None:
    rec = records["RUS2323"]
    assert rec.schema == "Vessel"
    assert rec.primary_name() == "PYTHON"
    assert rec.properties["imoNumber"] == ("IMO9250531",)
    vessels = [r for r in records.values() if r.schema == "Vessel"]
    assert sum("imoNumber" in r.properties for r in vessels) == 629


def test_countries_and_un_references(records: dict[str, ParsedRecord]) -> None:
    assert records["AQD0391"].properties["country"] == ("cd",)  # "Congo (Democratic Republic)"
    notes = [n for r in records.values() for n in r.properties.get("notes", ())]
    assert not [n for n in notes if n.startswith("country: ")]
    assert sum(n.startswith("UN reference: ") for n in notes) == 1004  # one is "N/A"


def test_detected() -> None:
    assert detect_format(UK).name == "uk"
    with gzip.open(UK, "rb") as fh:
        head = fh.read(65536)
    assert uk.detect(UK, head)
    assert not eu_fsf.detect(UK, head)
    assert not uk.detect(UK, (DATA / "uk_sanctions_list" / "_index.yaml").read_bytes())


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_malformed_document_named(tmp_path: Path, compress: bool) -> None:
    bad = DESIGNATION.replace("CTI0001", "CTI0002").replace("  - name1: Jane", "  - name1: 'Jane")
    data = (DESIGNATION + bad).encode()
    path = tmp_path / "uk.yaml.gz"
    path.write_bytes(gzip.compress(data) if compress else data)
    with pytest.raises(
        SourceFormatError,
        match=r"uk\.yaml\.gz, document 2 \(line 23\): .* quoted scalar \(line 19\)",
    ):
        list(parse(path, max_bytes=LIMIT))


def test_structural_errors(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(DESIGNATION.replace("Individual", "Aircraft"))
    with pytest.raises(SourceFormatError, match="CTI0001.*field 'individual_entity_ship'"):
        list(parse(path, max_bytes=LIMIT))
    path.write_text(DESIGNATION.replace("  names:\n", "  names: Jane Doe\n").split("  - ")[0])
    with pytest.raises(SourceFormatError, match="document 1 .*field 'names'"):
        list(parse(path, max_bytes=LIMIT))
    path.write_text(DESIGNATION + DESIGNATION)
    with pytest.raises(
        SourceFormatError, match=r"document 2 .*field 'unique_id': CTI0001 repeats document 1"
    ):
        list(parse(path, max_bytes=LIMIT))


def test_too_large() -> None:
    with pytest.raises(FileTooLarge):
        list(parse(UK, max_bytes=2_000_000))  # fits compressed, not uncompressed
    with pytest.raises(FileTooLarge):
        list(parse(UK, max_bytes=1000))

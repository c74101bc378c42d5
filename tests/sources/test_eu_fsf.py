"""EU Financial Sanctions Files importer, on the bundled mid-December 2025 YAML snapshot."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources import eu_fsf, uk
from commonlist.sources.catalog import detect_format
from commonlist.sources.eu_fsf import parse
from commonlist.sources.model import NameKind, ParsedRecord
from commonlist.sources.yamldoc import yaml_documents

DATA = Path(__file__).resolve().parents[2] / "data" / "lists"
EU = DATA / "eu_fsf" / "eu_fsf_entities.yaml.gz"
UK = DATA / "uk_sanctions_list" / "uk_sanctions_list.yaml.gz"
LIMIT = 50_000_000
TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])

ENTITY = """---
eu_reference_number: EU.1.1
logical_id: '1'
subject_type:
  classification_code: E
regulations:
- publication_date: '2020-01-02'
  entry_into_force_date: '2020-01-03'
  number_title: 2020/1 (OJ L1)
  programme: TERR
name_aliases:
- whole_name: Good Company
  strong: true
"""


@pytest.fixture(scope="module")
def records() -> dict[str, ParsedRecord]:
    return {r.native_id: r for r in parse(EU, max_bytes=LIMIT)}


def test_counts(records: dict[str, ParsedRecord]) -> None:
    assert len(records) == 5860
    assert Counter(r.schema for r in records.values()) == {"Person": 4341, "Organization": 1519}
    assert Counter(r.designation.regime for r in records.values())["TERR"] == 35


def test_every_record_starts_with_its_primary_name(records: dict[str, ParsedRecord]) -> None:
    assert all(r.names[0].kind is NameKind.PRIMARY for r in records.values())
    latin = Counter(r.names[0].script for r in records.values())
    assert latin["Latin"] == 5859  # one entry has only Cyrillic names


def test_person_fields(records: dict[str, ParsedRecord]) -> None:
    rec = records["EU.11.43"]
    assert rec.primary_name() == "Abdel Hamid Mahmoud"
    assert rec.ref == "document 1 (line 1), EU.11.43"
    props = rec.properties
    assert props["birthDate"] == ("1957",)
    assert props["birthPlace"] == ("al-Awja, near Tikrit",)  # country 00 is UNKNOWN
    assert "birthCountry" not in props
    assert props["nationality"] == ("iq",)
    assert props["gender"] == ("male",)
    assert props["title"] == ("Col",)
    assert props["position"] == ("Saddam's Presidential Secretary and Key Advisor",)
    assert props["notes"] == ("birth date 1957 is approximate (circa)",)
    french = [n for n in rec.names if n.lang == "fr"]
    assert [n.value for n in french][0] == "Abid Hamid Bid Hamid Mahmoud"
    d = rec.designation
    assert (d.listed_on, d.updated_on, d.legal_basis, d.regime, d.authority) == (
        "2003-07-07",  # entry into force, a day before publication
        "2003-07-08",
        "1210/2003 (OJ L169)",
        "IRQ",
        "European Union",
    )
    assert rec.raw.startswith("---\neu_reference_number: EU.11.43\n")


def test_cyrillic_original_script_and_passport(records: dict[str, ParsedRecord]) -> None:
    rec = records["EU.6405.45"]
    assert rec.primary_name() == "Andrei Nikolaevich DAILIDA"  # listed after the Cyrillic
    original = {
        (n.value, n.script, n.lang) for n in rec.names if n.kind is NameKind.ORIGINAL_SCRIPT
    }
    assert original == {
        ("Андрей Николаевич ДАЙЛИДА", "Cyrillic", "ru"),
        ("Андрэй Мікалаевіч ДАЙЛІДА", "Cyrillic", "be"),
    }
    assert rec.properties["birthDate"] == ("1974-07-01",)
    assert rec.properties["nationality"] == ("by",)
    assert [(d.kind, d.number, d.country) for d in rec.documents] == [
        ("passport", "KH2133825", "by")
    ]
    assert (rec.designation.listed_on, rec.designation.regime) == ("2021-06-21", "BLR")


def test_arabic_name_un_reference_and_documents(records: dict[str, ParsedRecord]) -> None:
    rec = records["EU.5878.67"]
    assert rec.primary_name() == "Abu-Malik al-Talli"
    arabic = [n for n in rec.names if n.script == "Arabic"]
    assert [(n.value, n.kind) for n in arabic] == [
        ("زینیھ حسن حسین جمال", NameKind.ORIGINAL_SCRIPT)
    ]
    assert "UN reference: QDi.428" in rec.properties["notes"]
    assert set(rec.properties["birthDate"]) == {"1972-01-01", "1972-08-17"}
    assert set(rec.properties["birthCountry"]) == {"ly", "sy"}
    docs = {(d.kind, d.number, d.country) for d in rec.documents}
    assert ("passport", "3987189", "sy") in docs
    assert ("national_id", "5877002", "sy") in docs
    assert rec.designation.regime == "TAQA"
    assert rec.designation.reasons == "Mother’s name is Amina Tohmeh. UNLI - 9.10.2020"


def test_name_parts_and_listing_date_from_sub_elements(records: dict[str, ParsedRecord]) -> None:
    rec = records["EU.2557.69"]
    assert rec.names[0].parts == (
        ("firstName", "Doku"),
        ("middleName", "Khamatovich"),
        ("lastName", "Umarov"),
    )
    assert rec.designation.legal_basis == "2015/64 (OJ L11)"
    assert rec.designation.listed_on == "2011-03-17"  # earlier than the entity's regulation


def test_islamic_birth_year(records: dict[str, ParsedRecord]) -> None:
    assert {"1924", "1925"} <= set(records["EU.6131.26"].properties["birthDate"])  # 1343 AH


def test_organisation_fields(records: dict[str, ParsedRecord]) -> None:
    rec = records["EU.4198.83"]
    assert rec.schema == "Organization"
    assert rec.properties["imoNumber"] == ("IMO5342883",)
    assert rec.properties["country"] == ("kp",)
    assert [(d.kind, d.number, d.note) for d in rec.documents] == [("other", "5342883", "imo")]
    hizbollah = records["EU.3071.69"]
    assert hizbollah.primary_name() == "Hizballah Military Wing"  # not the Irish translation
    assert hizbollah.designation.regime == "TERR"
    assert any(n.lang == "ga" for n in hizbollah.names)


def test_notes_and_identifiers(records: dict[str, ParsedRecord]) -> None:
    notes = [n for r in records.values() for n in r.properties.get("notes", ())]
    assert sum(n.startswith("UN reference: ") for n in notes) == 88
    assert "none" not in notes
    assert sum("registrationNumber" in r.properties for r in records.values()) > 400
    passports = [d for r in records.values() for d in r.documents if d.kind == "passport"]
    assert len(passports) > 500
    assert all(d.country is None or len(d.country) == 2 for d in passports)


def head(path: Path) -> bytes:
    with gzip.open(path, "rb") as fh:
        return fh.read(65536)


def test_detected() -> None:
    assert detect_format(EU).name == "eu-fsf"
    assert eu_fsf.detect(EU, head(EU))
    assert not eu_fsf.detect(UK, head(UK))
    assert not uk.detect(EU, head(EU))


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_malformed_document_named(tmp_path: Path, compress: bool) -> None:
    bad = "---\neu_reference_number: EU.1.3\n  logical_id: '3'\n"  # line 29 is indented
    text = ENTITY + ENTITY.replace("EU.1.1", "EU.1.2") + bad
    path = tmp_path / "broken.yaml"
    data = text.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    with pytest.raises(
        SourceFormatError, match=r"broken\.yaml, document 3 \(line 29\): malformed YAML"
    ):
        list(parse(path, max_bytes=LIMIT))


def test_structural_errors(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(ENTITY + "---\n- a list\n")
    with pytest.raises(SourceFormatError, match="document 2 .*expected a mapping"):
        list(parse(path, max_bytes=LIMIT))
    path.write_text(ENTITY.replace("classification_code: E", "classification_code: V"))
    with pytest.raises(SourceFormatError, match="EU.1.1.*field 'subject_type'"):
        list(parse(path, max_bytes=LIMIT))
    path.write_text(ENTITY + ENTITY)
    with pytest.raises(
        SourceFormatError,
        match=r"document 2 .*field 'eu_reference_number': EU.1.1 repeats document 1",
    ):
        list(parse(path, max_bytes=LIMIT))


def test_too_large(tmp_path: Path) -> None:
    with pytest.raises(FileTooLarge):
        list(parse(EU, max_bytes=1_000_000))  # fits compressed, not uncompressed
    with pytest.raises(FileTooLarge):
        list(parse(EU, max_bytes=1000))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["a", "b", "eu_reference_number"]),
            st.text(st.sampled_from("-\n #:'\"aé")) | st.text(TEXT_CHARS, max_size=20),
            min_size=1,
        ),
        max_size=5,
    )
)
def test_yaml_documents_round_trip(docs: list[dict[str, str]]) -> None:
    text = yaml.safe_dump_all(docs, explicit_start=True, allow_unicode=True)
    found = list(yaml_documents(text, file="x.yaml"))
    assert [d.fields.data for d in found] == docs
    assert "".join(d.raw for d in found) == text

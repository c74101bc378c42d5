"""OFAC SDN legacy CSV importer, on the real sdn/add/alt/sdn_comments set (≤ 2021-07-07)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources.catalog import detect_format
from commonlist.sources.model import IdentityDocument, NameKind, ParsedRecord
from commonlist.sources.ofac_csv import parse

MAX = 50_000_000


@pytest.fixture(scope="module")
def folder(data_dir: Path) -> Path:
    return data_dir / "us_ofac_sdn"


@pytest.fixture(scope="module")
def records(folder: Path) -> dict[str, ParsedRecord]:
    return {r.native_id: r for r in parse(folder, max_bytes=MAX)}


def names(rec: ParsedRecord, kind: NameKind) -> list[str]:
    return [n.value for n in rec.names if n.kind is kind]


def test_counts(records: dict[str, ParsedRecord]) -> None:
    assert len(records) == 8976
    assert Counter(r.schema for r in records.values()) == {
        "Person": 4620,
        "Organization": 3673,
        "Vessel": 406,
        "Airplane": 277,
    }


def test_all_alt_names_and_addresses_attached(records: dict[str, ParsedRecord]) -> None:
    weak = sum(len(names(r, NameKind.WEAK_ALIAS)) for r in records.values())
    previous = sum(len(names(r, NameKind.PREVIOUS)) for r in records.values())
    assert weak > 2000  # a.k.a.s quoted in the remarks
    assert previous >= 369  # alt.csv fka (and a few f.k.a. in remarks)
    assert sum(1 for r in records.values() if "address" in r.properties) > 5000


def test_individual_from_remarks(records: dict[str, ParsedRecord]) -> None:
    rec = records["9344"]
    assert rec.schema == "Person"
    primary = rec.names[0]
    assert primary.kind is NameKind.PRIMARY
    assert primary.value == "Marco Marino DIODATO DEL GALLO"
    assert dict(primary.parts) == {"firstName": "Marco Marino", "lastName": "DIODATO DEL GALLO"}
    assert names(rec, NameKind.WEAK_ALIAS) == ["RENATO"]
    assert rec.properties["birthDate"] == ("1957-01-28",)
    assert rec.properties["birthPlace"] == ("Italy",)
    assert rec.properties["nationality"] == ("it",)
    assert rec.properties["citizenship"] == ("it", "bo")
    assert rec.documents == (IdentityDocument("passport", "072130-A", "it", "Passport"),)
    assert rec.designation.regime == "SDNTK"
    assert rec.designation.legal_basis == "OFAC SDN program SDNTK"
    assert any(n.startswith("DOB 28 Jan 1957; POB Italy") for n in rec.properties["notes"])


def test_documents_with_country_and_dates(records: dict[str, ParsedRecord]) -> None:
    rec = records["11786"]
    assert IdentityDocument("passport", "A2463775", "ir", "Passport") in rec.documents
    assert IdentityDocument("national_id", "6579726970", "ir", "National ID No.") in rec.documents
    assert rec.properties["gender"] == ("male",)
    assert rec.designation.regime == "SDGT, NPWMD, IRGC, IFSR"
    assert rec.designation.legal_basis == "OFAC SDN programs SDGT, NPWMD, IRGC, IFSR"
    assert "Linked To: SOLEIMANI, Qasem" in rec.properties["notes"]
    circa = records["11355"]
    assert circa.properties["birthDate"] == ("1961-01-01",)
    assert (
        IdentityDocument("passport", "FU0152122", "pk", "Passport expires 24 Apr 2017")
        in circa.documents
    )


def test_dob_range_gives_each_year(records: dict[str, ParsedRecord]) -> None:
    rec = records["31373"]
    assert rec.properties["birthDate"] == ("1981", "1982", "1983")
    assert rec.properties["birthCountry"] == ("tz",)
    assert names(rec, NameKind.WEAK_ALIAS) == ["Yaseer HASSAN", "Abu QASIM"]


def test_aliases_addresses_and_weak_alias(records: dict[str, ParsedRecord]) -> None:
    rec = records["306"]
    assert rec.schema == "Organization"
    assert rec.primary_name() == "BANCO NACIONAL DE CUBA"
    assert names(rec, NameKind.ALIAS) == ["NATIONAL BANK OF CUBA"]
    assert names(rec, NameKind.WEAK_ALIAS) == ["BNC"]
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in rec.properties["address"]
    assert {"ch", "es", "jp", "pa"} <= set(rec.properties["country"])
    fka = records["4307"]
    assert "Oliverio Abril CORTEZ" in names(fka, NameKind.PREVIOUS)


def test_remarks_continued_in_comments(records: dict[str, ParsedRecord]) -> None:
    tian = records["28263"]
    assert "snowsjohn" in names(tian, NameKind.WEAK_ALIAS)
    assert "Linked To: LAZARUS GROUP" in tian.properties["notes"]
    li = records["28264"]
    assert names(li, NameKind.WEAK_ALIAS) == ["blackjack1987", "khaleesi"]
    assert (
        IdentityDocument("other", "210302198701102136", "cn", "Identification Number")
        in li.documents
    )
    cifuentes = records["12300"]
    assert "Linked To: PROMO RAIZ S.A.S." in cifuentes.properties["notes"]


def test_vessel_and_aircraft(records: dict[str, ParsedRecord]) -> None:
    vessel = records["4234"]
    assert vessel.schema == "Vessel"
    assert vessel.properties["callSign"] == ("CL2685",)
    assert vessel.properties["flag"] == ("cu",)
    assert vessel.properties["tonnage"] == ("2597",)
    assert "Vess_owner: Compania Navegacion Golfo S.A." in vessel.properties["notes"]
    plane = records["15431"]
    assert plane.schema == "Airplane"
    assert plane.primary_name() == "EP-GOM"
    assert plane.properties["model"] == ("IL76-TD",)
    assert plane.properties["serialNumber"] == ("1023409321",)
    assert plane.properties["buildDate"] == ("1992",)


def test_records_become_entities(records: dict[str, ParsedRecord]) -> None:
    for rec in records.values():
        entity = rec.to_entity("US")
        assert entity.get("name")


def test_detect(folder: Path) -> None:
    assert detect_format(folder).name == "ofac-csv"
    assert detect_format(folder / "sdn.csv").name == "ofac-csv"
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        with pytest.raises(SourceFormatError, match="cannot tell"):
            detect_format(folder / name)


SDN = (
    '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    '2674,"ABU NIDAL","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    "\"DOB 1937; POB Jaffa; a.k.a. 'AL-BANNA, Sabri'; National ID No. 123 (Iraq); alt. POB"
    '"\r\n\x1a'
)


def write_set(folder: Path, sdn: str = SDN, alt: str = "", add: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "SDN.CSV").write_text(sdn, encoding="ascii", newline="")
    (folder / "Alt.csv").write_text(alt or '2674,1,"aka","SOME NAME",-0- \r\n', newline="")
    (folder / "add.csv").write_text(add or '36,25,-0- ,"Havana","Cuba",-0- \r\n', newline="")
    (folder / "sdn_comments.csv").write_text('2674," Baghdad, Iraq."\r\n', newline="")
    return folder


def test_file_path_picks_up_siblings_in_any_case(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "set")
    by_id = {r.native_id: r for r in parse(folder / "SDN.CSV", max_bytes=MAX)}
    assert list(by_id) == ["36", "2674"]
    abu = by_id["2674"]
    assert names(abu, NameKind.ALIAS) == ["SOME NAME"]
    assert names(abu, NameKind.WEAK_ALIAS) == ["Sabri AL-BANNA"]
    assert abu.properties["birthPlace"] == ("Jaffa", "Baghdad, Iraq")
    assert abu.properties["birthCountry"] == ("iq",)
    assert by_id["36"].properties["address"] == ("Havana, Cuba",)
    assert detect_format(folder).name == "ofac-csv"


def test_optional_files(tmp_path: Path) -> None:
    folder = tmp_path / "only"
    folder.mkdir()
    (folder / "sdn.csv").write_text(SDN, newline="")
    assert len(list(parse(folder, max_bytes=MAX))) == 2


@pytest.mark.parametrize(
    ("files", "file", "line", "field"),
    [
        ({"sdn": SDN.replace('"CUBA",', "")}, "SDN.CSV", "line 1", None),
        ({"sdn": SDN.replace("36,", "3x6,", 1)}, "SDN.CSV", "line 1", "ent_num"),
        ({"sdn": SDN.replace("2674,", "36,", 1)}, "SDN.CSV", "line 2", "ent_num"),
        ({"sdn": SDN.replace("-0- ,", '"ship",', 1)}, "SDN.CSV", "line 1", "SDN_Type"),
        (
            {"alt": '2674,1,"aka","X",-0- \r\n999,2,"aka","Y",-0- \r\n'},
            "Alt.csv",
            "line 2",
            "ent_num",
        ),
        ({"alt": '2674,1,"xyz","X",-0- \r\n'}, "Alt.csv", "line 1", "alt_type"),
        ({"add": '36,25,"Havana","Cuba",-0- \r\n'}, "add.csv", "line 1", None),
    ],
)
def test_malformed_rows_name_file_line_and_field(
    tmp_path: Path, files: dict[str, str], file: str, line: str, field: str | None
) -> None:
    folder = write_set(tmp_path / "bad", **files)
    with pytest.raises(SourceFormatError) as info:
        list(parse(folder, max_bytes=MAX))
    assert info.value.file == file
    assert info.value.ref is not None and info.value.ref.startswith(line)
    assert info.value.field == field
    assert file in str(info.value)


def test_folder_without_sdn(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="no sdn.csv"):
        list(parse(tmp_path, max_bytes=MAX))


def test_oversize_file_refused(folder: Path) -> None:
    with pytest.raises(FileTooLarge):
        list(parse(folder, max_bytes=100_000))

"""followthemoney JSON-lines importer and exporter: round trip of the real UN list."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
import pytest

from commonlist.exc import FileTooLarge, SourceFormatError
from commonlist.sources.catalog import detect_format
from commonlist.sources.ftm import parse, write_entities
from commonlist.sources.model import Designation, Name, NameKind, ParsedRecord, record_entity_id
from commonlist.sources.un_xml import parse as parse_un

MAX = 50_000_000


@pytest.fixture(scope="module")
def un_records(data_dir: Path) -> list[ParsedRecord]:
    return list(parse_un(data_dir / "un_sc_consolidated" / "consolidated.xml", max_bytes=MAX))


@pytest.fixture(scope="module")
def exported(un_records: list[ParsedRecord], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ftm") / "un.ftm.json"
    with path.open("w", encoding="utf-8") as fh:
        assert write_entities(un_records, "UN", fh) == len(un_records)
    return path


def representable(name: Name) -> tuple[str, NameKind, tuple[tuple[str, str], ...]]:
    """What an entity can carry of a name: an original-script name in Latin is an alias."""
    kind = name.kind
    if kind is NameKind.ORIGINAL_SCRIPT and name.script in ("Latin", "Unknown", "Mixed"):
        kind = NameKind.ALIAS
    return name.value, kind, tuple(sorted(name.parts))


def passports(rec: ParsedRecord) -> set[str]:
    return {d.number for d in rec.documents if d.kind == "passport"}


def test_ftm_roundtrip(un_records: list[ParsedRecord], exported: Path) -> None:
    back = list(parse(exported, max_bytes=MAX))
    assert len(un_records) == len(back) == 1003
    for before, after in zip(un_records, back, strict=True):
        assert after.native_id == before.native_id
        assert after.schema == before.schema
        assert sorted(map(representable, after.names)) == sorted(map(representable, before.names))
        assert after.properties == before.properties, before.native_id
        assert after.designation == before.designation
        assert {d.number for d in after.documents} == {d.number for d in before.documents}
        assert passports(after) == passports(before)


def test_export_lines(exported: Path) -> None:
    first = orjson.loads(exported.read_text(encoding="utf-8").split("\n", 1)[0])
    assert first["id"] == record_entity_id("UN", first["native_id"])
    assert first["designation"]["authority"] == "United Nations Security Council"
    assert first["properties"]["programId"] == [first["native_id"]]
    assert detect_format(exported).name == "ftm"


def third_party(**extra: object) -> dict[str, object]:
    return {
        "id": "os-abc123",
        "schema": "Person",
        "properties": {
            "name": ["Ivan Petrov", "Ivan PETROV"],
            "firstName": ["Ivan"],
            "alias": ["Иван Петров", "Vanya"],
            "weakAlias": ["The Banker"],
            "previousName": ["Ivan Sidorov"],
            "birthDate": ["1970-01-02"],
            "nationality": ["ru"],
            "passportNumber": ["7512345678"],
            "idNumber": ["123"],
            "program": ["EU terrorist list"],
            "topics": ["sanction"],
        },
        **extra,
    }


def test_third_party_entity(tmp_path: Path) -> None:
    path = tmp_path / "os.jsonl"
    path.write_bytes(orjson.dumps(third_party()) + b"\n\n")
    (rec,) = parse(path, max_bytes=MAX)
    assert rec.native_id == "os-abc123"
    assert [(n.value, n.kind) for n in rec.names] == [
        ("Ivan Petrov", NameKind.PRIMARY),
        ("Ivan PETROV", NameKind.PRIMARY),
        ("Иван Петров", NameKind.ORIGINAL_SCRIPT),
        ("Vanya", NameKind.ALIAS),
        ("The Banker", NameKind.WEAK_ALIAS),
        ("Ivan Sidorov", NameKind.PREVIOUS),
    ]
    assert rec.properties == {
        "birthDate": ("1970-01-02",),
        "nationality": ("ru",),
        "firstName": ("Ivan",),
    }
    assert [(d.kind, d.number) for d in rec.documents] == [
        ("passport", "7512345678"),
        ("other", "123"),
    ]
    assert rec.designation == Designation(regime="EU terrorist list")


def test_native_id_and_designation_markers(tmp_path: Path) -> None:
    line = third_party(native_id="EU.11.43", designation={"listed_on": "2001-12-27"})
    path = tmp_path / "ours.jsonl"
    path.write_bytes(orjson.dumps(line))
    (rec,) = parse(path, max_bytes=MAX)
    assert rec.native_id == "EU.11.43"
    assert rec.designation == Designation(listed_on="2001-12-27")


def test_write_entities_to_text_stream(un_records: list[ParsedRecord]) -> None:
    out = io.StringIO()
    write_entities(un_records[:2], "UN", out)
    lines = out.getvalue().splitlines()
    assert [orjson.loads(x)["native_id"] for x in lines] == [r.native_id for r in un_records[:2]]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (b'{"id": "x", "schema": "Person", "properties": {"name": ["A"]}', None, "invalid JSON"),
        (b'["x"]', None, "not a JSON object"),
        (b'{"schema": "Person", "properties": {"name": ["A"]}}', "id", "no id"),
        (
            b'{"id": "x", "schema": "Company", "properties": {"name": ["A"]}}',
            "schema",
            "unsupported schema",
        ),
        (
            b'{"id": "x", "schema": "Person", "properties": {"name": "A"}}',
            "properties",
            "lists of strings",
        ),
        (
            b'{"id": "x", "schema": "Person", "properties": {"name": ["A"], "imoNumber": ["1"]}}',
            "imoNumber",
            "not in schema",
        ),
        (
            b'{"id": "x", "schema": "Person", "properties": {"birthDate": ["1970"]}}',
            "name",
            "no name",
        ),
        (
            b'{"id": "x", "schema": "Person", "properties": {"name": ["A"]}, "designation": {"when": "now"}}',
            "designation",
            "designation",
        ),
    ],
)
def test_bad_lines_name_file_line_and_field(
    tmp_path: Path, line: bytes, field: str | None, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(orjson.dumps(third_party()) + b"\n" + line + b"\n")
    with pytest.raises(SourceFormatError, match=message) as info:
        list(parse(path, max_bytes=MAX))
    assert info.value.file == "bad.jsonl"
    assert info.value.ref is not None and info.value.ref.startswith("line 2")
    assert info.value.field == field


def test_oversize_file_refused(exported: Path) -> None:
    with pytest.raises(FileTooLarge):
        list(parse(exported, max_bytes=10_000))

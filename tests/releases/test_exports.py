"""The UN-layout export of real entries re-imports through our own UN XML importer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from commonlist.policy.entries import Entry, MemberRecord, entry_data
from commonlist.releases.exports import write_csv, write_ftm, write_un_xml
from commonlist.sources import un_xml
from commonlist.sources.model import NameKind

DATA = Path(__file__).resolve().parents[2] / "data" / "lists"
MAX = 200 * 1024 * 1024


def real_entries(limit: int = 60) -> dict[str, dict[str, Any]]:
    """Entries of one UN record each from the bundled UN list: half persons, half entities."""
    path = DATA / "un_sc_consolidated" / "consolidated.xml"
    found: dict[str, dict[str, Any]] = {}
    per_schema: dict[str, int] = {}
    for i, record in enumerate(un_xml.parse(path, max_bytes=MAX)):
        if per_schema.get(record.schema, 0) >= limit // 2:
            continue
        per_schema[record.schema] = per_schema.get(record.schema, 0) + 1
        entry_id = f"CL-{i:06d}"
        member_record = MemberRecord.of("UN", f"UN:{record.native_id}", record)
        data = entry_data(Entry(entry_id, record.schema, (member_record,)))
        data.update(status="listed", listed_at="2026-01-02", statement=f"Summary {i} <&>")
        found[entry_id] = data
    return found


def test_un_xml_round_trip(tmp_path: Path) -> None:
    entries = real_entries()
    assert {e["schema"] for e in entries.values()} == {"Person", "Organization"}
    path = tmp_path / "consolidated.xml"
    write_un_xml(path, entries.values(), generated=datetime(2026, 1, 2, tzinfo=UTC))
    back = {r.native_id: r for r in un_xml.parse(path, max_bytes=MAX)}
    assert set(back) == set(entries)
    for entry_id, data in entries.items():
        record = back[entry_id]
        props = data["properties"]
        assert isinstance(props, dict)
        assert record.schema == data["schema"]
        assert record.primary_name() == data["caption"]
        names = {n.value for n in record.names if n.kind is not NameKind.PRIMARY}
        assert names == set(
            props.get("alias", []) + props.get("weakAlias", []) + props.get("previousName", [])
        ) - {data["caption"]}
        for prop in ("birthDate", "nationality", "gender", "position", "title"):
            assert set(record.properties.get(prop, ())) == set(props.get(prop, [])), (
                entry_id,
                prop,
            )
        assert {d.number for d in record.documents} == {d["number"] for d in data["documents"]}
        assert record.designation.listed_on == "2026-01-02"
        assert record.designation.reasons == data["statement"]


def test_ftm_and_csv(tmp_path: Path) -> None:
    entries = list(real_entries(20).values())
    write_ftm(tmp_path / "e.json", entries)
    lines = [orjson.loads(x) for x in (tmp_path / "e.json").read_bytes().splitlines()]
    ids = {e["id"] for e in lines if e["schema"] != "Sanction"}
    assert ids == {e["id"] for e in entries}
    by_id = {e["id"]: e for e in entries}
    for line in lines:
        if line["schema"] != "Sanction":
            # the member records behind each entry, as yente's ``referents``
            assert line["referents"] == [d["record"] for d in by_id[line["id"]]["designations"]]
            assert line["referents"][0].startswith("UN:")
    sanctions = [e for e in lines if e["schema"] == "Sanction"]
    assert all(s["properties"]["authority"] == ["UN"] for s in sanctions)
    write_csv(tmp_path / "e.csv", entries)
    rows = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,schema,name,status") and len(rows) >= 21

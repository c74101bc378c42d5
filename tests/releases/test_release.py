"""Releases on a real registry: numbered and frozen, deltas between them, signed and verified."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from govkit import SYSTEM, T0, Gov, policy_text

from commonlist.api.app import create_app
from commonlist.audit.log import verify
from commonlist.exc import InvalidInput, PermissionDenied
from commonlist.policy import actions
from commonlist.registry.db import transaction
from commonlist.releases.actions import DELTA_FILE, FTM_FILE, XML_FILE, create_release
from commonlist.releases.delta import apply_delta, diff
from commonlist.releases.signing import load_public_key, public_key_path, verify_folder
from commonlist.releases.store import audit_anchors, release_entries
from commonlist.screen.service import IndexHolder
from commonlist.screen.source import file_source, load_index
from commonlist.sources import un_xml


def test_releases_diff_delta_signature(gov: Gov, tmp_path: Path) -> None:
    key = tmp_path / "keys" / "release.pem"
    out = tmp_path / "out"
    gov.policy(policy_text("union"))
    gov.submit(SYSTEM, "AA", ["ivanov", "hassan"], comment="first")
    gov.submit(SYSTEM, "BB", ["ivanov"])
    actions.evaluate_entries(gov.engine, gov.sec, now=T0)
    gov.evaluate(T0)
    actions.set_statement(
        gov.engine, gov.sec, "CL-000001", public_summary="Leads group X.", confidential="Source Y."
    )
    with pytest.raises(PermissionDenied):
        create_release(gov.engine, gov.aud, out=out, key_path=key)
    first = create_release(gov.engine, gov.sec, out=out, key_path=key, now=T0)
    assert (first.release.number, first.release.entries, first.added) == (1, 2, 2)
    assert first.folder == out / "0001"
    # the UN-layout export loads in our own importer, with the public summary only
    back = {r.native_id: r for r in un_xml.parse(first.folder / XML_FILE, max_bytes=10**7)}
    assert set(back) == {"CL-000001", "CL-000002"}
    assert back["CL-000001"].primary_name() == "Ivan Petrovich Sidorenko"
    assert back["CL-000001"].designation.reasons == "Leads group X."
    assert b"Source Y." not in b"".join(p.read_bytes() for p in first.folder.iterdir())

    # second release: hassan withdrawn, mendes added, ivanov amended by AA
    gov.submit(SYSTEM, "AA", ["ivanov", "mendes"], comment="second")
    gov.evaluate(T0 + timedelta(days=1))
    second = create_release(gov.engine, gov.sec, out=out, key_path=key, now=T0 + timedelta(days=1))
    assert (second.added, second.removed, second.amended) == (1, 1, 1)
    again = create_release(gov.engine, gov.sec, out=out, key_path=key, if_changed=True)
    assert (again.created, again.release.number, again.folder) == (False, 2, second.folder)
    with transaction(gov.engine) as session:
        a, b = release_entries(session, 1), release_entries(session, 2)
        assert verify(session, anchors=audit_anchors(session)).ok
    assert b["CL-000001"]["status"] == "amended"
    changes = diff(a, b)
    assert (changes.added, changes.removed) == (("CL-000003",), ("CL-000002",))
    paths = {c.path for c in changes.amended["CL-000001"]}
    assert "status" in paths and any(p.startswith("designations") for p in paths)
    ops = [orjson.loads(line) for line in (second.folder / DELTA_FILE).read_bytes().splitlines()]
    assert apply_delta(a, ops) == b

    # the signature holds, and breaks on one changed byte or a foreign key
    public = load_public_key(public_key_path(key).read_bytes())
    assert verify_folder(second.folder, public).ok
    csv_path = second.folder / "entries.csv"
    data = bytearray(csv_path.read_bytes())
    data[10] ^= 1
    csv_path.write_bytes(bytes(data))
    check = verify_folder(second.folder, public)
    assert not check.ok and check.problems == (
        "entries.csv: SHA-256 differs from the manifest (file changed)",
    )
    manifest = first.folder / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b'"entries": 2', b'"entries": 3'))
    assert "signature does not match" in verify_folder(first.folder, public).problems[0]


def test_a_served_release_knows_when_each_entry_changed(gov: Gov, tmp_path: Path) -> None:
    """Served from its release folder, each entry carries the date of the release that
    added or last amended it (``last_change``), and ``changed_since`` keeps those after."""
    key, out = tmp_path / "keys" / "release.pem", tmp_path / "out"
    gov.policy(policy_text("union"))
    gov.submit(SYSTEM, "AA", ["ivanov", "hassan"])
    gov.evaluate(T0)
    create_release(gov.engine, gov.sec, out=out, key_path=key, now=T0)
    later = T0 + timedelta(days=3)
    gov.submit(SYSTEM, "BB", ["mendes"], comment="another member lists mendes")
    gov.evaluate(later)
    second = create_release(gov.engine, gov.sec, out=out, key_path=key, now=later)
    assert (second.added, second.amended, second.removed) == (1, 0, 0)
    source = file_source(second.folder / FTM_FILE)
    changed = {e.first("name"): e.context.get("last_change") for e in source.entities}
    assert changed == {
        "Ivan Petrovich Sidorenko": T0.isoformat(),
        "Abdul Rahman Al Qurashi Haddad": T0.isoformat(),
        "Carlos Eduardo Mendes Ferreira": later.isoformat(),
    }
    assert all(e.context["last_seen"] == later.isoformat() for e in source.entities)
    assert {e.context["first_seen"] for e in source.entities} == {T0.isoformat(), later.isoformat()}
    index = load_index(source)
    recent = index.entry_filter(changed_since=(T0 + timedelta(days=1)).date().isoformat())
    assert recent is not None
    everything = list(range(len(index)))
    assert [index.captions[e] for e in recent.select(everything)] == [
        "Carlos Eduardo Mendes Ferreira"
    ]
    since_first = index.entry_filter(changed_since=T0.isoformat())  # the moment itself counts
    assert since_first is not None and since_first.select(everything) == everything
    # over HTTP: the dates in yente's fields, and /match?changed_since
    app = create_app(IndexHolder(index), gov.engine, jobs_dir=tmp_path / "jobs")
    query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Sidorenko"]}}}}
    with TestClient(app) as client:
        found = client.post("/match/default", json=query).json()["responses"]["q"]["results"]
        assert found[0]["caption"] == "Ivan Petrovich Sidorenko"
        assert (
            found[0]["first_seen"]
            == found[0]["last_change"]
            == T0.isoformat().replace("+00:00", "Z")
        )
        assert found[0]["last_seen"] == later.isoformat().replace("+00:00", "Z")
        after = client.post("/match/default", json=query, params={"changed_since": "2026-02-03"})
        assert after.status_code == 200 and after.json()["responses"]["q"]["results"] == []
    # the file alone, out of its release folder, tells no dates
    alone = tmp_path / "copy.ftm.json"
    alone.write_bytes((second.folder / FTM_FILE).read_bytes())
    undated = load_index(file_source(alone))
    with pytest.raises(InvalidInput, match="no change dates"):
        undated.entry_filter(changed_since="2026-01-01")
    with pytest.raises(InvalidInput, match="ISO 8601"):
        index.entry_filter(changed_since="last week")

"""The governance commands end to end: users, tokens, policy, four eyes, lifecycle,
review, petitions, releases and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from commonlist.cli import app
from commonlist.registry.db import get_engine, transaction
from commonlist.settings import get_settings

sys.path.insert(0, str(Path(__file__).parents[1] / "policy"))

from govkit import group_entries, un_xml  # noqa: E402

runner = CliRunner()


def run(*args: str, ok: bool = True) -> str:
    result = runner.invoke(app, list(args))
    assert (result.exit_code == 0) is ok, result.output
    return result.output


@pytest.fixture
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A registry with two members, four users, and a data dir (keys, releases) in tmp."""
    monkeypatch.setenv("COMMONLIST_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    run("init", "--db", db_url)
    for code in ("AA", "BB"):
        run("members", "add", code, "--name-en", code, "--name-ru", code, "--db", db_url)
    for name, role, member in (
        ("sub-a", "submitter", "AA"),
        ("app-a", "approver", "AA"),
        ("sub-b", "submitter", "BB"),
    ):
        run("users", "add", name, "--role", role, "--member", member, "--db", db_url)
    for name, role in (("sec", "secretariat"), ("aud", "auditor")):
        run("users", "add", name, "--role", role, "--db", db_url)
    yield db_url
    get_settings.cache_clear()


def test_governance_end_to_end(db: str, tmp_path: Path) -> None:
    listfile = tmp_path / "aa.xml"
    listfile.write_text(un_xml("AA", ["ivanov", "hassan"]), encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(
        (Path(__file__).parents[2] / "policy.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = run("users", "list", "--db", db)
    assert "sub-a" in out and "secretariat" in out
    run("policy", "apply", str(policy), "--as", "sub-a", "--db", db, ok=False)
    assert "applied" in run("policy", "apply", str(policy), "--as", "sec", "--db", db)
    assert "union" in run("policy", "show", "--lang", "ru", "--db", db)

    # four eyes
    out = run("submit", str(listfile), "--as", "sub-a", "--db", db)
    assert "submission #1" in out and "pending" in out
    run("submit", str(listfile), "--member", "AA", "--as", "sub-b", "--db", db, ok=False)
    assert "needs role: approver" in run("approve", "1", "--as", "sub-a", "--db", db, ok=False)
    run("approve", "1", "--as", "sub-b", "--db", db, ok=False)
    run("approve", "1", "--as", "app-a", "--db", db)
    assert "approved" in run("submissions", "list", "--db", db)

    # lifecycle
    with transaction(get_engine(db)) as session:
        group_entries(session)
    assert "2 listed" in run("lifecycle", "evaluate", "--as", "sec", "--db", db)
    assert "CL-000001" in run("lifecycle", "list", "--lang", "ru", "--db", db)
    run(
        "lifecycle",
        "statement",
        "CL-000001",
        "--public",
        "Leads X.",
        "--confidential",
        "Source Y.",
        "--as",
        "sec",
        "--db",
        db,
    )
    assert "Source Y." in run("lifecycle", "show", "CL-000001", "--as", "sub-b", "--db", db)
    assert "Source Y." in run("lifecycle", "show", "CL-000001", "--as", "aud", "--db", db)
    out = run("review-due", "--today", "2099-01-01", "--db", db)
    assert "CL-000001" in out and "2 of 2" in out
    assert "0 of 2" in run("review-due", "--today", "2026-01-01", "--db", db)

    # petitions
    proof = tmp_path / "proof.txt"
    proof.write_text("I am not this person.", encoding="utf-8")
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    args = ["petitions", "file", "CL-000002", "--name", "H.", "--contact", "h@example.org"]
    run(*args, "--grounds", "wrong person", "--attach", str(bad), "--db", db, ok=False)
    out = run(*args, "--grounds", "wrong person", "--attach", str(proof), "--db", db)
    petition = re.search(r"petition (P-[0-9A-F]+) filed", out)
    assert petition is not None
    token = out.strip().splitlines()[-1]
    assert "received" in run("petitions", "status", petition[1], "--token", token, "--db", db)
    run("petitions", "status", petition[1], "--token", "nope", "--db", db, ok=False)
    run(
        "petitions",
        "decide",
        petition[1],
        "--status",
        "granted",
        "--reasons",
        "identity",
        "--as",
        "sec",
        "--db",
        db,
    )
    out = run("petitions", "status", petition[1], "--token", token, "--lang", "ru", "--db", db)
    assert "удовлетворено" in out

    # releases
    releases = tmp_path / "releases"
    run("release", "create", "--out", str(releases), "--as", "aud", "--db", db, ok=False)
    out = run("release", "create", "--out", str(releases), "--as", "sec", "--db", db)
    assert "release 1" in out and str(releases / "0001") in out.replace("\n", "")
    listfile.write_text(un_xml("AA", ["ivanov", "mendes"]), encoding="utf-8")
    run("submit", str(listfile), "--member", "AA", "--db", db)  # system: auto-approved
    with transaction(get_engine(db)) as session:
        group_entries(session)
    run("release", "create", "--out", str(releases), "--as", "sec", "--db", db)
    out = run("release", "diff", "1", "2", "--db", db)
    assert "1 added, 0 removed" in out and "+ CL-000003" in out
    assert "verified" in run("release", "verify", str(releases / "0002"))  # the deployment's key
    key = tmp_path / "var" / "keys" / "release-ed25519.pub"
    assert "verified" in run("release", "verify", str(releases / "0002"), "--key", str(key))
    (releases / "0002" / "consolidated.xml").write_bytes(b"<CONSOLIDATED_LIST/>")
    run("release", "verify", str(releases / "0002"), "--key", str(key), ok=False)

    # audit, through a scoped token of the auditor
    out = run("tokens", "create", "aud", "--scope", "audit.read", "--as", "aud", "--db", db)
    secret = out.strip().splitlines()[-1]
    run("audit", "verify", "--as", "sub-a", "--db", db, ok=False)
    assert "intact" in run("audit", "verify", "--token", secret, "--db", db)
    out = run("audit", "show", "--entry", "CL-000002", "--as", "aud", "--db", db)
    assert "entry.listed" in out and "entry.delisted" in out
    with get_engine(db).begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'mallory' WHERE seq = 7"))
    result = runner.invoke(app, ["audit", "verify", "--token", secret, "--db", db])
    assert result.exit_code == 1 and "broken at entry 7" in result.output
    token_id = re.search(r"[0-9a-f]{16}", run("tokens", "list", "--user", "aud", "--db", db))
    assert token_id is not None
    run("tokens", "revoke", token_id[0], "--as", "aud", "--db", db)
    run("audit", "verify", "--token", secret, "--db", db, ok=False)
    run("users", "disable", "sub-b", "--as", "sec", "--db", db)
    run("object", "CL-000001", "--reasons", "x", "--as", "sub-b", "--db", db, ok=False)

"""CLI of resolution: resolve, review with single keys, entries list/show, FtM export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.resolve.conftest import snapshot
from typer.testing import CliRunner

from commonlist.cli.main import app
from commonlist.sources.model import NameKind, ParsedRecord, RecordBuilder

runner = CliRunner()


def person(native_id: str, name: str, birth: str, *aliases: str) -> ParsedRecord:
    builder = RecordBuilder(native_id, "Person", ref=native_id)
    builder.add_name(name, NameKind.PRIMARY)
    for alias in aliases:
        builder.add_name(alias)
    builder.add("birthDate", birth)
    return builder.build()


@pytest.fixture
def db(engine: Engine) -> str:
    snapshot(engine, "UN", [person("QDi.001", "Usama Muhammed Awad Bin Laden", "1957-03-10"),
                            person("QDi.002", "Abdul Karim Hamdan", "1970-05-01")])  # fmt: skip
    snapshot(engine, "UK", [person("AFG0001", "Osama Mohammed Awad BIN LADEN", "1957-03-10")])
    snapshot(engine, "RU", [person("77", "БЕН ЛАДЕН УСАМА МУХАММЕД АВАД", "1957-03-10")])
    snapshot(engine, "EU", [person("EU.1.1", "Abdul Karim Hamdan", "1980")])
    return engine.url.render_as_string(hide_password=False)


def invoke(*args: str, input: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_resolve_review_show_export(db: str, tmp_path: Path) -> None:
    out = invoke("resolve", "--db", db, "--auto-threshold", "0.95", "--review-threshold", "0.2")
    assert "full" in out and "pairs to review" in out and "common entries" in out
    listing = invoke("entries", "list", "--db", db, "--member", "RU")
    assert "1 entries" in listing and "RU UK UN" in listing
    laden = next(w for w in listing.split() if w.startswith("CL-"))
    shown = invoke("entries", "show", laden, "--db", db)
    assert "Cyrillic" in shown and "БЕН ЛАДЕН" in shown and "1957-03-10" in shown
    # one pair to review: the two Hamdan records (different birth years); answer "no"
    reviewed = invoke("review", "--db", db, input="n")
    assert "Abdul Karim Hamdan" in reviewed and "1 decision(s) recorded" in reviewed
    assert "nothing to review" in invoke("review", "--db", db)
    again = invoke("resolve", "--db", db)
    assert "incremental" in again
    target = tmp_path / "entries.ftm.json"
    invoke("export", "entries", "--db", db, "--out", str(target))
    entities = [json.loads(line) for line in target.read_text().splitlines()]
    referents = {e["id"]: set(e["referents"]) for e in entities}
    assert referents[laden] == {"UN:QDi.001", "UK:AFG0001", "RU:77"}
    assert len(entities) == 3
    assert {e["schema"] for e in entities} == {"Person"}
    stdout = invoke("export", "entries", "--db", db)
    assert len(stdout.splitlines()) == 3


def test_review_yes_merges_and_redirect_shows(db: str) -> None:
    invoke("resolve", "--db", db, "--auto-threshold", "0.95", "--review-threshold", "0.2")
    before = invoke("entries", "list", "--db", db, "--search", "hamdan")
    assert "2 entries" in before
    invoke("review", "--db", db, "--comment", "same person, DOB typo", input="y")
    after = invoke("entries", "list", "--db", db, "--search", "hamdan")
    assert "1 entries" in after
    merged = invoke("entries", "list", "--db", db, "--status", "merged")
    old = next(w for w in merged.split() if w.startswith("CL-"))
    assert "was merged into" in invoke("entries", "show", old, "--db", db)


def test_unknown_entry_and_format(db: str) -> None:
    result = runner.invoke(app, ["entries", "show", "CL-999999", "--db", db])
    assert result.exit_code == 1 and "no common entry" in result.output
    result = runner.invoke(app, ["export", "entries", "--db", db, "--format", "csv"])
    assert result.exit_code == 1 and "unknown export format" in result.output

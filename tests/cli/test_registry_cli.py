"""The registry commands end to end: init, members, import, records, imports, stats, template."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonlist.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def db(db_url: str) -> str:
    code, out = run("init", "--db", db_url)
    assert code == 0, out
    code, out = run(
        "members", "add", "UN", "--name-en", "United Nations", "--name-ru", "ООН", "--db", db_url
    )
    assert code == 0, out
    return db_url


def test_members(db: str) -> None:
    code, out = run(
        "members", "add", "kz", "--name-en", "Kazakhstan", "--name-ru", "Казахстан", "--db", db
    )
    assert code == 0 and "member KZ added" in out
    code, out = run(
        "members", "add", "KZ", "--name-en", "Kazakhstan", "--name-ru", "Казахстан", "--db", db
    )
    assert code == 1 and "already exists" in out
    code, out = run("members", "add", "K", "--name-en", "x", "--name-ru", "y", "--db", db)
    assert code == 1 and "member code" in out
    code, out = run("members", "list", "--db", db)
    assert code == 0 and "Казахстан" in out and "UN" in out


def test_import_show_and_stats(db: str, data_dir: Path) -> None:
    code, out = run(
        "import",
        str(data_dir / "un_sc_consolidated" / "consolidated.xml"),
        "--member",
        "UN",
        "--db",
        db,
    )
    assert code == 0, out
    assert "1,003" in out
    code, out = run("stats", "--json", "--db", db)
    assert code == 0
    data = json.loads(out)
    assert data["records"] == 1003
    assert data["members"]["UN"]["records"] == 1003
    code, out = run("records", "list", "--member", "UN", "--search", "gaziev", "--db", db)
    assert code == 0 and "UN:QDi.366" in out
    code, out = run("records", "show", "UN:QDi.366", "--raw", "--db", db)
    assert code == 0
    assert "Тархан Исмаилович Газиев" in out and "Cyrillic" in out
    assert "<REFERENCE_NUMBER>QDi.366</REFERENCE_NUMBER>" in out
    code, out = run("records", "show", "UN:QDi.366", "--json", "--db", db)
    assert code == 0 and json.loads(out)["history"][0]["change"] == "added"
    code, out = run("records", "show", "UN:nope", "--db", db)
    assert code == 1 and "no record 'UN:nope'" in out


def test_bad_import_exits_non_zero_and_writes_nothing(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME>"
        "<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL>\n"
        "<INDIVIDUAL><FIRST_NAME>B</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    code, out = run("import", str(bad), "--member", "UN", "--db", db)
    assert code == 1
    assert "broken.xml" in out and "line 2" in out and "REFERENCE_NUMBER" in out
    code, out = run("stats", "--json", "--db", db)
    assert json.loads(out)["records"] == 0
    code, out = run("imports", "list", "--db", db)
    assert "failed" in out


def test_unknown_member_and_uninitialised_db(db: str, data_dir: Path, tmp_path: Path) -> None:
    code, out = run(
        "import",
        str(data_dir / "un_sc_consolidated" / "consolidated.xml"),
        "--member",
        "ZZ",
        "--db",
        db,
    )
    assert code == 1 and "unknown member 'ZZ'" in out
    code, out = run("stats", "--db", str(tmp_path / "empty.db"))
    assert code == 1 and "commonlist init" in out


def test_template_csv(tmp_path: Path) -> None:
    code, out = run("template", "csv")
    assert code == 0
    header = out.splitlines()[0]
    assert "id" in header and "name" in header
    target = tmp_path / "template.csv"
    code, _ = run("template", "csv", "--out", str(target))
    assert code == 0 and target.read_text(encoding="utf-8") == out


def test_console_script_exit_codes(tmp_path: Path) -> None:
    """The installed ``commonlist`` command, as a real process."""
    exe = Path(sys.executable).with_name("commonlist")
    db = tmp_path / "cli.db"
    env = {**os.environ, "COMMONLIST_DATABASE_URL": f"sqlite:///{db}"}
    ok = subprocess.run([str(exe), "init"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [str(exe), "import", str(tmp_path / "missing.xml"), "--member", "UN"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "unknown member" in bad.stderr

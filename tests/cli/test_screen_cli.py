"""``commonlist screen`` and ``screen-file`` (local and Spark engines) on a release-style FtM file."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import orjson
import pytest
from followthemoney import model
from typer.testing import CliRunner

from commonlist.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def list_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small release export: two common entries with referents, and a Sanction to skip."""
    path = tmp_path_factory.mktemp("release") / "entities.ftm.json"
    person = model.make_entity("Person")
    person.id = "CL-000001"
    person.add("name", ["Ivan Petrovich SIDOROV", "Иван Петрович Сидоров"])
    person.add("birthDate", "1970-05-01")
    person.context["referents"] = ["RU:1234", "EU:EU.99.1"]
    org = model.make_entity("Organization")
    org.id = "CL-000002"
    org.add("name", ["Northern Lights Charity Foundation"])
    org.context["referents"] = ["UK:XYZ0001"]
    sanction = model.make_entity("Sanction")
    sanction.id = "CL-000001-ru"
    sanction.add("entity", "CL-000001")
    with path.open("wb") as fh:
        for entity in (person, org, sanction):
            fh.write(orjson.dumps(entity.to_dict()) + b"\n")
    return path


@pytest.fixture(scope="module")
def customers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "customers.csv"
    rows = [("c1", "Ivan Sidorov", "1970-05-01"), ("c2", "Maria Gonzalez", "1985"),
            ("c3", "Сидоров Иван Петрович", ""), ("c4", "Northern Lights Charity Fund", "")]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "full_name", "dob"])
        writer.writerows(rows)
    return path


def test_screen_one_name(list_file: Path) -> None:
    res = runner.invoke(
        app,
        ["screen", "Иван Сидоров", "--birth-date", "1970", "--list", str(list_file), "--explain"],
    )
    assert res.exit_code == 1, res.output  # a match exits 1, for scripts
    assert "CL-000001" in res.output and "MATCH" in res.output and "name_match" in res.output
    clean = runner.invoke(app, ["screen", "Nobody Atall", "--list", str(list_file)])
    assert clean.exit_code == 0 and "0 match(es)" in clean.output


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_screen_file_local(list_file: Path, customers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    args = ["screen-file", str(customers), "--out", str(out), "--name-col", "full_name",
            "--dob-col", "dob", "--id-col", "id", "--list", str(list_file)]  # fmt: skip
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "screening summary" in res.output
    rows = read(out)
    assert [r["row_id"] for r in rows] == ["c1", "c2", "c3", "c4"]
    assert [r["match"] for r in rows] == ["true", "false", "true", "true"]
    assert rows[0]["referents"] == "RU:1234;EU:EU.99.1"


def test_screen_file_bad_column(list_file: Path, customers: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        ["screen-file", str(customers), "--out", str(tmp_path / "o.csv"), "--list", str(list_file)],
    )
    assert res.exit_code == 1 and "no column 'name'" in res.output


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None, reason="pyspark not installed (extra 'spark')"
)
def test_spark_and_local_agree(list_file: Path, customers: Path, tmp_path: Path) -> None:
    common = [
        "--name-col",
        "full_name",
        "--dob-col",
        "dob",
        "--id-col",
        "id",
        "--list",
        str(list_file),
    ]
    local, spark = tmp_path / "local.csv", tmp_path / "spark.csv"
    assert (
        runner.invoke(app, ["screen-file", str(customers), "--out", str(local), *common]).exit_code
        == 0
    )
    res = runner.invoke(
        app,
        [
            "screen-file",
            str(customers),
            "--out",
            str(spark),
            "--engine",
            "spark",
            "--master",
            "local[2]",
            *common,
        ],
    )
    assert res.exit_code == 0, res.output
    assert read(spark) == read(local)


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None, reason="pyspark not installed (extra 'spark')"
)
def test_spark_refuses_undecodable_rows_without_writing(list_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(b"id,full_name\nc1,Ivan Sidorov\nc2," + "Сидоров".encode("cp1251") + b"\n")
    out = tmp_path / "out.csv"
    args = ["screen-file", str(path), "--out", str(out), "--name-col", "full_name",
            "--id-col", "id", "--engine", "spark", "--master", "local[1]", "--list", str(list_file)]  # fmt: skip
    res = runner.invoke(app, args)
    assert res.exit_code == 1, res.output
    assert "customers.csv" in res.output and "row 2" in res.output and "full_name" in res.output
    assert not out.exists()
    res = runner.invoke(app, [*args, "--encoding", "cp1251"])
    assert res.exit_code == 0, res.output
    assert [r["row_id"] for r in read(out)] == ["c1", "c2"]

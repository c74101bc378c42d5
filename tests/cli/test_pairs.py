import json
from pathlib import Path

from typer.testing import CliRunner

from commonlist.cli.pairs import app

runner = CliRunner()


def line(pid: str, a: str, b: str, match: bool | None = None) -> str:
    data: dict[str, object] = {
        "id": pid,
        "a": {"id": f"{pid}a", "schema": "Person", "properties": {"name": [a]}},
        "b": {"id": f"{pid}b", "schema": "Person", "properties": {"name": [b]}},
    }
    if match is not None:
        data["match"] = match
    return json.dumps(data, ensure_ascii=False)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_score_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        line("p1", "Рахмонов Эмомали Шарипович", "RAKHMONOV Emomali"),
        line("p2", "Рахмонова Зарина", "RAKHMONOV Emomali"),
    )
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2"]
    assert rows[0]["score"] >= 0.7 > rows[1]["score"]
    assert set(rows[0]) == {"id", "score"}


def test_score_explain(tmp_path: Path) -> None:
    path = write(tmp_path, line("p1", "Ivan Petrov", "Иван Петров"))
    result = runner.invoke(app, ["score", str(path), "--explain"])
    row = json.loads(result.stdout.splitlines()[0])
    assert row["features"][0]["name"] == "name_match"
    assert {"score", "weight", "contribution", "detail"} <= set(row["features"][0])


def test_bad_line_reports_number(tmp_path: Path) -> None:
    path = write(tmp_path, line("p1", "A B", "A B"), '{"id": "p2", "a": {}}')
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "line 2" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["id"] == "p1"


def test_eval(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        line("p1", "Рахмонов Эмомали", "RAKHMONOV Emomali", True),
        line("p2", "Рахмонова Зарина", "RAKHMONOV Emomali", False),
    )
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "default  threshold=0.700 precision=1.000 recall=1.000 f1=1.000" in result.stdout
    assert "best" in result.stdout


def test_eval_needs_labels(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(write(tmp_path, line("p1", "A B", "A B")))])
    assert result.exit_code == 2 and "line 1" in result.stderr

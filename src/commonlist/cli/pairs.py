"""``commonlist pairs``: score and evaluate labelled record pairs (JSON lines)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import orjson
import typer
from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from commonlist.exc import InvalidInput
from commonlist.matching import DEFAULT_THRESHOLD, compare

app = typer.Typer(help="Score pairs of followthemoney entities.", no_args_is_help=True)

PairsFile = Annotated[Path, typer.Argument(help="JSON lines: {id, a, b[, match]}.", exists=True)]


@dataclass(frozen=True, slots=True)
class Pair:
    """One input line."""

    id: str
    left: EntityProxy
    right: EntityProxy
    match: bool | None


def read_pairs(path: Path, *, labelled: bool = False) -> Iterator[Pair]:
    """Yield the pairs of a JSON-lines file; blank lines are skipped.

    Raises InvalidInput naming the line number of a line that is not a pair.
    """
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = orjson.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                match = data.get("match")
                if labelled and not isinstance(match, bool):
                    raise ValueError('"match" must be true or false')
                yield Pair(
                    id=str(data["id"]),
                    left=_entity(data["a"]),
                    right=_entity(data["b"]),
                    match=match if isinstance(match, bool) else None,
                )
            except (ValueError, KeyError, TypeError, FollowTheMoneyException) as exc:
                raise InvalidInput(f"{path.name}, line {number}: {_reason(exc)}") from exc


def _entity(data: object) -> EntityProxy:
    if not isinstance(data, dict):
        raise ValueError("entity is not a JSON object")
    data.setdefault("properties", {})
    entity = model.get_proxy(data, cleaned=False)
    if entity.id is None:
        raise ValueError("entity has no id")
    return entity


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing key {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


def _fail(exc: InvalidInput) -> typer.Exit:
    typer.echo(f"error: {exc.detail}", err=True)
    return typer.Exit(2)


@app.command("score")
def score(
    path: PairsFile,
    explain: Annotated[bool, typer.Option("--explain", help="Also write each feature.")] = False,
) -> None:
    """Write {"id", "score"} per input pair, in input order, to stdout."""
    out = sys.stdout.buffer
    try:
        for pair in read_pairs(path):
            result = compare(pair.left, pair.right)
            row: dict[str, object] = {"id": pair.id, "score": round(result.score, 4)}
            if explain:
                row["features"] = [f.to_dict() for f in result.features]
            out.write(orjson.dumps(row) + b"\n")
    except InvalidInput as exc:
        out.flush()
        raise _fail(exc) from exc


@dataclass(frozen=True, slots=True)
class Metrics:
    """Precision, recall and F1 at one threshold."""

    threshold: float
    precision: float
    recall: float
    f1: float


def metrics_at(scored: list[tuple[float, bool]], threshold: float) -> Metrics:
    """Precision, recall and F1 of "score ≥ threshold" against the labels."""
    tp = sum(1 for s, m in scored if m and s >= threshold)
    fp = sum(1 for s, m in scored if not m and s >= threshold)
    fn = sum(1 for s, m in scored if m and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metrics(threshold, precision, recall, f1)


def best_threshold(scored: list[tuple[float, bool]]) -> Metrics:
    """The threshold among the observed scores with the highest F1 (lowest on ties)."""
    candidates = sorted({s for s, _ in scored} | {DEFAULT_THRESHOLD})
    return max((metrics_at(scored, t) for t in candidates), key=lambda m: (m.f1, -m.threshold))


@app.command("eval")
def evaluate(path: PairsFile) -> None:
    """Print precision, recall and F1 at the default and at the best threshold."""
    try:
        scored = [
            (compare(p.left, p.right).score, bool(p.match)) for p in read_pairs(path, labelled=True)
        ]
    except InvalidInput as exc:
        raise _fail(exc) from exc
    positives = sum(1 for _, m in scored if m)
    typer.echo(f"pairs: {len(scored)} ({positives} match, {len(scored) - positives} non-match)")
    for label, m in (
        ("default", metrics_at(scored, DEFAULT_THRESHOLD)),
        ("best", best_threshold(scored)),
    ):
        typer.echo(
            f"{label:<8} threshold={m.threshold:.3f} precision={m.precision:.3f} "
            f"recall={m.recall:.3f} f1={m.f1:.3f}"
        )

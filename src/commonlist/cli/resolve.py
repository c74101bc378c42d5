"""Commands over resolution: resolve, review, entries list/show, export entries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Annotated, Any

import orjson
import typer
from rich.columns import Columns
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from commonlist.cli.common import DbOption, actor, console, engine_for, user_errors
from commonlist.exc import InvalidInput
from commonlist.registry.db import transaction
from commonlist.registry.records import get_record
from commonlist.resolve import (
    Decision,
    RunSummary,
    count_entries,
    export_entities,
    get_entry,
    judge,
    list_entries,
    recluster,
    resolve,
)
from commonlist.resolve.resolver import ResolveConfig, last_config
from commonlist.resolve.tables import ReviewCandidateRow
from commonlist.sources.model import ParsedRecord

entries_app = typer.Typer(help="Common entries (one per real subject).", no_args_is_help=True)
export_app = typer.Typer(help="Export the common list.", no_args_is_help=True)

_DEFAULTS = ResolveConfig()
AutoOption = Annotated[
    float | None,
    typer.Option(
        "--auto-threshold",
        help=f"Score at or above which pairs merge [default: last run's, else {_DEFAULTS.auto_threshold}]",
        show_default=False,
    ),
]
ReviewOption = Annotated[
    float | None,
    typer.Option(
        "--review-threshold",
        help="Score at or above which pairs are reviewed "
        f"[default: last run's, else {_DEFAULTS.review_threshold}]",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("resolve")(resolve_cmd)
    app.command("review")(review_cmd)
    app.add_typer(entries_app, name="entries")
    app.add_typer(export_app, name="export")


def run_resolve(
    engine: Engine, *, full: bool = False, config: ResolveConfig | None = None
) -> RunSummary:
    """Resolve with a progress bar."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with user_errors(), transaction(engine) as session:
            return resolve(session, actor=actor(), config=config, full=full, progress=progress)


def print_summary(summary: RunSummary) -> None:
    """The run's figures, one per row, so the table fits any terminal."""
    table = Table(
        "", "",
        title=f"resolution run {summary.run_id} ({summary.mode}, {summary.seconds:.1f} s)",
        show_header=False,
    )  # fmt: skip
    for label, value in (
        ("records", summary.records),
        ("new or changed records", summary.changed_records),
        ("removed records", summary.removed_records),
        ("pairs scored", summary.scored_pairs),
        ("common entries", summary.entries),
        ("entries created", summary.created),
        ("entries merged", summary.merged),
        ("entries split", summary.split),
        ("entries withdrawn", summary.withdrawn),
        ("pairs to review", summary.review_open),
    ):
        table.add_row(label, f"{value:,}")
    console.print(table)
    if summary.conflicts:
        console.print(
            f"[yellow]{summary.conflicts} 'same' decision(s) refused: they contradict a 'different' one"
        )


def resolve_cmd(
    db: DbOption = None,
    full: Annotated[bool, typer.Option("--full", help="Re-score every candidate pair.")] = False,
    auto_threshold: AutoOption = None,
    review_threshold: ReviewOption = None,
) -> None:
    """Resolve member records into common entries (incremental unless --full)."""
    engine = engine_for(db)
    with transaction(engine) as session:
        last = last_config(session)
    config = ResolveConfig(
        auto_threshold=last.auto_threshold if auto_threshold is None else auto_threshold,
        review_threshold=last.review_threshold if review_threshold is None else review_threshold,
    )
    if not 0 <= config.review_threshold <= config.auto_threshold <= 1:
        raise typer.BadParameter("need 0 ≤ review threshold ≤ auto threshold ≤ 1")
    print_summary(run_resolve(engine, full=full, config=config))


def _record_table(session: Session, left: str, right: str) -> Table:
    recs: list[ParsedRecord] = [get_record(session, rid).current.record for rid in (left, right)]
    table = Table("", left, right, show_lines=True, expand=True)

    def names(r: ParsedRecord) -> str:
        return "\n".join(f"{n.value} [dim]({n.kind.value}, {n.script})[/dim]" for n in r.names[:12])

    def prop(r: ParsedRecord, *props: str) -> str:
        return "\n".join(v for p in props for v in r.properties.get(p, ()))

    table.add_row("schema", *(r.schema for r in recs))
    table.add_row("names", *(names(r) for r in recs))
    for label, props in (
        ("birth", ("birthDate", "birthPlace")),
        ("nationality", ("nationality", "citizenship", "country")),
        ("gender", ("gender",)),
    ):
        table.add_row(label, *(prop(r, *props) for r in recs))
    table.add_row(
        "documents",
        *("\n".join(f"{d.kind} {d.number} {d.country or ''}" for d in r.documents) for r in recs),
    )
    table.add_row(
        "designation",
        *(
            " · ".join(x for x in (r.designation.listed_on, r.designation.legal_basis) if x)
            for r in recs
        ),
    )
    return table


def _features_table(features: dict[str, Any]) -> Table:
    table = Table("feature", "score", "weight", "contribution", "detail", title="matcher")
    for f in features.get("features", []):
        table.add_row(
            str(f.get("name")),
            f"{f.get('score', 0):.2f}",
            f"{f.get('weight', 0):.2f}",
            f"{f.get('contribution', 0):+.2f}",
            str(f.get("detail", "")),
        )
    return table


_KEYS = {"y": Decision.SAME, "n": Decision.DIFFERENT, "u": Decision.UNSURE}


def review_cmd(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Stop after this many pairs.")] = 50,
    comment: Annotated[str, typer.Option("--comment", help="Comment stored with decisions.")] = "",
) -> None:
    """Review uncertain pairs: y = same, n = different, u = unsure, s = skip, q = quit."""
    engine = engine_for(db)
    user = actor()
    decided = 0
    with transaction(engine) as session:
        queue = [
            (r.left_id, r.right_id, r.score, r.features)
            for r in session.scalars(
                select(ReviewCandidateRow)
                .where(ReviewCandidateRow.state == "open")
                .order_by(ReviewCandidateRow.score.desc(), ReviewCandidateRow.id)
                .limit(limit)
            )
        ]
    if not queue:
        console.print("nothing to review")
        return
    for i, (left, right, score, features) in enumerate(queue, 1):
        with transaction(engine) as session:
            console.rule(f"pair {i}/{len(queue)} · score {score:.3f}")
            console.print(_record_table(session, left, right))
        console.print(_features_table(features))
        console.print(r"[bold]same?[/bold] \[y]es / \[n]o / \[u]nsure / \[s]kip / \[q]uit ", end="")
        key = typer.getchar().lower()
        console.print(key)
        if key == "q":
            break
        if key not in _KEYS:
            continue
        with user_errors(), transaction(engine) as session:
            judge(session, left, right, _KEYS[key], user=user, comment=comment)
        decided += 1
    console.print(f"{decided} decision(s) recorded")
    if decided:
        with transaction(engine) as session:
            print_summary(recluster(session, actor=user))


@entries_app.command("list")
def entries_list(
    db: DbOption = None,
    member: Annotated[
        str | None, typer.Option("--member", "-m", help="Listed by this member.")
    ] = None,
    schema: Annotated[str | None, typer.Option("--schema", help="Person, Organization…")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Name or ID contains.")
    ] = None,
    status: Annotated[
        str, typer.Option("--status", help="active | merged | split | withdrawn")
    ] = "active",
    limit: Annotated[int, typer.Option("--limit")] = 50,
    offset: Annotated[int, typer.Option("--offset")] = 0,
) -> None:
    """List common entries."""
    engine = engine_for(db)
    filters: dict[str, Any] = {"status": status, "member": member, "schema": schema, "text": search}
    with transaction(engine) as session:
        total = count_entries(session, **filters)
        rows = list_entries(session, **filters, limit=limit, offset=offset)
    table = Table(title=f"{total:,} entries")
    table.add_column("id", no_wrap=True, min_width=9)
    for col in ("schema", "name", "members", "records"):
        table.add_column(col)
    for e in rows:
        table.add_row(e.id, e.schema, e.caption, " ".join(e.members), str(e.records))
    console.print(table)


@entries_app.command("show")
def entries_show(
    entry_id: Annotated[str, typer.Argument(help="Entry ID, e.g. CL-000123 (old IDs redirect).")],
    db: DbOption = None,
) -> None:
    """Show a common entry: names by script, facts with the members asserting them."""
    engine = engine_for(db)
    with user_errors(), transaction(engine) as session:
        view = get_entry(session, entry_id)
    if view.requested_id != view.id:
        console.print(f"[yellow]{view.requested_id} was merged into {view.id}[/yellow]")
    ru_note = " [dim](transliterated)[/dim]" if view.display_name_ru_transliterated else ""
    console.print(
        Panel(
            f"[bold]{view.display_name_en}[/bold]\n{view.display_name_ru}{ru_note}\n"
            f"{view.schema} · {view.status} · members: {', '.join(view.members) or '-'}",
            title=view.id,
        )
    )
    names = Table("script", "lang", "name", "kind", "members", title="names")
    for group in view.names:
        for n in group.names:
            names.add_row(group.script, group.lang, n.value, n.kind, " ".join(n.members))
    facts = Table("property", "value", "asserted by (since; legal basis)", title="facts")
    for fact in (*view.facts, *view.identifiers):
        facts.add_row(
            fact.prop,
            fact.value,
            "\n".join(
                f"{a.member} ({a.listed_on or a.in_registry_since.date().isoformat()}"
                f"{'; ' + a.legal_basis if a.legal_basis else ''})"
                for a in fact.assertions
            ),
        )
    records = Table("record", "member", "name", "since", "until", title="member records")
    for r in view.records:
        records.add_row(
            r.record_id,
            r.member,
            r.caption,
            r.added_at.date().isoformat(),
            r.removed_at.date().isoformat() if r.removed_at else "",
        )
    console.print(names, facts, records)
    moves = [
        f"{r.old_id} → {r.new_id} ({r.reason})" for r in (*view.redirects_in, *view.successors)
    ]
    if moves:
        console.print(Columns(moves, title="redirects"))


@export_app.command("entries")
def export_entries(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format: ftm (JSON lines).")] = "ftm",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write; stdout if omitted.")
    ] = None,
) -> None:
    """Export active common entries as followthemoney entities, one JSON object per line."""
    with user_errors():
        if fmt != "ftm":
            raise InvalidInput(f"unknown export format {fmt!r}; known formats: ftm")
    engine = engine_for(db)
    count = 0
    handle: IO[bytes] = out.open("wb") if out else sys.stdout.buffer
    try:
        with transaction(engine) as session:
            for entity in export_entities(session):
                handle.write(orjson.dumps(entity.to_dict()) + b"\n")
                count += 1
    finally:
        if out:
            handle.close()
    if out:
        console.print(f"{count:,} entries written to {out}")

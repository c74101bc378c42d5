"""``commonlist screen``, ``screen-file`` and ``serve``: screening from the shell and the API server."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from sqlalchemy import Engine

from commonlist.cli.common import DbOption, console, engine_for, err_console, user_errors
from commonlist.matching import DEFAULT_THRESHOLD
from commonlist.screen.bulk import BulkSummary, ColumnMap, read_rows, screen_local, write_results
from commonlist.screen.index import ScreenIndex
from commonlist.screen.scoring import query_entity, score_query, warm_up
from commonlist.screen.source import (
    file_source,
    latest_release_file,
    load_index,
    registry_index,
)
from commonlist.settings import get_settings

ListOption = Annotated[
    Path | None,
    typer.Option(
        "--list",
        help="Screen against a release's FtM JSON-lines export instead of the registry's working list.",
        exists=True,
        dir_okay=False,
    ),
]


def open_index(db: str | None, list_file: Path | None) -> ScreenIndex:
    """The index of ``--list``, else of the newest release, else of the working list."""
    return index_loader(lambda: engine_for(db), list_file)()


def index_loader(engine: Callable[[], Engine], list_file: Path | None) -> Callable[[], ScreenIndex]:
    """How to (re)build the served index: ``--list`` file, newest release, or working list.

    Asked again on every reload, so a release published meanwhile is picked up.
    """
    data_dir = get_settings().data_dir

    def load() -> ScreenIndex:
        found = list_file or latest_release_file(data_dir)
        if found is not None:
            return load_index(file_source(found))
        return registry_index(engine(), cache_dir=data_dir)

    return load


def screen(
    name: Annotated[str, typer.Argument(help="Name to screen, in any script.")],
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Nationality or country (code or name).")
    ] = None,
    id_number: Annotated[
        str | None, typer.Option("--id-number", help="Passport or ID number.")
    ] = None,
    schema: Annotated[
        str | None, typer.Option("--schema", help="Person, Organization, LegalEntity…")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 5,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each feature of the best hit.")
    ] = False,
    db: DbOption = None,
    list_file: ListOption = None,
) -> None:
    """Screen one name against the common list; exit code 1 if it matches."""
    with user_errors():
        index = open_index(db, list_file)
        kind = schema or ("Person" if birth_date else "LegalEntity")
        props: dict[str, list[str]] = {"name": [name]}
        if birth_date:
            props["birthDate"] = [birth_date]
        if country:
            props["nationality" if kind == "Person" else "country"] = [country]
        if id_number:
            props["idNumber"] = [id_number]
        started = time.perf_counter()
        total, hits = score_query(index, query_entity(kind, props), limit=limit)
        took = (time.perf_counter() - started) * 1000
    table = Table(
        "score",
        "match",
        "id",
        "name",
        "schema",
        "member records",
        title=f"{name} — {index.info.version}",
    )
    for hit in hits:
        refs = index.entity(hit.entry).context.get("referents", [])
        table.add_row(
            f"{hit.score:.3f}",
            "[bold red]MATCH[/bold red]" if hit.match else "",
            hit.id,
            index.captions[hit.entry],
            index.schemas[hit.entry],
            ", ".join(str(r) for r in refs[:6]) + (" …" if len(refs) > 6 else ""),
        )
    console.print(table)
    if explain and hits:
        detail = Table(
            "feature", "value", "weight", "contribution", "detail", title=f"why {hits[0].id}"
        )
        for f in hits[0].result.features:
            detail.add_row(
                f.name, f"{f.score:.3f}", f"{f.weight:+.1f}", f"{f.contribution:+.2f}", f.detail
            )
        console.print(detail)
    matched = sum(1 for h in hits if h.match)
    console.print(
        f"{total} hit(s) above the cutoff, {matched} match(es) at threshold {DEFAULT_THRESHOLD}; {took:.0f} ms"
    )
    if matched:
        raise typer.Exit(1)


def screen_file(
    input_file: Annotated[
        Path, typer.Argument(help="CSV, Parquet or FtM JSON lines.", exists=True, dir_okay=False)
    ],
    out: Annotated[Path, typer.Option("--out", help="Result CSV: one row per input row.")],
    name_col: Annotated[str, typer.Option("--name-col")] = "name",
    dob_col: Annotated[str | None, typer.Option("--dob-col")] = None,
    country_col: Annotated[str | None, typer.Option("--country-col")] = None,
    id_col: Annotated[
        str | None, typer.Option("--id-col", help="Your record ID, echoed in the result.")
    ] = None,
    id_number_col: Annotated[str | None, typer.Option("--id-number-col")] = None,
    schema: Annotated[str | None, typer.Option("--schema")] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Text encoding of a CSV (default UTF-8).")
    ] = None,
    engine_name: Annotated[str, typer.Option("--engine", help="local or spark.")] = "local",
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local worker processes.")] = 1,
    master: Annotated[
        str, typer.Option("--master", help="Spark master URL (spark engine).")
    ] = "local[*]",
    partitions: Annotated[
        int | None, typer.Option("--partitions", help="Spark input partitions.")
    ] = None,
    db: DbOption = None,
    list_file: ListOption = None,
) -> None:
    """Screen every row of a file and write the best hit per row."""
    mapping = ColumnMap(name_col, dob_col, country_col, id_col, id_number_col, schema)
    limit = get_settings().max_import_bytes
    with user_errors():
        if engine_name == "spark":
            # Spark checks and reads the file on its executors: no size limit, no pass here
            _screen_spark(db, list_file, input_file, out, mapping, encoding, master, partitions)
            return
        count, rows = read_rows(input_file, mapping, encoding=encoding, max_bytes=limit)
        if engine_name != "local":
            err_console.print(
                f"[red]error:[/red] unknown engine {engine_name!r}: use local or spark"
            )
            raise typer.Exit(2)
        index = open_index(db, list_file)
    summary = BulkSummary()
    started = time.perf_counter()
    columns = (
        TextColumn("[bold]screening[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} rows/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with (
        out.open("w", encoding="utf-8", newline="") as handle,
        Progress(*columns, console=err_console) as bar,
    ):
        task = bar.add_task("rows", total=count, rate="0")

        def advance(n: int) -> None:
            done = bar.tasks[0].completed + n
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, advance=n, rate=f"{rate:,.0f}")

        for row in write_results(
            handle, screen_local(index, rows, workers=workers, progress=advance)
        ):
            summary.add(row)
    print_summary(summary, time.perf_counter() - started, out)


def print_summary(summary: BulkSummary, seconds: float, out: Path) -> None:
    table = Table(
        "rows", "matched rows", "match hits", "rows/s", "seconds", title="screening summary"
    )
    table.add_row(
        f"{summary.rows:,}",
        f"{summary.matched_rows:,}",
        f"{summary.hits:,}",
        f"{summary.rows / max(seconds, 1e-9):,.0f}",
        f"{seconds:.1f}",
    )
    console.print(table)
    top = sorted(summary.by_entry.items(), key=lambda kv: -kv[1])[:5]
    if top:
        console.print("most matched entries: " + ", ".join(f"{e} ({n})" for e, n in top))
    console.print(f"results: {out}")


def _screen_spark(
    db: str | None,
    list_file: Path | None,
    input_file: Path,
    out: Path,
    mapping: ColumnMap,
    encoding: str | None,
    master: str,
    partitions: int | None,
) -> None:
    from commonlist.screen.source import working_source

    try:
        from commonlist.screen.spark import screen_spark
    except ImportError:
        err_console.print(
            "[red]error:[/red] the spark engine needs pyspark: pip install 'commonlist[spark]'"
        )
        raise typer.Exit(2) from None
    source = file_source(list_file) if list_file else working_source(engine_for(db))
    started = time.perf_counter()
    summary = screen_spark(
        source, input_file, out, mapping, encoding=encoding, master=master, partitions=partitions
    )
    print_summary(summary, time.perf_counter() - started, out)


def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    db: DbOption = None,
    list_file: ListOption = None,
) -> None:
    """Serve the screening API (and web UI) with uvicorn."""
    engine = engine_for(db)
    run_server(engine, host=host, port=port, list_file=list_file)


def run_server(engine: Engine, *, host: str, port: int, list_file: Path | None = None) -> None:
    """Build the index, then serve the API until interrupted."""
    import uvicorn

    from commonlist.api.app import create_app
    from commonlist.screen.service import IndexHolder

    loader = index_loader(lambda: engine, list_file)
    with console.status("building the screening index…"):
        index = loader()
        warm_up(index)
        index.prepare_entries()  # queries then never pay preparing an entry for the matcher
    holder = IndexHolder(index, loader)
    console.print(
        f"screening {index.info.version}: {index.info.entries:,} entries, {index.info.names:,} names"
    )
    console.print(f"[bold]API[/bold] http://{host}:{port}/  (docs: http://{host}:{port}/docs)")
    sys.stdout.flush()
    uvicorn.run(create_app(holder, engine), host=host, port=port, log_level="warning")

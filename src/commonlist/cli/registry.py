"""Commands over the registry: init, members, import, records, imports, stats, template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine

from commonlist.cli.common import DbOption, actor, console, engine_for, user_errors
from commonlist.registry.db import migrate, transaction
from commonlist.registry.imports import ImportResult, import_file
from commonlist.registry.members import add_member, list_members
from commonlist.registry.records import get_record, list_imports, list_records, stats
from commonlist.settings import get_settings
from commonlist.sources.catalog import formats
from commonlist.sources.csv_template import template_text

members_app = typer.Typer(help="Member states and list owners.", no_args_is_help=True)
records_app = typer.Typer(
    help="Member records (one member's designation of one subject).", no_args_is_help=True
)
imports_app = typer.Typer(help="Import batches.", no_args_is_help=True)
template_app = typer.Typer(help="Templates for members' own files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("import")(import_cmd)
    app.command("stats")(stats_cmd)
    app.command("formats")(formats_cmd)
    app.add_typer(members_app, name="members")
    app.add_typer(records_app, name="records")
    app.add_typer(imports_app, name="imports")
    app.add_typer(template_app, name="template")


def init(db: DbOption = None) -> None:
    """Create or upgrade the registry database."""
    engine = engine_for(db, require_schema=False)
    with user_errors():
        migrate(engine)
    console.print(f"registry ready at {engine.url.render_as_string(hide_password=True)}")


@members_app.command("add")
def members_add(
    code: Annotated[str, typer.Argument(help="Member code, e.g. KZ, RU, UN.")],
    name_en: Annotated[str, typer.Option("--name-en", help="Name in English.")],
    name_ru: Annotated[str, typer.Option("--name-ru", help="Name in Russian.")],
    db: DbOption = None,
) -> None:
    """Register a member state or list owner."""
    engine = engine_for(db)
    with user_errors(), transaction(engine) as session:
        member = add_member(session, code, name_en=name_en, name_ru=name_ru, actor=actor())
    console.print(f"member {member.code} added")


@members_app.command("list")
def members_list(db: DbOption = None) -> None:
    """List the members."""
    engine = engine_for(db)
    with transaction(engine) as session:
        members = list_members(session)
    table = Table("code", "name (en)", "name (ru)", "since")
    for m in members:
        table.add_row(m.code, m.name_en, m.name_ru, m.created_at.date().isoformat())
    console.print(table)


def import_cmd(
    file: Annotated[Path, typer.Argument(help="List file (or, for ofac-csv, its folder).")],
    member: Annotated[str, typer.Option("--member", "-m", help="Code of the member submitting.")],
    format_name: Annotated[
        str | None, typer.Option("--format", "-f", help="List format; detected when omitted.")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Text encoding, e.g. cp1251; detected when omitted."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import a member's list file: all of it, or nothing."""
    engine = engine_for(db)
    result = run_import(engine, file, member=member, format_name=format_name, encoding=encoding)
    print_import(result)


def run_import(
    engine: Engine,
    file: Path,
    *,
    member: str,
    format_name: str | None = None,
    encoding: str | None = None,
) -> ImportResult:
    """Import with a progress bar; exits non-zero with a clear message on failure."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        parse_task = bar.add_task(f"reading {file.name}", total=None)
        write_task = bar.add_task("writing", total=None, visible=False)

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase == "parse":
                bar.update(parse_task, completed=done, total=total)
            else:
                bar.update(write_task, completed=done, total=total, visible=True)

        with user_errors():
            return import_file(
                engine,
                file,
                member=member,
                actor=actor(),
                max_bytes=get_settings().max_import_bytes,
                format_name=format_name,
                encoding=encoding,
                progress=progress,
            )


def print_import(result: ImportResult) -> None:
    table = Table(title=f"{result.member}: {result.file_name} ({result.format})")
    for col in ("records", "added", "changed", "withdrawn", "unchanged"):
        table.add_column(col, justify="right")
    table.add_row(
        *(
            f"{n:,}"
            for n in (
                result.total,
                result.added,
                result.changed,
                result.withdrawn,
                result.unchanged,
            )
        )
    )
    console.print(table)
    console.print(f"batch {result.batch_id}, sha256 {result.sha256[:16]}…")


@records_app.command("list")
def records_list(
    member: Annotated[str | None, typer.Option("--member", "-m")] = None,
    status: Annotated[str, typer.Option(help="active, withdrawn or all")] = "active",
    schema: Annotated[str | None, typer.Option(help="Person, Organization, Vessel…")] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Text in name or ID.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    db: DbOption = None,
) -> None:
    """List member records."""
    engine = engine_for(db)
    with transaction(engine) as session:
        rows = list_records(
            session,
            member=member,
            status=None if status == "all" else status,
            schema=schema,
            text=search,
            limit=limit,
            offset=offset,
        )
    table = Table("id", "schema", "name", "status", "v")
    for r in rows:
        table.add_row(r.id, r.schema, r.caption, r.status, str(r.version))
    console.print(table)


@records_app.command("show")
def records_show(
    record_id: Annotated[str, typer.Argument(help="MEMBER:ID, e.g. UN:QDi.001")],
    raw: Annotated[bool, typer.Option("--raw", help="Also print the source fragment.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show one member record with its history."""
    engine = engine_for(db)
    with user_errors(), transaction(engine) as session:
        detail = get_record(session, record_id)
    rec = detail.current.record
    if as_json:
        data = {
            "id": detail.summary.id,
            "status": detail.summary.status,
            "version": detail.summary.version,
            **rec.content(),
            "history": [
                {
                    "version": v.version,
                    "change": v.change,
                    "batch": v.batch_id,
                    "at": v.created_at.isoformat(),
                }
                for v in detail.history
            ],
        }
        console.print_json(orjson.dumps(data).decode())
        return
    s = detail.summary
    console.print(f"[bold]{s.id}[/bold] {s.schema} — {s.status}, version {s.version}")
    names = Table("name", "kind", "script", "lang", title="names")
    for n in rec.names:
        names.add_row(n.value, n.kind.value, n.script, n.lang or "")
    console.print(names)
    facts = Table("property", "values", title="facts")
    for prop, values in sorted(rec.properties.items()):
        facts.add_row(prop, "\n".join(values))
    for doc in rec.documents:
        facts.add_row(
            f"document ({doc.kind})", f"{doc.number} {doc.country or ''} {doc.note or ''}".strip()
        )
    console.print(facts)
    d = rec.designation
    for label, value in (
        ("listed on", d.listed_on),
        ("legal basis", d.legal_basis),
        ("regime", d.regime),
        ("authority", d.authority),
        ("updated on", d.updated_on),
        ("reasons", d.reasons),
    ):
        if value:
            console.print(f"[bold]{label}:[/bold] {value}", highlight=False)
    history = Table("version", "change", "batch", "at", title="history")
    for v in detail.history:
        history.add_row(
            str(v.version), v.change, str(v.batch_id), v.created_at.isoformat(timespec="seconds")
        )
    console.print(history)
    if raw:
        console.print(rec.raw or detail.current.record.raw, highlight=False, markup=False)


@imports_app.command("list")
def imports_list(
    member: Annotated[str | None, typer.Option("--member", "-m")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    db: DbOption = None,
) -> None:
    """List import batches, newest first, with their errors."""
    engine = engine_for(db)
    with transaction(engine) as session:
        batches = list_imports(session, member=member, limit=limit)
    table = Table(
        "batch", "member", "file", "status", "records (+added ~changed -withdrawn)", "by, at"
    )
    for b in batches:
        table.add_row(
            str(b.id),
            b.member,
            f"{b.file_name} ({b.format})",
            b.status,
            f"{b.total:,} (+{b.added:,} ~{b.changed:,} -{b.withdrawn:,})",
            f"{b.actor}, {b.started_at.isoformat(timespec='minutes')}",
        )
    console.print(table)
    for b in batches:
        for err in b.errors:
            console.print(f"[red]batch {b.id}:[/red] {err.get('message')}", highlight=False)


def stats_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
    db: DbOption = None,
) -> None:
    """Counts of current records, per member and schema."""
    engine = engine_for(db)
    with transaction(engine) as session:
        data = stats(session)
    if as_json:
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table("member", "name", "records", "withdrawn", "by schema", title="registry")
    for code, m in data["members"].items():
        by_schema = ", ".join(f"{k} {v:,}" for k, v in sorted(m["schemata"].items()))
        table.add_row(code, m["name_en"], f"{m['records']:,}", f"{m['withdrawn']:,}", by_schema)
    table.add_row("all", "", f"{data['records']:,}", f"{data['withdrawn']:,}", "", style="bold")
    console.print(table)


@template_app.command("csv")
def template_csv(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Write commonlist's CSV template (header and an example row)."""
    text = template_text()
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"template written to {out}")


def formats_cmd() -> None:
    """List the importable list formats."""
    table = Table("format", "description")
    for name, fmt in sorted(formats().items()):
        table.add_row(name, fmt.title)
    console.print(table)

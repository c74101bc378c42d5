"""Audit commands: verify the hash chain, show a target's history, list recent events."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from commonlist.access.roles import Action, authorize
from commonlist.audit.log import AuditEvent, get_event, history, recent, verify
from commonlist.cli.access import AsOption, TokenOption, acting
from commonlist.cli.common import DbOption, console, err_console
from commonlist.exc import InvalidInput
from commonlist.registry.db import transaction
from commonlist.releases.store import audit_anchors

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


def _table(events: list[AuditEvent], title: str) -> Table:
    table = Table("#", "at", "actor", "member", "action", "target", "detail", title=title)
    for e in events:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))
        table.add_row(
            str(e.seq),
            e.at.isoformat(timespec="seconds"),
            e.actor,
            e.member or "",
            e.action,
            e.target,
            detail,
        )
    return table


@audit_app.command("verify")
def audit_verify(as_user: AsOption = None, token: TokenOption = None, db: DbOption = None) -> None:
    """Walk the hash chain; name the first edited, deleted, inserted or reordered entry."""
    with acting(db, as_user, token) as (engine, principal), transaction(engine) as session:
        authorize(principal, Action.AUDIT_READ)
        result = verify(session, anchors=audit_anchors(session))
    if not result.ok:
        err_console.print(
            f"[red]audit log broken at entry {result.first_bad}:[/red] {result.reason} "
            f"({result.checked - 1} entries before it verified)",
            highlight=False,
        )
        raise typer.Exit(1)
    console.print(
        f"audit log intact: {result.checked:,} entries, head {result.head_seq} "
        f"{result.head_hash[:16]}…"
    )


@audit_app.command("show")
def audit_show(
    entry: Annotated[
        str | None,
        typer.Option("--entry", help="Target: CL-000123, a record, petition:P-…, user:…"),
    ] = None,
    seq: Annotated[int | None, typer.Option("--seq", help="One audit entry by number.")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Every audit event about a target, oldest first (or one event with its hashes)."""
    with acting(db, as_user, token) as (engine, principal), transaction(engine) as session:
        authorize(principal, Action.AUDIT_READ)
        if seq is not None:
            event = get_event(session, seq)
            if event is None:
                raise InvalidInput(f"no audit entry {seq}")
            for name in AuditEvent.__slots__:
                console.print(f"{name}: {getattr(event, name)}", highlight=False, markup=False)
            return
        if not entry:
            raise InvalidInput("give --entry TARGET or --seq N")
        target = entry.strip()
        events = history(session, target.upper() if target.upper().startswith("CL-") else target)
    if not events:
        console.print(f"no audit events about {target}")
        return
    console.print(f"[bold]history of {target}[/bold]: {len(events)} events")
    for e in events:
        detail = " ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))
        console.print(
            f"#{e.seq} {e.at.isoformat(timespec='seconds')} {e.action} by {e.actor}"
            f"{f' ({e.member})' if e.member else ''} {detail}",
            highlight=False,
            markup=False,
        )
        console.print(
            f"    before {e.before_sha256 or '-'}  after {e.after_sha256 or '-'}\n"
            f"    prev {e.prev_hash}  hash {e.hash}",
            highlight=False,
            markup=False,
        )


@audit_app.command("log")
def audit_log(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """The newest audit events."""
    with acting(db, as_user, token) as (engine, principal), transaction(engine) as session:
        authorize(principal, Action.AUDIT_READ)
        events = recent(session, limit=limit)
    console.print(_table(events, "audit log, newest first"))

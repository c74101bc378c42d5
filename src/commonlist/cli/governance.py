"""Governance commands: policy, submissions and four eyes, entry lifecycle, objections,
statements, periodic review and delisting petitions.

Labels of statuses and reasons are shown in English, or Russian with ``--lang ru``.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from commonlist.access.roles import Principal
from commonlist.cli.access import AsOption, TokenOption, acting, principal_for
from commonlist.cli.common import DbOption, console, engine_for, user_errors
from commonlist.exc import InvalidInput
from commonlist.policy import actions
from commonlist.policy.codes import PetitionStatus, ReviewOutcome, SubmissionStatus
from commonlist.policy.labels import label
from commonlist.policy.lifecycle import EntryStatus, Reason, blocked_reason, objection_deadline
from commonlist.policy.model import AdoptionRule, ObjectionEffect
from commonlist.policy.store import (
    entry_events,
    get_entry_state,
    list_entry_states,
    list_submissions,
    policy_at,
    policy_versions,
    review_schedule,
    standing_objectors,
)
from commonlist.policy.tables import ObjectionRow, PetitionDecisionRow, PetitionRow
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.settings import get_settings

policy_app = typer.Typer(
    help="The adoption policy: show it, apply a new one.", no_args_is_help=True
)
submissions_app = typer.Typer(
    help="Member submissions under four-eyes approval.", no_args_is_help=True
)
lifecycle_app = typer.Typer(
    help="Lifecycle of common entries: proposed, held, listed, amended, delisted.",
    no_args_is_help=True,
)
objections_app = typer.Typer(help="Members' objections to proposed entries.", no_args_is_help=True)
petitions_app = typer.Typer(help="Delisting petitions from the public.", no_args_is_help=True)

LangOption = Annotated[str, typer.Option("--lang", help="Labels in en or ru.")]
ReasonsOption = Annotated[str, typer.Option("--reasons", help="Why (kept in the audit log).")]


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
    app.add_typer(submissions_app, name="submissions")
    app.add_typer(lifecycle_app, name="lifecycle")
    app.add_typer(objections_app, name="objections")
    app.add_typer(petitions_app, name="petitions")
    app.command("submit")(submit)
    app.command("approve")(approve)
    app.command("reject")(reject)
    app.command("withdraw")(withdraw)
    app.command("object")(object_cmd)
    app.command("review-due")(review_due)


def _label(code: Enum, lang: str) -> str:
    """The label with its code, escaped for rich markup."""
    return escape(f"{label(code, lang)} [{code.value}]")


# --- policy ---------------------------------------------------------------------------------


@policy_app.command("show")
def policy_show(lang: LangOption = "en", db: DbOption = None) -> None:
    """The policy in force today and every applied version with its date."""
    engine = engine_for(db)
    with transaction(engine) as session:
        current = policy_at(session, utcnow())
        versions = policy_versions(session)
    console.print(f"[bold]in force:[/bold] {_label(current.rule, lang)}", highlight=False)
    facts = [
        ("effective from", current.effective_from.isoformat()),
        ("quorum (members)", str(current.threshold())),
        ("no-objection period (days)", str(current.objection_days)),
        ("objection", _label(current.objection_effect, lang)),
        ("review every (months)", str(current.review_months)),
        ("four eyes", "yes" if current.four_eyes else "no"),
        ("system imports auto-approved", "yes" if current.auto_approve_system else "no"),
    ]
    for name, value in facts:
        console.print(f"  {name}: {value}", highlight=False)
    if not versions:
        console.print("no policy applied yet: the built-in default (union) is in force")
        return
    table = Table("version", "effective from", "rule", "quorum", "days", "objection", "by")
    for v in versions:
        p = v.policy
        table.add_row(
            str(v.id),
            p.effective_from.isoformat(),
            p.rule.value,
            str(p.threshold()),
            str(p.objection_days),
            p.objection_effect.value,
            v.created_by,
        )
    console.print(table)
    console.print(
        "rules: "
        + "; ".join(_label(r, lang) for r in AdoptionRule)
        + "\nobjections: "
        + "; ".join(_label(e, lang) for e in ObjectionEffect),
        highlight=False,
    )


@policy_app.command("apply")
def policy_apply(
    file: Annotated[Path | None, typer.Argument(help="Policy TOML (default: policy.toml).")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Apply a policy file; it is in force from its ``effective_from`` date (audited)."""
    engine = engine_for(db)
    principal = principal_for(engine, as_user, token)
    path = file or get_settings().policy_file
    with user_errors():
        if not path.is_file():
            raise InvalidInput(f"no policy file at {path}")
        policy = actions.apply_policy(
            engine, principal, path.read_text(encoding="utf-8"), source=path.name
        )
    console.print(f"policy {policy.rule.value} applied, in force from {policy.effective_from}")


# --- submissions ----------------------------------------------------------------------------


def submit(
    file: Annotated[Path, typer.Argument(help="The member's list file.")],
    member: Annotated[
        str | None, typer.Option("--member", "-m", help="Member (default: the user's).")
    ] = None,
    format_name: Annotated[str | None, typer.Option("--format", "-f")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding")] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Submit a member's list file; it counts after a second person approves it."""
    with acting(db, as_user, token) as (engine, principal):
        done = actions.submit_import(
            engine,
            principal,
            file,
            member=member,
            max_bytes=get_settings().max_import_bytes,
            format_name=format_name,
            encoding=encoding,
        )
    r = done.result
    console.print(
        f"submission #{done.submission_id} ({r.member}, batch {r.batch_id}): "
        f"{r.added} added, {r.changed} changed, {r.withdrawn} withdrawn — {done.status.value}"
    )


@submissions_app.command("list")
def submissions_list(
    member: Annotated[str | None, typer.Option("--member", "-m")] = None,
    status: Annotated[SubmissionStatus | None, typer.Option("--status")] = None,
    lang: LangOption = "en",
    db: DbOption = None,
) -> None:
    """Submissions with their approval status."""
    engine = engine_for(db)
    with transaction(engine) as session:
        subs = list_submissions(session, member=member, status=status)
    table = Table("#", "member", "kind", "batch", "by", "at", "status", "decided by")
    for s in subs:
        table.add_row(
            str(s.id),
            s.member,
            s.kind,
            str(s.batch_id),
            s.submitted_by,
            s.submitted_at.isoformat(timespec="minutes"),
            label(s.status, lang),
            s.decided_by or "",
        )
    console.print(table)


def approve(
    submission: Annotated[int, typer.Argument(help="Submission number.")],
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Approve a submission of your member (not your own: four eyes)."""
    with acting(db, as_user, token) as (engine, principal):
        actions.decide_submission(engine, principal, submission, approve=True)
    console.print(f"submission #{submission} approved")


def reject(
    submission: Annotated[int, typer.Argument(help="Submission number.")],
    reasons: ReasonsOption,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Reject a submission of your member, with reasons."""
    with acting(db, as_user, token) as (engine, principal):
        actions.decide_submission(engine, principal, submission, approve=False, reasons=reasons)
    console.print(f"submission #{submission} rejected")


def withdraw(
    record: Annotated[str, typer.Argument(help="MEMBER:ID of the designation.")],
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Withdraw one of your member's designations (a submission needing approval)."""
    with acting(db, as_user, token) as (engine, principal):
        done = actions.withdraw_designation(engine, principal, record)
    console.print(f"withdrawal of {record}: submission #{done.submission_id}, {done.status.value}")


# --- entries --------------------------------------------------------------------------------


@lifecycle_app.command("evaluate")
def entries_evaluate(
    as_user: AsOption = None, token: TokenOption = None, db: DbOption = None
) -> None:
    """Apply the policy in force to every common entry and record the transitions."""
    with acting(db, as_user, token) as (engine, principal):
        result = actions.evaluate_entries(engine, principal)
    counts: dict[str, int] = {}
    for _old, new, _reason in result.changes.values():
        counts[new.value] = counts.get(new.value, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no changes"
    console.print(f"{result.entries:,} entries under {result.policy.rule.value}: {summary}")


@lifecycle_app.command("list")
def entries_list(
    status: Annotated[EntryStatus | None, typer.Option("--status")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 100,
    lang: LangOption = "en",
    db: DbOption = None,
) -> None:
    """Common entries under governance with their lifecycle status."""
    engine = engine_for(db)
    with transaction(engine) as session:
        entries = list_entry_states(session, status=status, limit=limit)
    table = Table("entry", "status", "reason", "since", "members")
    for e in entries:
        table.add_row(
            e.entry_id,
            label(e.status, lang),
            label(e.reason, lang),
            e.since.date().isoformat(),
            ", ".join(e.supporters),
        )
    console.print(table)


@lifecycle_app.command("show")
def entries_show(
    entry: Annotated[str, typer.Argument(help="Common entry, e.g. CL-000123.")],
    lang: LangOption = "en",
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """An entry's status, lifecycle events, objections and statement of reasons."""
    with acting(db, as_user, token) as (engine, principal), transaction(engine) as session:
        info = get_entry_state(session, entry)
        events = entry_events(session, info.entry_id)
        statement = actions.read_statement(session, principal, info.entry_id)
        objections = session.scalars(
            select(ObjectionRow).where(ObjectionRow.entry_id == info.entry_id)
        ).all()
        policy = policy_at(session, utcnow())
        standing = frozenset(standing_objectors(session).get(info.entry_id, {}))
    console.print(
        f"[bold]{info.entry_id}[/bold] {_label(info.status, lang)} — {label(info.reason, lang)}; "
        f"members: {', '.join(info.supporters) or 'none'}",
        highlight=False,
    )
    if info.status is EntryStatus.PROPOSED:
        deadline = objection_deadline(info.proposed_at, policy)
        waiting = blocked_reason(info.status, frozenset(info.supporters), policy, standing)
        console.print(
            f"no-objection period ends {deadline:%Y-%m-%d %H:%M} UTC"
            + (f"; waiting: {label(waiting, lang)}" if waiting else ""),
            highlight=False,
        )
    table = Table("at", "from", "to", "reason", "by", "note", title="lifecycle")
    for ev in events:
        table.add_row(
            ev.at.isoformat(timespec="minutes"),
            ev.old_status or "",
            ev.new_status,
            label(Reason(ev.reason), lang),
            ev.actor,
            ev.note,
        )
    console.print(table)
    for o in objections:
        state = f"withdrawn {o.withdrawn_at:%Y-%m-%d}" if o.withdrawn_at else "standing"
        console.print(
            f"objection #{o.id} by {o.member_code} ({state}): {o.reasons}", highlight=False
        )
    if statement:
        console.print(f"[bold]statement:[/bold] {statement['public_summary']}", highlight=False)
        if "confidential" in statement:
            console.print(
                f"[bold]confidential:[/bold] {statement['confidential']}", highlight=False
            )


def _decide(
    kind: str, entry: str, reasons: str, as_user: str | None, token: str | None, db: str | None
) -> None:
    with acting(db, as_user, token) as (engine, principal):
        if kind == "hold":
            status = actions.hold_entry(engine, principal, entry, reasons)
        elif kind == "unhold":
            status = actions.lift_hold(engine, principal, entry, reasons)
        else:
            status = actions.delist_entry(engine, principal, entry, reasons)
    console.print(f"{entry.upper()}: {status.value}")


@lifecycle_app.command("hold")
def entries_hold(
    entry: str,
    reasons: ReasonsOption,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Put a proposed entry on hold (secretariat)."""
    _decide("hold", entry, reasons, as_user, token, db)


@lifecycle_app.command("unhold")
def entries_unhold(
    entry: str,
    reasons: ReasonsOption,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Lift a hold (secretariat); objections raised before it no longer count."""
    _decide("unhold", entry, reasons, as_user, token, db)


@lifecycle_app.command("delist")
def entries_delist(
    entry: str,
    reasons: ReasonsOption,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Delist a listed entry by decision of the secretariat."""
    _decide("delist", entry, reasons, as_user, token, db)


@lifecycle_app.command("statement")
def entries_statement(
    entry: str,
    public: Annotated[str, typer.Option("--public", help="Narrative summary, published.")],
    confidential: Annotated[
        str, typer.Option("--confidential", help="Confidential part, never published.")
    ] = "",
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Record the statement of reasons of an entry (secretariat)."""
    with acting(db, as_user, token) as (engine, principal):
        actions.set_statement(
            engine, principal, entry, public_summary=public, confidential=confidential
        )
    console.print(f"{entry.upper()}: statement of reasons recorded")


@lifecycle_app.command("review")
def entries_review(
    entry: str,
    outcome: Annotated[ReviewOutcome, typer.Option("--outcome")],
    notes: Annotated[str, typer.Option("--notes")],
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Record a periodic review: maintained, or delist."""
    with acting(db, as_user, token) as (engine, principal):
        actions.record_review(engine, principal, entry, outcome, notes)
    console.print(f"{entry.upper()}: review recorded ({outcome.value})")


def review_due(
    today: Annotated[
        str | None, typer.Option("--today", help="Report as of this date (YYYY-MM-DD).")
    ] = None,
    all_entries: Annotated[
        bool, typer.Option("--all", help="Also list entries not yet due.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Listed entries overdue for their periodic review."""
    engine = engine_for(db)
    with user_errors():
        try:
            day = date.fromisoformat(today) if today else utcnow().date()
        except ValueError:
            raise InvalidInput(f"--today {today!r} is not a date (YYYY-MM-DD)") from None
    with transaction(engine) as session:
        months = policy_at(session, utcnow()).review_months
        schedule = review_schedule(session, months=months, today=day)
    due = [r for r in schedule if all_entries or r.overdue_days >= 0]
    table = Table("entry", "listed", "last review", "due", "overdue (days)")
    for r in due:
        table.add_row(
            r.entry_id,
            r.listed_at.date().isoformat(),
            r.last_review.date().isoformat() if r.last_review else "",
            r.due.isoformat(),
            str(r.overdue_days) if r.overdue_days >= 0 else "",
        )
    console.print(table)
    overdue = sum(1 for r in schedule if r.overdue_days >= 0)
    console.print(
        f"{overdue} of {len(schedule)} listed entries due for review (every {months} months)"
    )


# --- objections -----------------------------------------------------------------------------


def object_cmd(
    entry: Annotated[str, typer.Argument(help="Proposed common entry, e.g. CL-000123.")],
    reasons: ReasonsOption,
    member: Annotated[
        str | None, typer.Option("--member", "-m", help="Objecting member (default: the user's).")
    ] = None,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Object to a proposed entry during its no-objection period, with reasons."""
    with acting(db, as_user, token) as (engine, principal):
        number = actions.raise_objection(engine, principal, entry, reasons, member=member)
    console.print(f"objection #{number} to {entry.upper()} recorded")


@objections_app.command("list")
def objections_list(
    entry: Annotated[str | None, typer.Option("--entry")] = None, db: DbOption = None
) -> None:
    """Objections, standing and withdrawn."""
    engine = engine_for(db)
    stmt = select(ObjectionRow).order_by(ObjectionRow.id)
    if entry:
        stmt = stmt.where(ObjectionRow.entry_id == entry.upper())
    with transaction(engine) as session:
        rows = session.scalars(stmt).all()
    table = Table("#", "entry", "member", "by", "raised", "status", "reasons")
    for o in rows:
        table.add_row(
            str(o.id),
            o.entry_id,
            o.member_code,
            o.raised_by,
            o.raised_at.date().isoformat(),
            "withdrawn" if o.withdrawn_at else "standing",
            o.reasons,
        )
    console.print(table)


@objections_app.command("withdraw")
def objections_withdraw(
    objection: int, as_user: AsOption = None, token: TokenOption = None, db: DbOption = None
) -> None:
    """Withdraw your member's objection."""
    with acting(db, as_user, token) as (engine, principal):
        actions.withdraw_objection(engine, principal, objection)
    console.print(f"objection #{objection} withdrawn")


# --- petitions ------------------------------------------------------------------------------


@petitions_app.command("file")
def petitions_file(
    entry: Annotated[str, typer.Argument(help="Listed common entry, e.g. CL-000123.")],
    name: Annotated[str, typer.Option("--name", help="Who petitions.")],
    contact: Annotated[str, typer.Option("--contact", help="E-mail or postal address.")],
    grounds: Annotated[str, typer.Option("--grounds", help="Why the entry should be delisted.")],
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="PDF, PNG, JPEG or text file (repeat).")
    ] = None,
    db: DbOption = None,
) -> None:
    """File a delisting petition as the public; prints the number and a status token."""
    engine = engine_for(db)
    files = [(p.name, p.read_bytes()) for p in attach or []]
    with user_errors():
        number, secret = actions.file_petition(
            engine,
            Principal.public(),
            entry,
            petitioner=name,
            contact=contact,
            grounds=grounds,
            attachments=files,
            max_attachment_bytes=get_settings().max_attachment_bytes,
        )
    console.print(f"petition {number} filed; keep this token to check its status:")
    typer.echo(secret)


@petitions_app.command("status")
def petitions_status(
    petition: str,
    token: Annotated[str, typer.Option("--token", help="The token given when filing.")],
    lang: LangOption = "en",
    db: DbOption = None,
) -> None:
    """A petition's status, for the petitioner holding its token."""
    engine = engine_for(db)
    with user_errors(), transaction(engine) as session:
        view = actions.petition_status(session, petition, token)
    console.print(f"petition {view.id} on {view.entry_id}: {_label(view.status, lang)}")
    for status, reasons, at in view.steps:
        console.print(f"  {at:%Y-%m-%d} {label(status, lang)}: {reasons}", highlight=False)


@petitions_app.command("list")
def petitions_list(lang: LangOption = "en", db: DbOption = None) -> None:
    """Petitions with their latest status (secretariat's queue)."""
    engine = engine_for(db)
    with transaction(engine) as session:
        petitions = session.scalars(select(PetitionRow).order_by(PetitionRow.filed_at)).all()
        latest: dict[str, str] = {}
        for pid, status in session.execute(
            select(PetitionDecisionRow.petition_id, PetitionDecisionRow.status).order_by(
                PetitionDecisionRow.id
            )
        ):
            latest[pid] = status
    table = Table("petition", "entry", "petitioner", "filed", "status")
    for p in petitions:
        status = PetitionStatus(latest.get(p.id, PetitionStatus.RECEIVED.value))
        table.add_row(
            p.id, p.entry_id, p.petitioner, p.filed_at.date().isoformat(), label(status, lang)
        )
    console.print(table)


@petitions_app.command("decide")
def petitions_decide(
    petition: str,
    status: Annotated[
        PetitionStatus, typer.Option("--status", help="under_review, granted or rejected.")
    ],
    reasons: ReasonsOption,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Record a step or the outcome of a petition with reasons; granted delists the entry."""
    with acting(db, as_user, token) as (engine, principal):
        actions.decide_petition(engine, principal, petition, status, reasons)
    console.print(f"petition {petition.upper()}: {status.value}")

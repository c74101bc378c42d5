"""Reading governance state: the policy in force, entry states, objections, statements, reviews."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.access.util import aware
from commonlist.exc import NotFound
from commonlist.policy.codes import SubmissionStatus
from commonlist.policy.lifecycle import ON_LIST, EntryState, EntryStatus, Reason
from commonlist.policy.model import DEFAULT_POLICY, Policy
from commonlist.policy.tables import (
    EntryEventRow,
    EntryStateRow,
    ObjectionRow,
    PolicyVersionRow,
    ReviewRow,
    StatementRow,
    SubmissionDecisionRow,
    SubmissionRow,
)


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    id: int | None
    policy: Policy
    created_at: datetime | None
    created_by: str


def policy_versions(session: Session) -> list[PolicyVersion]:
    rows = session.scalars(
        select(PolicyVersionRow).order_by(PolicyVersionRow.effective_from, PolicyVersionRow.id)
    )
    return [
        PolicyVersion(r.id, Policy.from_dict(r.body), aware(r.created_at), r.created_by)
        for r in rows
    ]


def policy_at(session: Session, at: datetime) -> Policy:
    """The policy in force at ``at``: the newest applied one whose date has come."""
    row = session.scalars(
        select(PolicyVersionRow)
        .where(PolicyVersionRow.effective_from <= at.date())
        .order_by(PolicyVersionRow.effective_from.desc(), PolicyVersionRow.id.desc())
        .limit(1)
    ).first()
    return DEFAULT_POLICY if row is None else Policy.from_dict(row.body)


def state_of(row: EntryStateRow) -> EntryState:
    return EntryState(
        row.entry_id,
        EntryStatus(row.status),
        aware(row.proposed_at),
        row.content_sha256,
        row.decided_support,
    )


@dataclass(frozen=True, slots=True)
class EntryInfo:
    entry_id: str
    status: EntryStatus
    reason: Reason
    since: datetime
    proposed_at: datetime
    listed_at: datetime | None
    supporters: tuple[str, ...]


def _info(row: EntryStateRow) -> EntryInfo:
    return EntryInfo(
        row.entry_id,
        EntryStatus(row.status),
        Reason(row.reason),
        aware(row.since),
        aware(row.proposed_at),
        aware(row.listed_at) if row.listed_at else None,
        tuple(row.supporters),
    )


def get_entry_state(session: Session, entry_id: str) -> EntryInfo:
    row = session.get(EntryStateRow, entry_id.strip().upper())
    if row is None:
        raise NotFound(
            f"no common entry {entry_id!r} under governance (run `commonlist lifecycle evaluate`)"
        )
    return _info(row)


def list_entry_states(
    session: Session, *, status: EntryStatus | None = None, limit: int = 100
) -> list[EntryInfo]:
    stmt = select(EntryStateRow).order_by(EntryStateRow.entry_id).limit(limit)
    if status is not None:
        stmt = stmt.where(EntryStateRow.status == status.value)
    return [_info(r) for r in session.scalars(stmt)]


def entry_events(session: Session, entry_id: str) -> list[EntryEventRow]:
    return list(
        session.scalars(
            select(EntryEventRow)
            .where(EntryEventRow.entry_id == entry_id)
            .order_by(EntryEventRow.id)
        )
    )


def standing_objectors(session: Session) -> dict[str, dict[str, datetime]]:
    """Entry id → member → when its standing (not withdrawn) objection was raised."""
    found: dict[str, dict[str, datetime]] = {}
    for entry_id, member, raised_at in session.execute(
        select(ObjectionRow.entry_id, ObjectionRow.member_code, ObjectionRow.raised_at).where(
            ObjectionRow.withdrawn_at.is_(None)
        )
    ):
        found.setdefault(entry_id, {})[member] = aware(raised_at)
    return found


def holds_lifted(session: Session) -> dict[str, datetime]:
    """Entry id → last time the secretariat lifted a hold (objections before it are spent)."""
    found: dict[str, datetime] = {}
    for entry_id, at in session.execute(
        select(EntryEventRow.entry_id, EntryEventRow.at)
        .where(EntryEventRow.reason == Reason.HOLD_LIFTED.value)
        .order_by(EntryEventRow.id)
    ):
        found[entry_id] = aware(at)
    return found


@dataclass(frozen=True, slots=True)
class Statement:
    entry_id: str
    public_summary: str
    confidential: str | None  # None when the reader may not see it
    author: str
    created_at: datetime


def latest_statement(session: Session, entry_id: str, *, confidential: bool) -> Statement | None:
    row = session.scalars(
        select(StatementRow)
        .where(StatementRow.entry_id == entry_id)
        .order_by(StatementRow.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return Statement(
        row.entry_id,
        row.public_summary,
        row.confidential if confidential else None,
        row.author,
        aware(row.created_at),
    )


def public_summaries(session: Session) -> dict[str, str]:
    """Entry id → newest public summary of its statement of reasons."""
    found: dict[str, str] = {}
    for entry_id, summary in session.execute(
        select(StatementRow.entry_id, StatementRow.public_summary).order_by(StatementRow.id)
    ):
        found[entry_id] = summary
    return found


@dataclass(frozen=True, slots=True)
class Submission:
    id: int
    batch_id: int
    member: str
    kind: str
    submitted_by: str
    submitted_at: datetime
    status: SubmissionStatus
    decided_by: str | None


def list_submissions(
    session: Session, *, member: str | None = None, status: SubmissionStatus | None = None
) -> list[Submission]:
    stmt = (
        select(SubmissionRow, SubmissionDecisionRow)
        .outerjoin(SubmissionDecisionRow, SubmissionDecisionRow.submission_id == SubmissionRow.id)
        .order_by(SubmissionRow.id)
    )
    if member:
        stmt = stmt.where(SubmissionRow.member_code == member.upper())
    found = []
    for sub, decision in session.execute(stmt):
        state = SubmissionStatus(decision.status) if decision else SubmissionStatus.PENDING
        if status is not None and state is not status:
            continue
        found.append(
            Submission(
                sub.id,
                sub.batch_id,
                sub.member_code,
                sub.kind,
                sub.submitted_by,
                aware(sub.submitted_at),
                state,
                decision.decided_by if decision else None,
            )
        )
    return found


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class ReviewDue:
    entry_id: str
    listed_at: datetime
    last_review: datetime | None
    due: date
    overdue_days: int


def review_schedule(session: Session, *, months: int, today: date) -> list[ReviewDue]:
    """Listed entries with their next review date (last review, else listing, + ``months``)."""
    last: dict[str, datetime] = {}
    for entry_id, at in session.execute(
        select(ReviewRow.entry_id, ReviewRow.reviewed_at).order_by(ReviewRow.id)
    ):
        last[entry_id] = aware(at)
    found = []
    for row in session.scalars(
        select(EntryStateRow)
        .where(EntryStateRow.status.in_([s.value for s in ON_LIST]))
        .order_by(EntryStateRow.entry_id)
    ):
        assert row.listed_at is not None
        listed = aware(row.listed_at)
        reviewed = last.get(row.entry_id)
        base = max(listed, reviewed) if reviewed else listed
        due = add_months(base.date(), months)
        found.append(ReviewDue(row.entry_id, listed, reviewed, due, (today - due).days))
    return found

"""An entry's public page: resolve's entry view, plus its lifecycle and provenance timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.access.roles import Principal
from commonlist.policy.actions import read_statement
from commonlist.policy.tables import EntryEventRow, EntryStateRow, ReviewRow
from commonlist.registry.records import get_record
from commonlist.resolve.entries import EntryView, get_entry
from commonlist.resolve.judgement import judgement_history


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: str  # added | changed | reinstated | withdrawn | status | reviewed | judged
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class MemberReason:
    member: str
    record_id: str
    listed_on: str | None
    legal_basis: str | None
    reasons: str


@dataclass(frozen=True, slots=True)
class EntryPage:
    view: EntryView
    status: str  # lifecycle status once governance has seen the entry, else resolve's
    timeline: tuple[Event, ...]
    statement: dict[str, str]  # public_summary, and confidential for those who may read it
    member_reasons: tuple[MemberReason, ...]


def entry_page(session: Session, principal: Principal, entry_id: str) -> EntryPage:
    """Everything ``principal`` may see about one entry; NotFound for an unknown ID."""
    view = get_entry(session, entry_id)
    state = session.get(EntryStateRow, view.id)
    current = [r.record_id for r in view.records if r.removed_at is None]
    details = [get_record(session, rid) for rid in current]
    reasons = tuple(
        MemberReason(
            d.summary.member,
            d.summary.id,
            d.current.record.designation.listed_on,
            d.current.record.designation.legal_basis,
            d.current.record.designation.reasons or "",
        )
        for d in details
        if d.current.record.designation.reasons or d.current.record.designation.legal_basis
    )
    events: list[Event] = []
    for detail in details:
        for version in detail.history:
            events.append(
                Event(
                    version.created_at,
                    version.change,
                    {"member": detail.summary.member, "record": detail.summary.id},
                )
            )
    for row in session.scalars(select(EntryEventRow).where(EntryEventRow.entry_id == view.id)):
        events.append(Event(row.at, "status", {"status": row.new_status, "reason": row.reason}))
    for review in session.scalars(select(ReviewRow).where(ReviewRow.entry_id == view.id)):
        events.append(Event(review.reviewed_at, "reviewed", {"outcome": review.outcome}))
    for judgement in judgement_history(session, current):
        if judgement.retracted_at is None:
            events.append(
                Event(
                    judgement.created_at,
                    "judged",
                    {
                        "left": judgement.pair.left,
                        "right": judgement.pair.right,
                        "decision": judgement.decision.value,
                    },
                )
            )
    return EntryPage(
        view=view,
        status=state.status if state is not None else view.status,
        timeline=tuple(sorted(events, key=lambda e: _utc(e.at))),
        statement=read_statement(session, principal, view.id),
        member_reasons=reasons,
    )


def _utc(value: datetime) -> datetime:
    """SQLite gives naive UTC times, PostgreSQL aware ones: compare them as aware UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

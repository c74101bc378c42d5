"""Known false positives, scoped to the screening client that marked them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.exc import InvalidInput, NotFound
from commonlist.registry.clock import utcnow
from commonlist.screen.tables import FalsePositiveRow


@dataclass(frozen=True, slots=True)
class FalsePositive:
    id: int
    client: str
    record_id: str
    entity_id: str
    comment: str
    created_at: datetime
    retracted_at: datetime | None


def _mark(row: FalsePositiveRow) -> FalsePositive:
    return FalsePositive(
        row.id,
        row.client,
        row.record_id,
        row.entity_id,
        row.comment,
        row.created_at,
        row.retracted_at,
    )


def mark_false_positive(
    session: Session, *, client: str, record_id: str, entity_id: str, actor: str, comment: str = ""
) -> FalsePositive:
    """Remember that the client's record is not the entry; idempotent for a live mark."""
    if not record_id.strip() or not entity_id.strip():
        raise InvalidInput("a false-positive mark needs the client's record_id and the entity_id")
    live = session.scalar(
        select(FalsePositiveRow).where(
            FalsePositiveRow.client == client,
            FalsePositiveRow.record_id == record_id,
            FalsePositiveRow.entity_id == entity_id,
            FalsePositiveRow.retracted_at.is_(None),
        )
    )
    if live is not None:
        return _mark(live)
    row = FalsePositiveRow(
        client=client,
        record_id=record_id,
        entity_id=entity_id,
        comment=comment,
        created_by=actor,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return _mark(row)


def retract_false_positive(session: Session, *, client: str, mark_id: int) -> FalsePositive:
    """Withdraw one of the client's marks (it stays in the table with ``retracted_at``)."""
    row = session.get(FalsePositiveRow, mark_id)
    if row is None or row.client != client or row.retracted_at is not None:
        raise NotFound(f"no live false-positive mark {mark_id} of {client}")
    row.retracted_at = utcnow()
    return _mark(row)


def false_positives(
    session: Session, *, client: str, record_ids: Iterable[str]
) -> set[tuple[str, str]]:
    """(record_id, entity_id) pairs the client marked as not a match, among these records."""
    wanted = sorted(set(record_ids))
    if not wanted:
        return set()
    rows = session.execute(
        select(FalsePositiveRow.record_id, FalsePositiveRow.entity_id).where(
            FalsePositiveRow.client == client,
            FalsePositiveRow.record_id.in_(wanted),
            FalsePositiveRow.retracted_at.is_(None),
        )
    )
    return {(r, e) for r, e in rows}


def list_false_positives(session: Session, *, client: str) -> list[FalsePositive]:
    rows = session.scalars(
        select(FalsePositiveRow)
        .where(FalsePositiveRow.client == client)
        .order_by(FalsePositiveRow.id)
    )
    return [_mark(r) for r in rows]

"""Review decisions on pairs of member records: the vocabulary, the pair, the log.

Judgements are append-only: a decision is corrected by retracting it
(``retracted_at``) and adding a new one. They name records, not entries, so
they survive re-imports and re-runs and are never asked again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from commonlist.exc import InvalidInput, NotFound
from commonlist.registry.clock import utcnow
from commonlist.registry.tables import SourceRecordRow
from commonlist.resolve.tables import JudgementRow, ReviewCandidateRow


class Decision(str, Enum):
    """A reviewer's verdict on whether two member records are one subject."""

    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"  # parked: blocks auto-merge, not asked again until retracted


@dataclass(frozen=True, slots=True, order=True)
class Pair:
    """Two distinct member records in fixed order (``left < right``)."""

    left: str
    right: str

    @classmethod
    def of(cls, a: str, b: str) -> Pair:
        if a == b:
            raise InvalidInput(f"a record cannot be judged against itself: {a!r}")
        return cls(a, b) if a < b else cls(b, a)


@dataclass(frozen=True, slots=True)
class Judgement:
    id: int
    pair: Pair
    decision: Decision
    user: str
    comment: str
    created_at: datetime
    retracted_at: datetime | None


def _judgement(row: JudgementRow) -> Judgement:
    return Judgement(
        row.id,
        Pair(row.left_id, row.right_id),
        Decision(row.decision),
        row.user,
        row.comment,
        row.created_at,
        row.retracted_at,
    )


def current_judgements(session: Session) -> dict[Pair, Decision]:
    """The standing (not retracted) decision of every judged pair."""
    rows = session.execute(
        select(JudgementRow.left_id, JudgementRow.right_id, JudgementRow.decision)
        .where(JudgementRow.retracted_at.is_(None))
        .order_by(JudgementRow.id)
    )
    return {Pair(left, right): Decision(decision) for left, right, decision in rows}


def judge(
    session: Session,
    a: str,
    b: str,
    decision: Decision,
    *,
    user: str,
    comment: str = "",
) -> Judgement:
    """Record a decision on two records, retracting any earlier standing one on the pair.

    Takes effect on clusters at the next ``resolve`` (or ``recluster``) run.
    """
    pair = Pair.of(a, b)
    for rid in (pair.left, pair.right):
        if session.get(SourceRecordRow, rid) is None:
            raise NotFound(f"no record {rid!r} (records are named MEMBER:ID, e.g. UN:QDi.001)")
    now = utcnow()
    _retract_pair(session, pair, now)
    row = JudgementRow(
        left_id=pair.left,
        right_id=pair.right,
        decision=decision.value,
        user=user,
        comment=comment,
        created_at=now,
    )
    session.add(row)
    session.execute(
        update(ReviewCandidateRow)
        .where(
            ReviewCandidateRow.left_id == pair.left,
            ReviewCandidateRow.right_id == pair.right,
            ReviewCandidateRow.state == "open",
        )
        .values(state="decided", resolved_at=now, updated_at=now)
    )
    session.flush()
    return _judgement(row)


def retract(session: Session, a: str, b: str) -> int:
    """Retract the standing decision on a pair; returns how many were retracted."""
    return _retract_pair(session, Pair.of(a, b), utcnow())


def _retract_pair(session: Session, pair: Pair, now: datetime) -> int:
    result = session.execute(
        update(JudgementRow)
        .where(
            JudgementRow.left_id == pair.left,
            JudgementRow.right_id == pair.right,
            JudgementRow.retracted_at.is_(None),
        )
        .values(retracted_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def judgement_history(session: Session, records: Iterable[str]) -> list[Judgement]:
    """Every judgement, retracted ones included, touching any of ``records``; oldest first."""
    ids = list(records)
    rows = session.scalars(
        select(JudgementRow)
        .where(JudgementRow.left_id.in_(ids) | JudgementRow.right_id.in_(ids))
        .order_by(JudgementRow.id)
    )
    return [_judgement(r) for r in rows]

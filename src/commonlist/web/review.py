"""The secretariat's review of candidate pairs: what the page compares, and deciding a pair.

``resolve.judgement.judge`` takes no principal, so deciding goes through this small
adapter: it authorises the principal (a pair decision is part of evaluating
entries, a secretariat action), records the judgement, re-clusters from cached
scores, appends an audit event, and re-evaluates the lifecycle — all before the
page redirects, so the entry page shows the result at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from commonlist.access.roles import Action, Principal, authorize
from commonlist.audit.log import append
from commonlist.exc import Conflict, NotFound
from commonlist.policy.actions import evaluate_entries
from commonlist.registry.db import transaction
from commonlist.registry.records import RecordDetail, get_record
from commonlist.resolve.entries import entry_for_record
from commonlist.resolve.judgement import Decision, judge
from commonlist.resolve.resolver import recluster
from commonlist.resolve.tables import ReviewCandidateRow

#: The audit log's action name for a pair decision.
AUDIT_ACTION = "pair.judge"


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    left: str
    right: str
    score: float
    state: str
    features: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One property of both records; ``differs`` when both give values and they differ."""

    prop: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    differs: bool


def _candidate(row: ReviewCandidateRow) -> Candidate:
    return Candidate(row.id, row.left_id, row.right_id, row.score, row.state, row.features or {})


def open_candidates(session: Session, *, limit: int = 100) -> list[Candidate]:
    """Open pairs, the most likely first."""
    rows = session.scalars(
        select(ReviewCandidateRow)
        .where(ReviewCandidateRow.state == "open")
        .order_by(ReviewCandidateRow.score.desc(), ReviewCandidateRow.id)
        .limit(limit)
    )
    return [_candidate(r) for r in rows]


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    row = session.get(ReviewCandidateRow, candidate_id)
    if row is None:
        raise NotFound(f"no review candidate {candidate_id}")
    return _candidate(row)


def _values(detail: RecordDetail) -> dict[str, tuple[str, ...]]:
    record = detail.current.record
    values: dict[str, tuple[str, ...]] = {"name": tuple(n.value for n in record.names)}
    for prop, items in record.properties.items():
        values[prop] = tuple(items)
    if record.documents:
        values["documents"] = tuple(
            f"{d.kind}: {d.number}" + (f" ({d.country})" if d.country else "")
            for d in record.documents
        )
    for key in ("listed_on", "legal_basis"):
        if value := getattr(record.designation, key):
            values[key] = (value,)
    return values


def compare_rows(left: RecordDetail, right: RecordDetail) -> list[CompareRow]:
    """Both records property by property, names first; differing values flagged."""
    a, b = _values(left), _values(right)
    order = ["name"] + sorted((set(a) | set(b)) - {"name"})
    return [
        CompareRow(
            prop,
            a.get(prop, ()),
            b.get(prop, ()),
            bool(a.get(prop)) and bool(b.get(prop)) and set(a[prop]) != set(b[prop]),
        )
        for prop in order
    ]


def decide_pair(
    engine: Engine, principal: Principal, candidate_id: int, decision: Decision, comment: str
) -> str | None:
    """Judge a candidate pair and apply it; returns the left record's entry afterwards."""
    authorize(principal, Action.ENTRY_EVALUATE)
    with transaction(engine) as session:
        candidate = get_candidate(session, candidate_id)
        if candidate.state != "open":
            raise Conflict(f"candidate {candidate_id} is already {candidate.state}")
        judgement = judge(
            session,
            candidate.left,
            candidate.right,
            decision,
            user=principal.name,
            comment=comment.strip(),
        )
        append(
            session,
            principal.name,
            principal.member,
            AUDIT_ACTION,
            f"pair:{candidate.left}|{candidate.right}",
            None,
            {"decision": decision.value, "comment": comment.strip()},
            detail={"candidate": candidate_id, "judgement": judgement.id},
        )
        recluster(session, actor=principal.name)
    evaluate_entries(engine, principal)
    with transaction(engine) as session:
        return entry_for_record(session, candidate.left)


def pair_details(session: Session, candidate: Candidate) -> tuple[RecordDetail, RecordDetail]:
    return get_record(session, candidate.left), get_record(session, candidate.right)

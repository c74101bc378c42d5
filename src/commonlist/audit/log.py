"""Appending to the audit log, verifying its hash chain, reading a target's history.

Each event's hash covers its sequence number, time, actor, member, action,
target, the digests of the state before and after, a small detail object and
the previous event's hash. Editing, deleting, inserting or reordering any row
breaks the chain at that row (``verify`` names it). Cutting the newest rows off
the end leaves a valid shorter chain, so each release records the head it saw
(``seq`` and ``hash``) in its signed manifest and ``verify`` checks those anchors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import orjson
from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from commonlist.audit.tables import AuditEventRow
from commonlist.registry.clock import utcnow

GENESIS = "0" * 64
ANCHOR_BROKEN = "an event anchored in a release is missing or different (log cut or rewritten)"
#: PostgreSQL advisory lock key serialising appends (SQLite serialises writers anyway).
LOCK_KEY = 0x636C6175


@dataclass(frozen=True, slots=True)
class AuditEvent:
    seq: int
    at: datetime
    actor: str
    member: str | None
    action: str
    target: str
    before_sha256: str | None
    after_sha256: str | None
    detail: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Verification:
    """Outcome of a chain check: ``first_bad`` is the seq of the first bad event, if any."""

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_bad: int | None = None
    reason: str | None = None


def canonical(value: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no spaces, datetimes as ISO strings."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def digest(value: Any) -> str | None:
    """SHA-256 of a state's canonical JSON; ``None`` for no state (created or removed)."""
    if value is None:
        return None
    return hashlib.sha256(canonical(value)).hexdigest()


def _iso(value: datetime) -> str:
    """UTC ISO time; SQLite returns naive datetimes, which are stored as UTC."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.isoformat(timespec="microseconds")


def event_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    member: str | None,
    action: str,
    target: str,
    before_sha256: str | None,
    after_sha256: str | None,
    detail: Mapping[str, Any],
    prev_hash: str,
) -> str:
    body = {
        "seq": seq,
        "at": _iso(at),
        "actor": actor,
        "member": member,
        "action": action,
        "target": target,
        "before": before_sha256,
        "after": after_sha256,
        "detail": detail,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        row.seq,
        row.at,
        row.actor,
        row.member,
        row.action,
        row.target,
        row.before_sha256,
        row.after_sha256,
        row.detail,
        row.prev_hash,
        row.hash,
    )


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event; (0, GENESIS) on an empty log."""
    row = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash).order_by(AuditEventRow.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if row is None else (row.seq, row.hash)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to append: who did what to which target, with the states before and after."""

    actor: str
    member: str | None
    action: str
    target: str
    before: Any
    after: Any
    detail: Mapping[str, Any] | None = None


def append(
    session: Session,
    actor: str,
    member: str | None,
    action: str,
    target: str,
    before: Any,
    after: Any,
    *,
    detail: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction (it commits or rolls back with it)."""
    event = NewEvent(actor, member, action, target, before, after, detail)
    return append_many(session, [event], now=now)[0]


def append_many(
    session: Session, new: Sequence[NewEvent], *, now: datetime | None = None
) -> list[AuditEvent]:
    """Append events in order, chained, in one insert (an evaluation touches many entries)."""
    if not new:
        return []
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    session.flush()
    seq, prev = head(session)
    at = (now or utcnow()).astimezone(UTC)
    rows: list[dict[str, Any]] = []
    for item in new:
        seq += 1
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "actor": item.actor,
            "member": item.member,
            "action": item.action,
            "target": item.target,
            "before_sha256": digest(item.before),
            "after_sha256": digest(item.after),
            "detail": orjson.loads(canonical(dict(item.detail or {}))),
            "prev_hash": prev,
        }
        prev = event_hash(**fields)
        rows.append({**fields, "hash": prev})
    # Core insert: one executemany, no per-row RETURNING
    session.execute(insert(cast(Table, AuditEventRow.__table__)), rows)
    return [AuditEvent(**row) for row in rows]


def events(session: Session, *, batch: int = 1000) -> Iterable[AuditEventRow]:
    """Every event in sequence order, read in batches."""
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.seq > last)
            .order_by(AuditEventRow.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify(session: Session, *, anchors: Iterable[tuple[int, str]] = ()) -> Verification:
    """Walk the chain from the first event; stop at the first event that does not fit.

    ``anchors`` are (seq, hash) pairs recorded elsewhere (release manifests); a
    missing or different anchored event means the log was cut or rewritten.
    """
    expected_seq, prev = 1, GENESIS
    checked = 0
    pending = dict(anchors)
    for row in events(session):
        checked += 1
        bad = None
        if row.seq != expected_seq:
            bad = f"sequence jumps from {expected_seq - 1} to {row.seq} (events missing)"
        elif row.prev_hash != prev:
            bad = "previous-hash link broken (an event before it was removed, added or moved)"
        elif row.hash != event_hash(
            seq=row.seq,
            at=row.at,
            actor=row.actor,
            member=row.member,
            action=row.action,
            target=row.target,
            before_sha256=row.before_sha256,
            after_sha256=row.after_sha256,
            detail=row.detail,
            prev_hash=row.prev_hash,
        ):
            bad = "content does not match its hash (the event was edited)"
        if bad is not None:
            return Verification(False, checked, expected_seq - 1, prev, row.seq, bad)
        if pending.pop(row.seq, row.hash) != row.hash:
            return Verification(False, checked, expected_seq - 1, prev, row.seq, ANCHOR_BROKEN)
        expected_seq, prev = row.seq + 1, row.hash
    if pending:
        return Verification(False, checked, expected_seq - 1, prev, min(pending), ANCHOR_BROKEN)
    return Verification(True, checked, expected_seq - 1, prev)


def history(session: Session, target: str) -> list[AuditEvent]:
    """Every event about one target (an entry, record, user, petition…), oldest first."""
    rows = session.scalars(
        select(AuditEventRow).where(AuditEventRow.target == target).order_by(AuditEventRow.seq)
    )
    return [_event(r) for r in rows]


def get_event(session: Session, seq: int) -> AuditEvent | None:
    row = session.get(AuditEventRow, seq)
    return None if row is None else _event(row)


def recent(session: Session, *, limit: int = 50) -> list[AuditEvent]:
    rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(limit))
    return [_event(r) for r in rows]

"""The audit hash chain detects edits, deletions, insertions and reordering made in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from commonlist.audit.log import append, event_hash, get_event, history, verify
from commonlist.registry.db import transaction

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def build(engine: Engine) -> None:
    """A fresh log of six events (any earlier one is wiped first)."""
    with transaction(engine) as session:
        session.execute(text("DELETE FROM audit_event"))
        for i in range(1, 7):
            append(
                session,
                "alice",
                "KZ",
                "entry.hold",
                f"CL-00000{i % 3}",
                {"status": "proposed"},
                {"status": "held", "n": i},
                detail={"reason": "объяснение", "i": i},
                now=T0 + timedelta(minutes=i),
            )


def check(engine: Engine) -> tuple[bool, int | None]:
    with transaction(engine) as session:
        result = verify(session)
    return result.ok, result.first_bad


def sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def insert_forged(engine: Engine) -> None:
    """Shift events 3… up and insert a forged event 3 whose own hash is right."""
    sql(engine, "UPDATE audit_event SET seq = -seq WHERE seq >= 3")
    sql(engine, "UPDATE audit_event SET seq = 1 - seq WHERE seq < 0")
    with transaction(engine) as session:
        prev = get_event(session, 2)
        assert prev is not None
        fields: dict[str, Any] = {
            "seq": 3,
            "at": T0,
            "actor": "mallory",
            "member": None,
            "action": "entry.delist",
            "target": "CL-000009",
            "before_sha256": None,
            "after_sha256": None,
            "detail": {},
            "prev_hash": prev.hash,
        }
        session.execute(
            text(
                "INSERT INTO audit_event (seq, at, actor, member, action, target, before_sha256,"
                " after_sha256, detail, prev_hash, hash) VALUES (:seq, :at, :actor, :member,"
                " :action, :target, :before_sha256, :after_sha256, '{}', :prev_hash, :hash)"
            ),
            {**fields, "hash": event_hash(**fields)},
        )


def swap(engine: Engine, a: int, b: int) -> None:
    sql(engine, "UPDATE audit_event SET seq = -seq WHERE seq IN (:a, :b)", a=a, b=b)
    sql(
        engine,
        "UPDATE audit_event SET seq = :s + seq WHERE seq IN (:na, :nb)",
        s=a + b,
        na=-a,
        nb=-b,
    )


#: tampering done directly in the database → the first event reported bad
TAMPERING: list[tuple[str, Callable[[Engine], None], int]] = [
    ("edit", lambda e: sql(e, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3"), 3),
    ("edit time", lambda e: sql(e, "UPDATE audit_event SET at = :at WHERE seq = 5", at=T0), 5),
    ("edit detail", lambda e: sql(e, "UPDATE audit_event SET target = 'CL-9' WHERE seq = 6"), 6),
    ("delete", lambda e: sql(e, "DELETE FROM audit_event WHERE seq = 2"), 3),
    ("delete first", lambda e: sql(e, "DELETE FROM audit_event WHERE seq = 1"), 2),
    ("reorder", lambda e: swap(e, 3, 4), 3),
    ("insert", insert_forged, 4),  # the forged event fits, the next link does not
]


def test_tampering_detected(engine: Engine) -> None:
    build(engine)
    with transaction(engine) as session:
        result = verify(session)
        assert (result.ok, result.checked, result.head_seq) == (True, 6, 6)
        assert [e.seq for e in history(session, "CL-000001")] == [1, 4]
        second, first = get_event(session, 2), get_event(session, 1)
        assert second is not None and first is not None and second.prev_hash == first.hash
    for name, tamper, first_bad in TAMPERING:
        build(engine)
        assert check(engine) == (True, None), name
        tamper(engine)
        assert check(engine) == (False, first_bad), name


def test_cut_tail_detected_by_anchor(engine: Engine) -> None:
    build(engine)
    with transaction(engine) as session:
        anchor = get_event(session, 6)
        assert anchor is not None
    sql(engine, "DELETE FROM audit_event WHERE seq = 6")
    with transaction(engine) as session:
        assert verify(session).ok  # a shorter chain is still a chain…
        result = verify(session, anchors=[(6, anchor.hash)])
    assert (result.ok, result.first_bad) == (False, 6)  # …but not the one a release saw

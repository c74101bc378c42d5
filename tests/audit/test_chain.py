"""The audit hash chain detects edits, deletions, insertions and reordering made in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from commonlist.audit.log import append, event_hash, get_event, history, verify
from commonlist.registry.db import transaction

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def log(engine: Engine) -> Engine:
    with transaction(engine) as session:
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
    return engine


def check(engine: Engine) -> tuple[bool, int | None]:
    with transaction(engine) as session:
        result = verify(session)
    return result.ok, result.first_bad


def sql(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement))


def test_intact_chain_verifies(log: Engine) -> None:
    with transaction(log) as session:
        result = verify(session)
        assert (result.ok, result.checked, result.head_seq) == (True, 6, 6)
        assert [e.seq for e in history(session, "CL-000001")] == [1, 4]
        event = get_event(session, 2)
        assert event is not None and event.prev_hash == get_event(session, 1).hash  # type: ignore[union-attr]


def test_edit_detected(log: Engine) -> None:
    sql(log, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
    assert check(log) == (False, 3)


def test_edited_time_detected(log: Engine) -> None:
    with transaction(log) as session:
        session.execute(
            text("UPDATE audit_event SET at = :at WHERE seq = 5"), {"at": T0 + timedelta(days=9)}
        )
    assert check(log) == (False, 5)


def test_deletion_detected(log: Engine) -> None:
    sql(log, "DELETE FROM audit_event WHERE seq = 2")
    assert check(log) == (False, 3)


def test_reordering_detected(log: Engine) -> None:
    sql(log, "UPDATE audit_event SET seq = -seq WHERE seq IN (3, 4)")
    sql(log, "UPDATE audit_event SET seq = 7 + seq WHERE seq IN (-3, -4)")
    assert check(log) == (False, 3)


def test_insertion_with_a_valid_looking_hash_detected(log: Engine) -> None:
    """An attacker who knows the hashing can forge one event but not the links after it."""
    sql(log, "UPDATE audit_event SET seq = -seq WHERE seq >= 3")
    sql(log, "UPDATE audit_event SET seq = 1 - seq WHERE seq < 0")
    with transaction(log) as session:
        prev = get_event(session, 2)
        assert prev is not None
        fields = {
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
            {**fields, "hash": event_hash(**fields)},  # type: ignore[arg-type]
        )
    assert check(log) == (False, 4)


def test_cut_tail_detected_by_anchor(log: Engine) -> None:
    with transaction(log) as session:
        anchor = get_event(session, 6)
        assert anchor is not None
    sql(log, "DELETE FROM audit_event WHERE seq = 6")
    with transaction(log) as session:
        assert verify(session).ok  # a shorter chain is still a chain…
        result = verify(session, anchors=[(6, anchor.hash)])
    assert (result.ok, result.first_bad) == (False, 6)  # …but not the one a release saw

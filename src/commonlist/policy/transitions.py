"""Writing lifecycle transitions in bulk: entry states, their events and audit entries.

One evaluation can move tens of thousands of entries (new → proposed → listed on
the first run), so states are handled as plain rows and written with one
executemany per table rather than one ORM object each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from commonlist.access.util import aware
from commonlist.audit.log import NewEvent, append_many
from commonlist.exc import NotFound
from commonlist.policy.lifecycle import (
    EntryFacts,
    EntryState,
    EntryStatus,
    Reason,
    check_transition,
    support_key,
)
from commonlist.policy.tables import EntryEventRow, EntryStateRow

STATE = cast(Table, EntryStateRow.__table__)


class Transitions:
    """Entry states loaded once, changed in memory, saved with their events in bulk."""

    def __init__(
        self, session: Session, *, actor: str, now: datetime, entries: Iterable[str] | None = None
    ) -> None:
        self.session, self.actor, self.now = session, actor, now
        stmt = select(STATE)
        if entries is not None:
            stmt = stmt.where(STATE.c.entry_id.in_([e.strip().upper() for e in entries]))
        self.rows: dict[str, dict[str, Any]] = {
            r.entry_id: dict(r._mapping) for r in session.execute(stmt)
        }
        self.created: set[str] = set()
        self.changed: set[str] = set()
        self.events: list[dict[str, Any]] = []
        self.audit: list[NewEvent] = []

    def ids(self) -> set[str]:
        return set(self.rows)

    def row(self, entry_id: str) -> dict[str, Any]:
        """The stored state of an entry; NotFound when it is not under governance."""
        found = self.rows.get(entry_id.strip().upper())
        if found is None:
            raise NotFound(
                f"no common entry {entry_id!r} under governance (run `commonlist lifecycle evaluate`)"
            )
        return found

    def state(self, entry_id: str) -> EntryState | None:
        row = self.rows.get(entry_id)
        if row is None:
            return None
        return EntryState(
            entry_id,
            EntryStatus(row["status"]),
            aware(row["proposed_at"]),
            row["content_sha256"],
            row["decided_support"],
        )

    def decide(self, entry_id: str) -> None:
        """Mark the entry's current support as decided: unchanged support will not re-propose."""
        row = self.row(entry_id)
        row["decided_support"] = support_key(frozenset(row["supporters"]))
        self.changed.add(row["entry_id"])

    def apply(
        self,
        entry_id: str,
        new: EntryStatus,
        reason: Reason,
        *,
        note: str = "",
        facts: EntryFacts | None = None,
    ) -> None:
        """Move an entry to ``new`` (Conflict when the lifecycle forbids it)."""
        now = self.now
        row = self.rows.get(entry_id)
        old = EntryStatus(row["status"]) if row is not None else None
        check_transition(entry_id, old, new)
        before = None if row is None else {"status": row["status"], "supporters": row["supporters"]}
        if row is None:
            assert facts is not None
            row = self.rows[entry_id] = {
                "entry_id": entry_id,
                "proposed_at": now,
                "listed_at": None,
                "content_sha256": facts.content_sha256,
                "supporters": sorted(facts.supporters),
                "decided_support": None,
            }
            self.created.add(entry_id)
        row.update(status=new.value, reason=reason.value, since=now)
        if new is EntryStatus.PROPOSED and old in (EntryStatus.DELISTED, EntryStatus.WITHDRAWN):
            row.update(proposed_at=now, decided_support=None)
        if facts is not None:
            row["supporters"] = sorted(facts.supporters)
            if new is not EntryStatus.DELISTED:
                row["content_sha256"] = facts.content_sha256
        if new is EntryStatus.LISTED:
            row["listed_at"] = now
        self.changed.add(entry_id)
        self.events.append(
            {
                "entry_id": entry_id,
                "old_status": old.value if old else None,
                "new_status": new.value,
                "reason": reason.value,
                "note": note,
                "actor": self.actor,
                "at": now,
            }
        )
        after = {
            "status": new.value,
            "supporters": row["supporters"],
            "content": row["content_sha256"],
        }
        detail = {"reason": reason.value, "note": note} if note else {"reason": reason.value}
        self.audit.append(
            NewEvent(self.actor, None, f"entry.{new.value}", entry_id, before, after, detail)
        )

    def save(self, first: Sequence[NewEvent] = ()) -> None:
        """Write changed states, their events, and the audit log (``first`` events before)."""
        created = [self.rows[i] for i in sorted(self.created)]
        updated = [
            {"b_entry_id": i, **{k: v for k, v in self.rows[i].items() if k != "entry_id"}}
            for i in sorted(self.changed - self.created)
        ]
        for start in range(0, len(created), 1000):
            self.session.execute(insert(STATE), created[start : start + 1000])
        if updated:
            values: dict[str, Any] = {k: bindparam(k) for k in updated[0] if k != "b_entry_id"}
            stmt = update(STATE).where(STATE.c.entry_id == bindparam("b_entry_id")).values(values)
            self.session.execute(stmt, updated)
        for start in range(0, len(self.events), 1000):
            self.session.execute(
                insert(cast(Table, EntryEventRow.__table__)), self.events[start : start + 1000]
            )
        append_many(self.session, [*first, *self.audit], now=self.now)

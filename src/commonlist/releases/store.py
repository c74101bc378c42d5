"""Freezing the listed entries into a numbered release, and reading releases back."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import orjson
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from commonlist.access.util import aware
from commonlist.exc import NotFound
from commonlist.policy.entries import Support, entry_data, entry_support, with_content
from commonlist.policy.lifecycle import ON_LIST
from commonlist.policy.model import Policy
from commonlist.policy.store import public_summaries
from commonlist.policy.tables import EntryStateRow
from commonlist.releases.tables import ReleaseEntryRow, ReleaseRow


@dataclass(frozen=True, slots=True)
class Release:
    number: int
    created_at: datetime
    created_by: str
    entries: int
    content_sha256: str
    audit_seq: int
    audit_hash: str
    policy: dict[str, Any]
    folder: Path
    source_sha256: str


def _release(row: ReleaseRow) -> Release:
    return Release(
        row.number,
        aware(row.created_at),
        row.created_by,
        row.entries,
        row.content_sha256,
        row.audit_seq,
        row.audit_hash,
        row.policy,
        Path(row.folder),
        row.source_sha256,
    )


@dataclass(frozen=True, slots=True)
class Listing:
    """What a release would contain, before reading any record content."""

    #: (entry id, status, listed on) of every entry on the list that still has support
    rows: tuple[tuple[str, str, str], ...]
    support: dict[str, Support]
    summaries: dict[str, str]

    def fingerprint(self) -> str:
        """Changes exactly when the release data would change (status, dates, records, text)."""
        items = [
            (eid, status, listed, self.support[eid].content_sha256(), self.summaries.get(eid, ""))
            for eid, status, listed in self.rows
        ]
        return hashlib.sha256(orjson.dumps(items)).hexdigest()


def listing(session: Session, policy: Policy) -> Listing:
    support = entry_support(session, policy)
    rows = tuple(
        (row.entry_id, row.status, aware(row.listed_at).date().isoformat())
        for row in session.scalars(
            select(EntryStateRow)
            .where(EntryStateRow.status.in_([s.value for s in ON_LIST]))
            .order_by(EntryStateRow.entry_id)
        )
        if row.entry_id in support and row.listed_at is not None
    )
    return Listing(rows, support, public_summaries(session))


def listed_entries(session: Session, listed: Listing) -> dict[str, dict[str, Any]]:
    """Entry id → published data of every listed (or amended) entry, with its public statement."""
    live = with_content(session, {eid: listed.support[eid] for eid, _, _ in listed.rows})
    found: dict[str, dict[str, Any]] = {}
    for entry_id, status, listed_on in listed.rows:
        data = entry_data(live[entry_id])
        data.update(
            status=status, listed_at=listed_on, statement=listed.summaries.get(entry_id, "")
        )
        found[entry_id] = data
    return found


def content_sha256(entries: dict[str, dict[str, Any]]) -> str:
    blob = orjson.dumps([entries[k] for k in sorted(entries)], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(blob).hexdigest()


def freeze(
    session: Session,
    entries: dict[str, dict[str, Any]],
    *,
    actor: str,
    policy: Policy,
    audit_head: tuple[int, str],
    folder: Path,
    fingerprint: str,
    now: datetime,
) -> Release:
    """Store release ``next_number``; its rows are never changed afterwards."""
    number = next_number(session)
    row = ReleaseRow(
        number=number,
        created_at=now,
        created_by=actor,
        policy=policy.to_dict(),
        entries=len(entries),
        content_sha256=content_sha256(entries),
        audit_seq=audit_head[0],
        audit_hash=audit_head[1],
        folder=str(folder),
        source_sha256=fingerprint,
    )
    session.add(row)
    session.flush()
    rows = [
        {
            "release_number": number,
            "entry_id": entry_id,
            "sha256": hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest(),
            "data": data,
        }
        for entry_id, data in sorted(entries.items())
    ]
    for start in range(0, len(rows), 1000):
        session.execute(insert(cast(Table, ReleaseEntryRow.__table__)), rows[start : start + 1000])
    return _release(row)


def next_number(session: Session) -> int:
    return (session.scalar(select(func.max(ReleaseRow.number))) or 0) + 1


def get_release(session: Session, number: int) -> Release:
    row = session.get(ReleaseRow, number)
    if row is None:
        raise NotFound(f"no release {number}")
    return _release(row)


def latest_release(session: Session) -> Release | None:
    row = session.scalars(select(ReleaseRow).order_by(ReleaseRow.number.desc()).limit(1)).first()
    return None if row is None else _release(row)


def list_releases(session: Session) -> list[Release]:
    return [_release(r) for r in session.scalars(select(ReleaseRow).order_by(ReleaseRow.number))]


def release_entries(session: Session, number: int) -> dict[str, dict[str, Any]]:
    get_release(session, number)
    return {
        entry_id: data
        for entry_id, data in session.execute(
            select(ReleaseEntryRow.entry_id, ReleaseEntryRow.data)
            .where(ReleaseEntryRow.release_number == number)
            .order_by(ReleaseEntryRow.entry_id)
        )
    }


def audit_anchors(session: Session) -> list[tuple[int, str]]:
    """(seq, hash) of the audit head each release saw, for ``audit.verify``."""
    return [
        (seq, digest)
        for seq, digest in session.execute(select(ReleaseRow.audit_seq, ReleaseRow.audit_hash))
        if seq > 0
    ]

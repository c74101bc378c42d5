"""The public list as the web pages browse it: live common entries, filtered and paged.

Built once from the database and kept until something that changes it happens (a
resolution run, an import, a lifecycle event), which a cheap fingerprint query
detects; the list page then filters in memory, search included.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from commonlist.policy.entries import live_entries
from commonlist.policy.store import policy_at
from commonlist.policy.tables import EntryEventRow, EntryStateRow, SubmissionDecisionRow
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.registry.tables import ImportBatchRow
from commonlist.resolve.tables import ResolutionRunRow
from commonlist.sources.model import NameKind
from commonlist.web.search import NameIndex

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class EntrySummary:
    """One line of the list page."""

    id: str
    schema: str
    status: str  # lifecycle status when governance has seen the entry, else ``active``
    members: tuple[str, ...]
    names: tuple[str, ...]  # every name, primary names first
    caption_latin: str
    caption_cyrillic: str | None
    listed_on: str | None  # earliest listing date any member gives

    def caption(self, lang: str) -> str:
        if lang == "ru" and self.caption_cyrillic:
            return self.caption_cyrillic
        return self.caption_latin


@dataclass(frozen=True, slots=True)
class Filters:
    text: str = ""
    schema: str = ""
    member: str = ""
    status: str = ""
    since: str = ""
    page: int = 1


@dataclass(frozen=True, slots=True)
class Page:
    entries: tuple[EntrySummary, ...]
    total: int
    page: int
    pages: int


class Catalogue:
    """Live entries, in ID order, with a name index."""

    def __init__(self, entries: list[EntrySummary]) -> None:
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self.index = NameIndex((e.id, e.names) for e in entries)

    def find(self, filters: Filters) -> Page:
        """The page of entries passing every filter."""
        rows = self.entries
        text = filters.text.strip()
        if text:
            wanted = self.index.search(text)
            upper = text.upper()
            if upper in self.by_id:
                wanted.add(upper)
            rows = [e for e in rows if e.id in wanted]
        if filters.schema:
            rows = [e for e in rows if e.schema == filters.schema]
        if filters.member:
            rows = [e for e in rows if filters.member in e.members]
        if filters.status:
            rows = [e for e in rows if e.status == filters.status]
        if filters.since:
            rows = [e for e in rows if e.listed_on and e.listed_on >= filters.since]
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(max(1, filters.page), pages)
        start = (page - 1) * PAGE_SIZE
        return Page(tuple(rows[start : start + PAGE_SIZE]), len(rows), page, pages)

    def statuses(self) -> Counter[str]:
        return Counter(e.status for e in self.entries)

    def overlap(self, members: list[str]) -> list[list[int]]:
        """``matrix[i][j]``: entries listed by both ``members[i]`` and ``members[j]``."""
        pos = {m: i for i, m in enumerate(members)}
        matrix = [[0] * len(members) for _ in members]
        for entry in self.entries:
            idx = [pos[m] for m in entry.members if m in pos]
            for i in idx:
                for j in idx:
                    matrix[i][j] += 1
        return matrix


def _fingerprint(engine: Engine) -> tuple[Any, ...]:
    with transaction(engine) as session:
        return (
            session.scalar(select(func.max(ResolutionRunRow.id))),
            session.scalar(select(func.max(ImportBatchRow.id))),
            session.scalar(select(func.max(EntryEventRow.id))),
            session.scalar(select(func.max(SubmissionDecisionRow.id))),
        )


def _load(engine: Engine) -> Catalogue:
    """Entries whose member records count under the policy in force (four eyes approved)."""
    with transaction(engine) as session:
        states = {
            entry_id: status
            for entry_id, status in session.execute(
                select(EntryStateRow.entry_id, EntryStateRow.status)
            )
        }
        live = live_entries(session, policy_at(session, utcnow()))
    summaries = [
        _summary(
            entry.id,
            entry.schema,
            states.get(entry.id),
            [(r.member, r.record.content()) for r in entry.records],
        )
        for entry in sorted(live.values(), key=lambda e: e.id)
        if entry.records
    ]
    return Catalogue(summaries)


def _summary(
    entry_id: str, schema: str, status: str | None, records: list[tuple[str, dict[str, Any]]]
) -> EntrySummary:
    primary: list[tuple[str, str]] = []  # (script, value)
    others: list[str] = []
    listed: list[str] = []
    for _member, content in records:
        for name in content["names"]:
            if name["kind"] == NameKind.PRIMARY.value:
                primary.append((name["script"], name["value"]))
            else:
                others.append(name["value"])
        if on := content.get("designation", {}).get("listed_on"):
            listed.append(on)
    names = [v for _, v in primary] + others
    latin = next((v for s, v in primary if s == "Latin"), names[0] if names else entry_id)
    cyrillic = next((v for s, v in primary if s == "Cyrillic"), None)
    if cyrillic is None:
        cyrillic = next((v for v in others if _is_cyrillic(v)), None)
    return EntrySummary(
        id=entry_id,
        schema=schema,
        status=status or "active",
        members=tuple(sorted({m for m, _ in records})),
        names=tuple(dict.fromkeys(names)),
        caption_latin=latin,
        caption_cyrillic=cyrillic,
        listed_on=min(listed) if listed else None,
    )


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


_lock = threading.Lock()
_cache: dict[str, tuple[tuple[Any, ...], Catalogue]] = {}


def get_catalogue(engine: Engine) -> Catalogue:
    """The catalogue of this database, rebuilt when its fingerprint changed."""
    key = engine.url.render_as_string(hide_password=False)
    fingerprint = _fingerprint(engine)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        catalogue = _load(engine)
        _cache[key] = (fingerprint, catalogue)
        return catalogue

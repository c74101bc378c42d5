"""One resolution run: block, score what is new, cluster, keep entry IDs, queue reviews.

A run decides for itself between full and incremental (like an index updater):
it is full when asked, on the first run, or when the matcher changed. Otherwise
only pairs that involve a new or changed record, or that blocking proposes for
the first time, are scored; everything else comes from the ``pair_score`` cache.
Clustering always runs over all cached scores and all standing judgements, so an
incremental run ends in exactly the state a full run would.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from commonlist.matching import DEFAULT_THRESHOLD
from commonlist.registry.clock import utcnow
from commonlist.registry.records import current_versions
from commonlist.resolve.blocking import (
    MAX_BLOCK,
    MIN_NAME_SIMILARITY,
    BlockingIndex,
    block_keys,
    name_forms,
    similar_pairs,
)
from commonlist.resolve.cluster import Clustering, Edge, cluster
from commonlist.resolve.given_names import given_name_conflict
from commonlist.resolve.identity import IdentityPlan, plan_identities
from commonlist.resolve.judgement import Pair, current_judgements
from commonlist.resolve.matcher import Matcher, default_matcher, default_workers, fork_map
from commonlist.resolve.tables import (
    CommonEntryRow,
    EntryRecordRow,
    EntryRedirectRow,
    PairScoreRow,
    ResolutionRunRow,
    ResolvedRecordRow,
    ReviewCandidateRow,
)
from commonlist.sources.model import ParsedRecord

log = structlog.get_logger(__name__)

#: (stage, done, total): called as a run advances, for progress bars.
Progress = Callable[[str, int, int], None]

_CHUNK = 500
#: pairs from which scoring uses worker processes
_PARALLEL_PAIRS = 20_000


@dataclass(frozen=True, slots=True)
class ResolveConfig:
    """Thresholds of a run."""

    #: score at or above which two records merge without review
    auto_threshold: float = 0.9
    #: score at or above which an unmerged pair goes to the review queue
    review_threshold: float = DEFAULT_THRESHOLD
    #: records per blocking key above which the key is ignored
    max_block: int = MAX_BLOCK
    #: least quick name similarity (0-100) of a blocked pair for it to be scored
    min_name_similarity: float = MIN_NAME_SIMILARITY
    #: processes that prepare and score when there are many pairs
    workers: int = field(default_factory=default_workers)


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: int
    mode: str
    records: int
    changed_records: int
    removed_records: int
    candidate_pairs: int
    scored_pairs: int
    entries: int
    created: int
    merged: int
    split: int
    withdrawn: int
    review_open: int
    conflicts: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class _Current:
    """The active records: id → (member, schema, content hash, record)."""

    member: Mapping[str, str]
    schema: Mapping[str, str]
    hash: Mapping[str, str]
    record: Mapping[str, ParsedRecord]


def _load_current(session: Session) -> _Current:
    member: dict[str, str] = {}
    schema: dict[str, str] = {}
    hashes: dict[str, str] = {}
    records: dict[str, ParsedRecord] = {}
    for current in current_versions(session):
        member[current.id] = current.member
        schema[current.id] = current.record.schema
        hashes[current.id] = current.content_hash
        records[current.id] = current.record
    return _Current(member, schema, hashes, records)


@dataclass(slots=True)
class _Entities:
    """followthemoney entities of the current records, built on first use."""

    current: _Current
    cache: dict[str, EntityProxy] = field(default_factory=dict)

    def get(self, rid: str) -> EntityProxy:
        found = self.cache.get(rid)
        if found is None:
            found = self.cache[rid] = self.current.record[rid].to_entity(self.current.member[rid])
        return found


def filtered_pair_batches(
    index: BlockingIndex,
    forms: Sequence[tuple[str, ...]],
    *,
    min_name_similarity: float = MIN_NAME_SIMILARITY,
    workers: int = 1,
    batch_size: int = 200_000,
) -> Iterator[list[tuple[int, int]]]:
    """The blocked pairs whose names are similar enough, one DuckDB batch at a time.

    Each batch is filtered in forked workers (``forms`` indexed by record), so a
    million records never hold more than one batch of pairs.
    """
    step = max(1, batch_size // (4 * max(1, workers)))
    for pairs in index.pair_batches(batch_size=batch_size):
        parts = [pairs[i : i + step] for i in range(0, len(pairs), step)]
        kept = fork_map(
            lambda part: similar_pairs(part, forms, min_name_similarity),
            parts,
            workers if len(pairs) >= _PARALLEL_PAIRS else 1,
        )
        yield [pair for part in kept for pair in part]


def candidate_pairs(
    records: Mapping[str, ParsedRecord],
    *,
    max_block: int = MAX_BLOCK,
    min_name_similarity: float = MIN_NAME_SIMILARITY,
    workers: int = 1,
    progress: Progress | None = None,
) -> set[Pair]:
    """Every pair of records that blocking proposes for scoring.

    Two stages: records sharing a blocking key, then those whose names are
    similar enough by a quick token comparison.
    """
    ids = sorted(records)
    index = BlockingIndex(max_block=max_block)
    try:
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            index.add((start + i, block_keys(records[rid])) for i, rid in enumerate(chunk))
            if progress:
                progress("blocking", start + len(chunk), len(ids))
        index.build()
        forms = [name_forms(records[rid]) for rid in ids]
        found: set[Pair] = set()
        for batch in filtered_pair_batches(
            index, forms, min_name_similarity=min_name_similarity, workers=workers
        ):
            found.update(Pair(ids[a], ids[b]) for a, b in batch)
        return found
    finally:
        index.close()


def last_config(session: Session) -> ResolveConfig:
    """The thresholds of the latest run, or the defaults before any run."""
    row = session.execute(
        select(ResolutionRunRow.auto_threshold, ResolutionRunRow.review_threshold)
        .order_by(ResolutionRunRow.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return ResolveConfig()
    return ResolveConfig(auto_threshold=row[0], review_threshold=row[1])


def resolve(
    session: Session,
    *,
    actor: str,
    matcher: Matcher | None = None,
    config: ResolveConfig | None = None,
    full: bool = False,
    progress: Progress | None = None,
) -> RunSummary:
    """Bring common entries up to date with the current member records.

    Args:
        session: a session inside a transaction.
        actor: who runs it.
        matcher: scores pairs; the registered default algorithm if None.
        config: thresholds; those of the latest run if None.
        full: re-score every candidate pair even if nothing changed.
        progress: called with (stage, done, total).

    Returns:
        What the run did.
    """
    started = time.monotonic()
    matcher = matcher or default_matcher()
    config = config or last_config(session)
    previous = session.scalar(
        select(ResolutionRunRow.matcher)
        .where(ResolutionRunRow.mode != "recluster")
        .order_by(ResolutionRunRow.id.desc())
        .limit(1)
    )
    mode = "incremental"
    if full:
        mode = "full"
    elif previous is None:
        mode = "full"
        log.info("full resolution", reason="first run")
    elif previous != matcher.name:
        mode = "full"
        log.info("full resolution", reason="matcher changed", was=previous, now=matcher.name)
    run = _start_run(session, mode, actor, matcher.name, config)
    current = _load_current(session)
    resolved: dict[str, str] = {
        rid: h
        for rid, h in session.execute(
            select(ResolvedRecordRow.record_id, ResolvedRecordRow.content_hash)
        )
    }
    if mode == "full":
        dirty = set(current.hash)
        gone = set(resolved)
    else:
        dirty = {rid for rid, h in current.hash.items() if resolved.get(rid) != h}
        gone = set(resolved) - set(current.hash)
    candidates = candidate_pairs(
        current.record,
        max_block=config.max_block,
        min_name_similarity=config.min_name_similarity,
        workers=config.workers,
        progress=progress,
    )
    cached = _cached_pairs(session)
    stale = {p for p in cached if p not in candidates or p.left in dirty or p.right in dirty}
    if mode == "full":
        stale = set(cached)
    _delete_pairs(session, stale, gone)
    to_score = sorted(p for p in candidates if p not in cached or p in stale)
    entities = _Entities(current)
    scored = _score_pairs(session, run.id, to_score, entities, matcher, config.workers, progress)
    _mark_resolved(session, run.id, dirty, gone, current.hash)
    counts = _cluster_and_apply(session, run, current, entities, matcher, config, progress)
    summary = RunSummary(
        run.id,
        mode,
        len(current.hash),
        len(dirty),
        len(gone),
        len(candidates),
        scored,
        *counts,
        round(time.monotonic() - started, 3),
    )
    _finish_run(session, run, summary)
    return summary


def recluster(
    session: Session,
    *,
    actor: str,
    matcher: Matcher | None = None,
    config: ResolveConfig | None = None,
) -> RunSummary:
    """Re-cluster from cached scores and current judgements, without scoring (after review)."""
    started = time.monotonic()
    matcher = matcher or default_matcher()
    config = config or last_config(session)
    run = _start_run(session, "recluster", actor, matcher.name, config)
    current = _load_current(session)
    counts = _cluster_and_apply(session, run, current, _Entities(current), matcher, config, None)
    summary = RunSummary(
        run.id, "recluster", len(current.hash), 0, 0, 0, 0, *counts,
        round(time.monotonic() - started, 3),
    )  # fmt: skip
    _finish_run(session, run, summary)
    return summary


def _start_run(
    session: Session, mode: str, actor: str, matcher: str, config: ResolveConfig
) -> ResolutionRunRow:
    run = ResolutionRunRow(
        mode=mode,
        actor=actor,
        matcher=matcher,
        auto_threshold=config.auto_threshold,
        review_threshold=config.review_threshold,
        started_at=utcnow(),
        stats={},
    )
    session.add(run)
    session.flush()
    return run


def _finish_run(session: Session, run: ResolutionRunRow, summary: RunSummary) -> None:
    run.finished_at = utcnow()
    run.stats = summary.to_dict()
    session.flush()
    log.info("resolution finished", **summary.to_dict())


def _cached_pairs(session: Session) -> set[Pair]:
    return {
        Pair(a, b) for a, b in session.execute(select(PairScoreRow.left_id, PairScoreRow.right_id))
    }


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _delete_pairs(session: Session, stale: set[Pair], gone: set[str]) -> None:
    by_left: dict[str, list[str]] = {}
    for pair in stale:
        by_left.setdefault(pair.left, []).append(pair.right)
    for left, rights in by_left.items():
        for chunk in _chunks(rights):
            session.execute(
                delete(PairScoreRow).where(
                    PairScoreRow.left_id == left, PairScoreRow.right_id.in_(chunk)
                )
            )
    for chunk in _chunks(sorted(gone)):
        session.execute(
            delete(PairScoreRow).where(
                PairScoreRow.left_id.in_(chunk) | PairScoreRow.right_id.in_(chunk)
            )
        )


def _score_pairs(
    session: Session,
    run_id: int,
    pairs: Sequence[Pair],
    entities: _Entities,
    matcher: Matcher,
    workers: int,
    progress: Progress | None,
) -> int:
    parallel = workers > 1 and len(pairs) >= _PARALLEL_PAIRS
    if matcher.warm is not None:
        involved = sorted({r for p in pairs for r in (p.left, p.right)})
        matcher.warm([entities.get(r) for r in involved], workers if parallel else 1)
        if progress:
            progress("preparing", len(involved), len(involved))
    step = 20_000
    for start in range(0, len(pairs), step):
        chunk = [(entities.get(p.left), entities.get(p.right)) for p in pairs[start : start + step]]
        if parallel:
            scores = fork_map(_score_one(matcher), chunk, workers)
        else:
            scores = [matcher.score(a, b) for a, b in chunk]
        rows = [
            {"left_id": p.left, "right_id": p.right, "score": s, "run_id": run_id}
            for p, s in zip(pairs[start : start + step], scores, strict=True)
        ]
        for part in _chunks(rows, 5000):
            session.execute(insert(PairScoreRow), list(part))
        if progress:
            progress("scoring", start + len(chunk), len(pairs))
    return len(pairs)


def _score_one(matcher: Matcher) -> Callable[[tuple[EntityProxy, EntityProxy]], float]:
    def score(pair: tuple[EntityProxy, EntityProxy]) -> float:
        return matcher.score(*pair)

    return score


def _mark_resolved(
    session: Session, run_id: int, dirty: set[str], gone: set[str], hashes: Mapping[str, str]
) -> None:
    for chunk in _chunks(sorted(dirty | gone)):
        session.execute(delete(ResolvedRecordRow).where(ResolvedRecordRow.record_id.in_(chunk)))
    rows = [{"record_id": r, "content_hash": hashes[r], "run_id": run_id} for r in sorted(dirty)]
    for chunk in _chunks(rows, 5000):
        session.execute(insert(ResolvedRecordRow), list(chunk))


def _cluster_and_apply(
    session: Session,
    run: ResolutionRunRow,
    current: _Current,
    entities: _Entities,
    matcher: Matcher,
    config: ResolveConfig,
    progress: Progress | None,
) -> tuple[int, int, int, int, int, int, int]:
    edges = [
        Edge(Pair(a, b), s)
        for a, b, s in session.execute(
            select(PairScoreRow.left_id, PairScoreRow.right_id, PairScoreRow.score).where(
                PairScoreRow.score >= config.review_threshold
            )
        )
    ]
    held = {
        e.pair
        for e in edges
        if e.score >= config.auto_threshold
        and given_name_conflict(current.record[e.pair.left], current.record[e.pair.right])
    }
    result = cluster(
        current.member,
        edges,
        current_judgements(session),
        auto_threshold=config.auto_threshold,
        review_threshold=config.review_threshold,
        held=held,
    )
    if progress:
        progress("clustering", 1, 1)
    now = utcnow()
    counts = _apply_identities(session, run.id, now, result, current)
    review_open = _update_review_queue(session, run.id, now, result, entities, matcher)
    return (*counts, review_open, len(result.conflicts))


def entry_schema(schemata: Iterable[str]) -> str:
    """The schema of an entry: the most specific one its records agree on.

    Records of one subject may disagree (a list says LegalEntity, another
    Organization); followthemoney's common schema resolves that. When they
    cannot agree (Person and Organization), the most frequent one wins.
    """
    counts = Counter(schemata)
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    schema = model.get(ranked[0])
    for name in ranked[1:]:
        other = model.get(name)
        if schema is None or other is None:
            break
        try:
            schema = model.common_schema(schema, other)
        except InvalidData:
            return ranked[0]
    return schema.name if schema is not None else ranked[0]


def entry_id_for(seq: int) -> str:
    """Public ID of the ``seq``-th common entry: ``CL-000123``."""
    return f"CL-{seq:06d}"


def _apply_identities(
    session: Session, run_id: int, now: datetime, result: Clustering, current: _Current
) -> tuple[int, int, int, int, int]:
    live: dict[str, set[str]] = {}
    live_rows: dict[tuple[str, str], int] = {}
    for row_id, entry_id, rid in session.execute(
        select(EntryRecordRow.id, EntryRecordRow.entry_id, EntryRecordRow.record_id)
        .join(CommonEntryRow, CommonEntryRow.id == EntryRecordRow.entry_id)
        .where(EntryRecordRow.removed_at.is_(None), CommonEntryRow.status == "active")
    ):
        live.setdefault(entry_id, set()).add(rid)
        live_rows[(entry_id, rid)] = row_id
    seqs: dict[str, int] = {
        e: seq
        for e, seq in session.execute(
            select(CommonEntryRow.id, CommonEntryRow.seq).where(CommonEntryRow.status == "active")
        )
    }
    plan: IdentityPlan = plan_identities(
        {e: frozenset(r) for e, r in live.items()}, seqs, result.clusters
    )
    next_seq = (session.scalar(select(func.max(CommonEntryRow.seq))) or 0) + 1
    ids: list[str] = []
    new_entries: list[dict[str, Any]] = []
    schema_changes: dict[str, str] = {}
    for i, members in enumerate(result.clusters):
        schema = entry_schema(current.schema[r] for r in members)
        kept = plan.keep[i]
        if kept is None:
            kept = entry_id_for(next_seq)
            new_entries.append(
                {"id": kept, "seq": next_seq, "schema": schema, "status": "active",
                 "created_at": now, "created_run_id": run_id, "updated_at": now}
            )  # fmt: skip
            next_seq += 1
        else:
            schema_changes[kept] = schema
        ids.append(kept)
    for chunk in _chunks(new_entries, 2000):
        session.execute(insert(CommonEntryRow), list(chunk))
    _update_schemata(session, schema_changes, now)
    closing = [e for e, _ in plan.merged] + [e for e, _ in plan.split] + list(plan.withdrawn)
    removed: list[int] = [live_rows[(e, r)] for e in closing for r in live[e]]
    added: list[dict[str, Any]] = []
    for i, members in enumerate(result.clusters):
        have = live.get(ids[i], set()) if plan.keep[i] is not None else set()
        removed.extend(live_rows[(ids[i], r)] for r in have - members)
        added.extend(
            {"entry_id": ids[i], "record_id": r, "added_at": now, "added_run_id": run_id}
            for r in sorted(members - have)
        )
    for chunk in _chunks(sorted(removed)):
        session.execute(
            update(EntryRecordRow)
            .where(EntryRecordRow.id.in_(chunk))
            .values(removed_at=now, removed_run_id=run_id)
        )
    for chunk in _chunks(added, 5000):
        session.execute(insert(EntryRecordRow), list(chunk))
    redirects: list[dict[str, Any]] = []
    for old, target in plan.merged:
        redirects.append(_redirect(old, ids[target], "merged", now, run_id))
    for old, targets in plan.split:
        redirects.extend(_redirect(old, ids[t], "split", now, run_id) for t in targets)
    if redirects:
        session.execute(insert(EntryRedirectRow), redirects)
    for status, entry_ids in (
        ("merged", [e for e, _ in plan.merged]),
        ("split", [e for e, _ in plan.split]),
        ("withdrawn", list(plan.withdrawn)),
    ):
        for chunk in _chunks(entry_ids):
            session.execute(
                update(CommonEntryRow)
                .where(CommonEntryRow.id.in_(chunk))
                .values(status=status, updated_at=now)
            )
    return (len(ids), len(new_entries), len(plan.merged), len(plan.split), len(plan.withdrawn))


def _redirect(old: str, new: str, reason: str, now: datetime, run_id: int) -> dict[str, Any]:
    return {"old_id": old, "new_id": new, "reason": reason, "created_at": now, "run_id": run_id}


def _update_schemata(session: Session, schemata: Mapping[str, str], now: datetime) -> None:
    if not schemata:
        return
    stored: dict[str, str] = {
        e: schema
        for e, schema in session.execute(
            select(CommonEntryRow.id, CommonEntryRow.schema).where(
                CommonEntryRow.status == "active"
            )
        )
    }
    for entry_id, schema in schemata.items():
        if stored.get(entry_id) != schema:
            session.execute(
                update(CommonEntryRow)
                .where(CommonEntryRow.id == entry_id)
                .values(schema=schema, updated_at=now)
            )


def _update_review_queue(
    session: Session,
    run_id: int,
    now: datetime,
    result: Clustering,
    entities: _Entities,
    matcher: Matcher,
) -> int:
    existing: dict[Pair, ReviewCandidateRow] = {
        Pair(row.left_id, row.right_id): row
        for row in session.scalars(
            select(ReviewCandidateRow).where(ReviewCandidateRow.state != "decided")
        )
    }
    wanted = {edge.pair: edge for edge in result.review}
    for pair, stale in existing.items():
        if pair not in wanted and stale.state == "open":
            stale.state = "obsolete"
            stale.resolved_at = now
            stale.updated_at = now
    decided = {
        Pair(a, b)
        for a, b in session.execute(
            select(ReviewCandidateRow.left_id, ReviewCandidateRow.right_id).where(
                ReviewCandidateRow.state == "decided"
            )
        )
    }
    for pair, edge in wanted.items():
        row = existing.get(pair)
        if row is not None and row.state == "open" and row.score == edge.score:
            continue
        features = (
            matcher.explain(entities.get(pair.left), entities.get(pair.right))
            if matcher.explain
            else {}
        )
        if row is not None:
            row.state, row.score, row.features = "open", edge.score, features
            row.resolved_at, row.updated_at, row.run_id = None, now, run_id
        elif pair in decided:
            # a retracted decision: ask again
            session.execute(
                update(ReviewCandidateRow)
                .where(
                    ReviewCandidateRow.left_id == pair.left,
                    ReviewCandidateRow.right_id == pair.right,
                )
                .values(
                    state="open", score=edge.score, features=features,
                    resolved_at=None, updated_at=now, run_id=run_id,
                )
            )  # fmt: skip
        else:
            session.add(
                ReviewCandidateRow(
                    left_id=pair.left, right_id=pair.right, score=edge.score,
                    features=features, state="open", created_at=now,
                    updated_at=now, run_id=run_id,
                )
            )  # fmt: skip
    session.flush()
    return len(wanted)

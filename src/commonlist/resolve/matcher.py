"""The scoring function resolution uses: the default matcher, or any injected scorer."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from followthemoney.proxy import EntityProxy

from commonlist.matching import DEFAULT_ALGORITHM, MatchResult, PreparedRecord, get_algorithm
from commonlist.matching import prepare as prepare_entity
from commonlist.names.memo import memo

#: How likely two entities are one subject, in [0, 1].
Scorer = Callable[[EntityProxy, EntityProxy], float]
#: Why a pair scored as it did (JSON-ready), shown to reviewers.
Explainer = Callable[[EntityProxy, EntityProxy], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Matcher:
    """A named scorer; the name is stored with each run so a new matcher forces a full run."""

    name: str
    score: Scorer
    explain: Explainer | None = None
    #: prepares entities ahead of scoring (in worker processes when there are many)
    warm: Callable[[Sequence[EntityProxy], int], None] | None = None


@dataclass(slots=True)
class _Prepared:
    """The registered algorithm, preparing each entity once (by id) for many pairs."""

    algorithm: str
    cache: dict[str, PreparedRecord] = field(default_factory=dict)

    def _get(self, entity: EntityProxy) -> PreparedRecord:
        key = entity.id or ""
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = prepare_entity(entity)
        return found

    def warm(self, entities: Sequence[EntityProxy], workers: int) -> None:
        todo = [e for e in entities if (e.id or "") not in self.cache]
        if workers > 1 and len(todo) >= 2000:
            prepared = fork_map(prepare_entity, todo, workers)
        else:
            prepared = [prepare_entity(e) for e in todo]
        for entity, record in zip(todo, prepared, strict=True):
            self.cache[entity.id or ""] = record

    def result(self, left: EntityProxy, right: EntityProxy) -> MatchResult:
        return get_algorithm(self.algorithm).compare(self._get(left), self._get(right))

    def score(self, left: EntityProxy, right: EntityProxy) -> float:
        return self.result(left, right).score

    def explain(self, left: EntityProxy, right: EntityProxy) -> dict[str, Any]:
        return self.result(left, right).to_dict()


def default_matcher(algorithm: str = DEFAULT_ALGORITHM) -> Matcher:
    """The registered matching algorithm, with a per-run cache of prepared records."""
    prepared = _Prepared(algorithm)
    return Matcher(algorithm, prepared.score, prepared.explain, prepared.warm)


def default_workers() -> int:
    """Worker processes for scoring: the CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None
    func, items = _JOB
    return [func(items[i]) for i in range(*bounds)]


T = TypeVar("T")
R = TypeVar("R")


def fork_map(func: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``[func(x) for x in items]`` in forked workers that inherit ``items`` (nothing to pickle
    but results); falls back to one process where fork is unavailable."""
    global _JOB
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(x) for x in items]
    step = max(1, min(5000, len(items) // (workers * 4) + 1))
    bounds = [(i, min(i + step, len(items))) for i in range(0, len(items), step)]
    _JOB = (func, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [r for part in pool.imap(_run_slice, bounds) for r in part]
    finally:
        _JOB = None


#: (left record index, right record index, score) of one scored pair.
ScoredPair = tuple[int, int, float]

_BULK: tuple[Callable[[int], EntityProxy], str, float, int] | None = None
_BULK_PREPARED: Callable[[int], PreparedRecord] | None = None


def _bulk_start() -> None:
    global _BULK_PREPARED
    assert _BULK is not None
    entity, _, _, cache_size = _BULK

    @memo(cache_size)
    def prepared(index: int) -> PreparedRecord:
        return prepare_entity(entity(index))

    _BULK_PREPARED = prepared


def _bulk_chunk(pairs: Sequence[tuple[int, int]]) -> list[ScoredPair]:
    assert _BULK is not None and _BULK_PREPARED is not None
    _, algorithm, min_score, _ = _BULK
    compare = get_algorithm(algorithm).compare
    prepared = _BULK_PREPARED
    found: list[ScoredPair] = []
    for a, b in pairs:
        score = compare(prepared(a), prepared(b)).score
        if score >= min_score:
            found.append((a, b, score))
    return found


def score_bulk(
    entity: Callable[[int], EntityProxy],
    chunks: Iterable[Sequence[tuple[int, int]]],
    *,
    min_score: float,
    workers: int,
    algorithm: str = DEFAULT_ALGORITHM,
    cache_size: int = 200_000,
) -> Iterator[list[ScoredPair]]:
    """Score streamed chunks of record-index pairs; yield, per chunk, those ≥ ``min_score``.

    For runs too large to prepare every record up front: forked workers prepare
    the records they meet through a cache of ``cache_size`` (emptied when full) and
    send back only the pairs that matter to clustering, and at most two chunks per
    worker are in flight, so memory does not grow with the number of pairs.
    """
    global _BULK, _BULK_PREPARED
    _BULK = (entity, algorithm, min_score, cache_size)
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            _bulk_start()
            yield from (_bulk_chunk(chunk) for chunk in chunks)
            return
        with multiprocessing.get_context("fork").Pool(workers, initializer=_bulk_start) as pool:
            pending: deque[Any] = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_bulk_chunk, (chunk,)))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _BULK = _BULK_PREPARED = None

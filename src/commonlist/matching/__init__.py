"""Record matching: how likely two followthemoney entities describe one subject.

``compare(a, b)`` prepares both entities and scores them with the default
algorithm; ``compare_many(query, candidates)`` prepares the query once. Prepared
records are cached by content (schema and the values matching reads), names by
text and words by form, so repeated records cost one look-up. ``ALGORITHMS``
maps each released algorithm name to its class.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol

from followthemoney.proxy import EntityProxy

from commonlist.exc import InvalidInput, NotFound
from commonlist.matching.compare.names import clear_caches as clear_comparison_caches
from commonlist.matching.match_v1 import MatchV1
from commonlist.matching.record import PreparedRecord, clear_record_cache, prepare
from commonlist.matching.types import FeatureResult, MatchResult, RecordPair
from commonlist.names.analysis import clear_caches as clear_name_caches

#: Score at and above which two records are proposed as one subject.
DEFAULT_THRESHOLD = 0.7


class Algorithm(Protocol):
    """A versioned matching algorithm."""

    NAME: str

    @classmethod
    def compare(cls, left: PreparedRecord, right: PreparedRecord) -> MatchResult: ...

    @classmethod
    def compare_from(
        cls, left: PreparedRecord, right: PreparedRecord, cutoff: float
    ) -> MatchResult | None:
        """``compare``, or None where the score is below ``cutoff`` for certain."""
        ...

    @classmethod
    def compare_all(
        cls, left: PreparedRecord, rights: Sequence[PreparedRecord], cutoff: float
    ) -> list[MatchResult | None]:
        """``compare_from`` of ``left`` and each of ``rights``, in order."""
        ...


ALGORITHMS: dict[str, type[Algorithm]] = {MatchV1.NAME: MatchV1}
DEFAULT_ALGORITHM = MatchV1.NAME


def get_algorithm(name: str, weights: Mapping[str, float] | None = None) -> type[Algorithm]:
    """The algorithm registered under a name.

    Args:
        name: e.g. ``match-v1``.
        weights: feature name → weight, replacing the algorithm's own for those
            features (yente's ``weights``).

    Returns:
        The algorithm class.

    Raises:
        NotFound: no algorithm has that name.
        InvalidInput: a weight for a feature the algorithm does not have, or not finite.
    """
    try:
        algorithm = ALGORITHMS[name]
    except KeyError:
        raise NotFound(f"no matching algorithm {name!r}") from None
    if not weights:
        return algorithm
    return _reweighted(algorithm, tuple(sorted(weights.items())))


@lru_cache(maxsize=64)
def _reweighted(
    algorithm: type[Algorithm], weights: tuple[tuple[str, float], ...]
) -> type[Algorithm]:
    features = {f.name for f in getattr(algorithm, "FEATURES", ())}
    for feature, weight in weights:
        if feature not in features:
            raise InvalidInput(
                f"no feature {feature!r} in {algorithm.NAME}: its features are "
                f"{', '.join(sorted(features))}"
            )
        if not math.isfinite(weight):
            raise InvalidInput(f"the weight of {feature!r} is not a finite number")
    reweighted: Callable[[dict[str, float]], type[Algorithm]] | None = getattr(
        algorithm, "reweighted", None
    )
    if reweighted is None:
        raise InvalidInput(f"{algorithm.NAME} takes no weights")
    return reweighted(dict(weights))


def compare(
    left: EntityProxy, right: EntityProxy, algorithm: str = DEFAULT_ALGORITHM
) -> MatchResult:
    """Score how likely two entities describe the same person or organisation.

    Args:
        left: a followthemoney entity.
        right: another followthemoney entity.
        algorithm: registered algorithm name.

    Returns:
        The score in [0, 1] and each feature's contribution.
    """
    return get_algorithm(algorithm).compare(prepare(left), prepare(right))


def compare_many(
    query: EntityProxy, candidates: Iterable[EntityProxy], algorithm: str = DEFAULT_ALGORITHM
) -> list[MatchResult]:
    """Score one entity against many, analysing the query once.

    The same scores as ``compare(query, candidate)`` for each candidate, in order;
    screening and resolution, which compare one record with many, should use this
    (or ``prepare`` once and the algorithm's ``compare``).

    Args:
        query: the entity to look for.
        candidates: entities to score against it.
        algorithm: registered algorithm name.

    Returns:
        One result per candidate, in the candidates' order.
    """
    algo = get_algorithm(algorithm)
    prepared = prepare(query)
    return [algo.compare(prepared, prepare(candidate)) for candidate in candidates]


def clear_caches() -> None:
    """Forget every cached record, name and word analysis; reference tables stay loaded.

    For benchmarks that time matching from cold, and for tests.
    """
    clear_record_cache()
    clear_comparison_caches()
    clear_name_caches()


__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "DEFAULT_THRESHOLD",
    "FeatureResult",
    "MatchResult",
    "PreparedRecord",
    "RecordPair",
    "clear_caches",
    "compare",
    "compare_many",
    "get_algorithm",
    "prepare",
]

"""Score a query against the index's candidates with the matcher: one function, as in yente."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from commonlist.exc import InvalidInput
from commonlist.matching import (
    DEFAULT_ALGORITHM,
    DEFAULT_THRESHOLD,
    MatchResult,
    get_algorithm,
    prepare,
)
from commonlist.screen.index import ScreenIndex

#: Candidates the index hands to the matcher per query.
CANDIDATES = 30
#: Scores below this are not returned at all.
DEFAULT_CUTOFF = 0.5

__all__ = [
    "CANDIDATES",
    "DEFAULT_CUTOFF",
    "DEFAULT_THRESHOLD",
    "Hit",
    "query_entity",
    "score_query",
]


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry found for a query, with the matcher's explained score."""

    entry: int  # position in the index
    id: str
    score: float
    match: bool  # score ≥ threshold
    retrieval: float  # the index's own coverage score, for diagnostics
    result: MatchResult


def query_entity(
    schema: str, properties: Mapping[str, str | Sequence[str]], *, entity_id: str | None = None
) -> EntityProxy:
    """A followthemoney entity from a query example (yente's ``EntityExample``).

    Unknown properties are refused; values are cleaned by their followthemoney type
    (``nationality: Russia`` becomes ``ru``).

    Raises:
        InvalidInput: unknown schema or property, or no name to screen.
    """
    found = model.get(schema)
    if found is None:
        raise InvalidInput(f"unknown schema {schema!r}")
    if not found.matchable:
        raise InvalidInput(f"schema {schema!r} cannot be screened")
    entity = model.make_entity(found)
    entity.id = entity_id or "query"
    for prop, values in properties.items():
        if prop not in found.properties:
            raise InvalidInput(f"schema {schema} has no property {prop!r}")
        items = [values] if isinstance(values, str) else list(values)
        try:
            entity.add(prop, [v for v in items if isinstance(v, str) and v.strip()], fuzzy=True)
        except InvalidData as exc:
            raise InvalidInput(f"{prop}: {exc}") from exc
    return entity


def score_query(
    index: ScreenIndex,
    query: EntityProxy,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    cutoff: float = DEFAULT_CUTOFF,
    limit: int = 5,
    candidates: int = CANDIDATES,
    algorithm: str = DEFAULT_ALGORITHM,
) -> tuple[int, list[Hit]]:
    """Retrieve candidates for a query and score them with the matcher.

    Args:
        index: the screening index.
        query: the entity to screen (a customer, a traveller, a company).
        threshold: score at and above which a hit is a match.
        cutoff: scores below this are dropped.
        limit: hits to return, best first.
        candidates: entries the index hands to the matcher.
        algorithm: registered matching algorithm.

    Returns:
        The number of hits at or above the cutoff, and the best ``limit`` of them.
    """
    algo = get_algorithm(algorithm)
    prepared = prepare(query)
    hits: list[Hit] = []
    for cand in index.candidates(query, limit=candidates):
        result = algo.compare(prepared, index.prepared(cand.entry))
        if result.score < cutoff:
            continue
        hits.append(
            Hit(
                cand.entry,
                index.ids[cand.entry],
                result.score,
                result.score >= threshold,
                cand.retrieval,
                result,
            )
        )
    hits.sort(key=lambda h: (-h.score, h.id))
    return len(hits), hits[:limit]


def warm_up(index: ScreenIndex) -> None:
    """Screen one query so the matcher loads its reference data (rigour's name tables).

    That load takes seconds once per process; a server does it before it listens,
    and the bulk engine before it forks its workers.
    """
    score_query(index, query_entity("Person", {"name": ["Warm Up"]}), limit=1)

"""The scoring function resolution uses: the default matcher, or any injected scorer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from followthemoney.proxy import EntityProxy

from commonlist.matching import DEFAULT_ALGORITHM, MatchResult, PreparedRecord, get_algorithm
from commonlist.matching import prepare as prepare_entity

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

    def result(self, left: EntityProxy, right: EntityProxy) -> MatchResult:
        return get_algorithm(self.algorithm).compare(self._get(left), self._get(right))

    def score(self, left: EntityProxy, right: EntityProxy) -> float:
        return self.result(left, right).score

    def explain(self, left: EntityProxy, right: EntityProxy) -> dict[str, Any]:
        return self.result(left, right).to_dict()


def default_matcher(algorithm: str = DEFAULT_ALGORITHM) -> Matcher:
    """The registered matching algorithm, with a per-run cache of prepared records."""
    prepared = _Prepared(algorithm)
    return Matcher(algorithm, prepared.score, prepared.explain)

"""Index entries and scored hits → API response models."""

from __future__ import annotations

from typing import Any

from commonlist.api.schemas import EntityResponse, FeatureExplanation, ScoredEntityResponse
from commonlist.screen.index import ScreenIndex
from commonlist.screen.keys import referent_members
from commonlist.screen.scoring import Hit


def entity_response(index: ScreenIndex, entry: int) -> EntityResponse:
    """An entry in yente's ``EntityResponse`` shape; ``datasets`` are the listing members."""
    return EntityResponse(**_entity_fields(index, entry))


def _entity_fields(index: ScreenIndex, entry: int) -> dict[str, Any]:
    entity = index.entity(entry)
    referents = [str(r) for r in entity.context.get("referents", [])]
    return {
        "id": index.ids[entry],
        "caption": index.captions[entry],
        "schema": entity.schema.name,
        "properties": {k: list(v) for k, v in entity.properties.items()},
        "datasets": referent_members(referents),
        "referents": referents,
        "first_seen": entity.context.get("first_seen"),
        "last_seen": entity.context.get("last_seen"),
        "last_change": entity.context.get("last_change"),
    }


def scored_response(index: ScreenIndex, hit: Hit, *, false_positive: bool) -> ScoredEntityResponse:
    """A hit in yente's ``ScoredEntityResponse`` shape, with each feature's explanation.

    A hit the client marked as a known false positive keeps its score but is not a match.
    """
    features = hit.result.features
    return ScoredEntityResponse(
        **_entity_fields(index, hit.entry),
        score=round(hit.score, 4),
        features={f.name: round(f.score, 4) for f in features if f.score},
        match=hit.match and not false_positive,
        explanation=[FeatureExplanation(**f.to_dict()) for f in features],  # type: ignore[arg-type]
        known_false_positive=false_positive,
    )

"""POST /match/{dataset}: yente's query-by-example matcher, on the common list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query, Response

from commonlist.api.deps import (
    ClientDep,
    DatasetIndexDep,
    EngineDep,
    FiltersDep,
    IndexDep,
    OptionalClientDep,
)
from commonlist.api.present import scored_response
from commonlist.api.schemas import (
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    ErrorResponse,
    FalsePositiveIn,
    FalsePositiveOut,
    FeatureDoc,
    TotalSpec,
)
from commonlist.exc import InvalidInput
from commonlist.matching import DEFAULT_ALGORITHM, DEFAULT_THRESHOLD, Algorithm, get_algorithm
from commonlist.registry.db import transaction
from commonlist.screen.marks import (
    false_positives,
    list_false_positives,
    mark_false_positive,
    retract_false_positive,
)
from commonlist.screen.scoring import DEFAULT_CUTOFF, query_entity, score_query

router = APIRouter(tags=["Matching"])

#: Most queries one request may carry.
MAX_BATCH = 100
MAX_LIMIT = 100


@router.post(
    "/match/{dataset}",
    summary="Query by example matcher (yente-compatible)",
    response_model=EntityMatchResponse,
    response_model_by_alias=True,
    responses={
        404: {"model": ErrorResponse, "description": "Unknown dataset"},
        422: {"model": ErrorResponse, "description": "Invalid query"},
    },
)
def match(
    response: Response,
    body: EntityMatchQuery,
    index: DatasetIndexDep,
    engine: EngineDep,
    client: OptionalClientDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, title="Number of results per query")] = 5,
    threshold: Annotated[
        float, Query(ge=0, le=1, title="Score at which a result is a match")
    ] = DEFAULT_THRESHOLD,
    cutoff: Annotated[
        float, Query(ge=0, le=1, title="Lowest score returned at all")
    ] = DEFAULT_CUTOFF,
    algorithm: Annotated[str, Query(title="Matching algorithm")] = DEFAULT_ALGORITHM,
) -> EntityMatchResponse:
    """Screen a batch of entities (persons, organisations) against the common list.

    Send entities as yente does: `{"queries": {"q1": {"schema": "Person",
    "properties": {"name": ["…"], "birthDate": ["1975"], "nationality": ["ru"]}}}}`.
    Each result carries `referents` (the member records behind the entry, as
    `MEMBER:NATIVE_ID`), the score, the `match` flag (score ≥ threshold), the
    feature values and their `explanation`. With an API token, a query `id` is
    your record ID: hits you marked as not-a-match come back with
    `known_false_positive: true` and `match: false`.

    yente's result filters apply to every query of the batch: `include_dataset` and
    `exclude_dataset` (the listing members), `exclude_schema`, `topics`,
    `exclude_entity_ids` (entry IDs or member records) and `changed_since` (entries a
    release added or amended since a date); the entries they leave out
    are dropped before the best candidates are chosen, so they take no result's place.
    `weights` in the body replace features' weights, as in yente (see `GET /algorithms`).
    """
    weights = body.weights or None
    get_algorithm(algorithm, weights)  # an unknown algorithm or feature is refused first
    only = filters.on(index)
    if not body.queries:
        raise InvalidInput("no queries given")
    if len(body.queries) > MAX_BATCH:
        raise InvalidInput(f"too many queries in one batch (limit: {MAX_BATCH})")
    scored = {}
    for key, example in body.queries.items():
        entity = query_entity(example.schema_, example.properties, entity_id=example.id)
        scored[key] = (
            entity,
            score_query(
                index,
                entity,
                threshold=threshold,
                cutoff=cutoff,
                limit=limit,
                algorithm=algorithm,
                only=only,
                weights=weights,
            ),
        )
    marked: set[tuple[str, str]] = set()
    if client is not None:
        record_ids = [e.id for k, e in body.queries.items() if e.id]
        with transaction(engine) as session:
            marked = false_positives(session, client=client.name, record_ids=record_ids)
    responses: dict[str, EntityMatches] = {}
    for key, (entity, (total, hits)) in scored.items():
        record_id = body.queries[key].id
        responses[key] = EntityMatches(
            results=[
                scored_response(index, h, false_positive=(record_id, h.id) in marked) for h in hits
            ],
            total=TotalSpec(value=total),
            query=EntityExample(
                id=body.queries[key].id,
                schema=entity.schema.name,
                properties={k: list(v) for k, v in entity.properties.items()},
            ),
        )
    response.headers["x-batch-size"] = str(len(responses))
    response.headers["x-index-version"] = index.info.version
    return EntityMatchResponse(
        responses=responses, matcher=matcher_docs(algorithm, weights), limit=limit
    )


def matcher_docs(
    algorithm: str, weights: Mapping[str, float] | None = None
) -> dict[str, FeatureDoc]:
    """Each feature of an algorithm with the weight it scores with, as yente's ``matcher``
    field describes them."""
    return _feature_docs(get_algorithm(algorithm, weights))


@lru_cache(maxsize=128)
def _feature_docs(algorithm: type[Algorithm]) -> dict[str, FeatureDoc]:
    # the same for every request with the same weights: made once (it cost about a tenth
    # of a request)
    return {
        f.name: FeatureDoc(
            description=(f.func.__doc__ or f.name).strip().splitlines()[0],
            coefficient=f.weight,
            url="",
        )
        for f in getattr(algorithm, "FEATURES", ())
    }


@router.post(
    "/screen/false-positives",
    summary="Mark a hit as not a match for one of your records",
    response_model=FalsePositiveOut,
    tags=["Matching"],
)
def mark(
    body: FalsePositiveIn, engine: EngineDep, client: ClientDep, index: IndexDep
) -> FalsePositiveOut:
    """Remember that your record `record_id` is not the listed entry `entity_id`.

    Scoped to your API token's user: other clients still see the hit. Next time
    you send a query with `id` = `record_id`, that hit comes back flagged.
    """
    entity_id = index.ids[index.resolve_id(body.entity_id)]
    with transaction(engine) as session:
        found = mark_false_positive(
            session,
            client=client.name,
            record_id=body.record_id,
            entity_id=entity_id,
            actor=client.name,
            comment=body.comment,
        )
    return FalsePositiveOut(**asdict(found))


@router.get("/screen/false-positives", response_model=list[FalsePositiveOut], tags=["Matching"])
def list_marks(engine: EngineDep, client: ClientDep) -> list[FalsePositiveOut]:
    """Your false-positive marks, live and retracted."""
    with transaction(engine) as session:
        return [
            FalsePositiveOut(**asdict(m)) for m in list_false_positives(session, client=client.name)
        ]


@router.delete(
    "/screen/false-positives/{mark_id}", response_model=FalsePositiveOut, tags=["Matching"]
)
def retract(mark_id: int, engine: EngineDep, client: ClientDep) -> FalsePositiveOut:
    """Withdraw one of your marks; the hit alerts again."""
    with transaction(engine) as session:
        return FalsePositiveOut(
            **asdict(retract_false_positive(session, client=client.name, mark_id=mark_id))
        )

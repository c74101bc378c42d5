"""GET /search: free-text name search over the served list, in any script."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from commonlist.api.deps import FiltersDep, IndexDep
from commonlist.api.present import entity_response
from commonlist.api.schemas import SearchResponse, TotalSpec
from commonlist.screen.scoring import query_entity

router = APIRouter(tags=["Search"])

#: Share of the query's words a name must contain to be listed.
SEARCH_COVERAGE = 0.3


@router.get("/search", response_model=SearchResponse, response_model_by_alias=True)
def search(
    index: IndexDep,
    filters: FiltersDep,
    q: Annotated[
        str, Query(min_length=1, max_length=500, description="Name or identifier, any script")
    ],
    schema: Annotated[str, Query(description="Person, Organization, LegalEntity…")] = "LegalEntity",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> SearchResponse:
    """Find entries by name (``Усама бен Ладен`` finds *Usama bin Ladin*) or document number.

    Ranked by how much of the query and of the name's words meet, without the
    matcher; use ``POST /match/default`` to screen with scores and explanations.
    The result filters are those of ``/match``.
    """
    only = filters.on(index)
    found = index.identifier_entries(q)
    if only is not None:
        found = only.select(found)
    query = query_entity(schema, {"name": [q]})
    window = offset + limit
    ranked = index.candidates(query, limit=window, min_coverage=SEARCH_COVERAGE, only=only)
    entries = list(dict.fromkeys([*found, *(c.entry for c in ranked)]))
    page = entries[offset:window]
    return SearchResponse(
        limit=limit,
        offset=offset,
        total=TotalSpec(value=len(entries), relation="gte" if len(ranked) >= window else "eq"),
        results=[entity_response(index, e) for e in page],
    )

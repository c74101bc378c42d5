"""The screening form: one name (and optional facts) against the served index, explained."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from commonlist.api.deps import IndexDep
from commonlist.screen.scoring import DEFAULT_THRESHOLD, Hit, query_entity, score_query
from commonlist.web.catalogue import get_catalogue
from commonlist.web.context import Ctx
from commonlist.web.render import WebRoute, render

router = APIRouter(route_class=WebRoute)

SCREEN_SCHEMATA = ("Person", "Organization", "LegalEntity")


@router.get("/screen")
def screen_page(
    ctx: Ctx,
    index: IndexDep,
    name: str = "",
    schema: str = "Person",
    birth_date: str = "",
    country: str = "",
) -> Response:
    """Screen a name; each hit shows its score and every feature's contribution."""
    hits: list[Hit] = []
    if name.strip():
        props: dict[str, str] = {"name": name}
        if birth_date.strip() and schema == "Person":
            props["birthDate"] = birth_date
        if country.strip():
            props["nationality" if schema == "Person" else "country"] = country
        query = query_entity(schema if schema in SCREEN_SCHEMATA else "Person", props)
        _, hits = score_query(index, query, limit=10)
    catalogue = get_catalogue(ctx.engine)
    return render(
        ctx,
        "screen.html",
        form={"name": name, "schema": schema, "birth_date": birth_date, "country": country},
        schemata=SCREEN_SCHEMATA,
        hits=hits,
        searched=bool(name.strip()),
        entries=catalogue.by_id,
        threshold=DEFAULT_THRESHOLD,
    )

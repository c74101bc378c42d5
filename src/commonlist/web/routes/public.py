"""Public pages: the list with search and filters, entry pages, static files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response

from commonlist.exc import NotFound
from commonlist.policy.lifecycle import EntryStatus
from commonlist.registry.db import transaction
from commonlist.registry.members import list_members
from commonlist.sources.model import SCHEMATA
from commonlist.web.catalogue import Filters, get_catalogue
from commonlist.web.context import Ctx
from commonlist.web.entries import entry_page
from commonlist.web.render import WebRoute, render

router = APIRouter(route_class=WebRoute)

STATIC = Path(__file__).resolve().parents[1] / "static"
_MEDIA = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@router.get("/")
def list_page(
    ctx: Ctx,
    q: str = "",
    schema: str = "",
    member: str = "",
    status: str = "",
    since: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """The common list: search in any script, filters, pages."""
    catalogue = get_catalogue(ctx.engine)
    filters = Filters(q, schema, member.upper(), status, since, page)
    with transaction(ctx.engine) as session:
        members = list_members(session)
    statuses = [s.value for s in EntryStatus] + sorted(
        set(catalogue.statuses()) - {s.value for s in EntryStatus}
    )
    headers = ctx.request.headers
    # htmx asks for the results only; a history restore needs the whole page
    partial = headers.get("hx-request") == "true" and not headers.get("hx-history-restore-request")
    return render(
        ctx,
        "_results.html" if partial else "list.html",
        filters=filters,
        page=catalogue.find(filters),
        members=members,
        schemata=SCHEMATA,
        statuses=statuses,
    )


@router.get("/entries/{entry_id}")
def entry(ctx: Ctx, entry_id: str) -> Response:
    """One entry: names by script, facts by member, provenance, statement of reasons."""
    with transaction(ctx.engine) as session:
        page = entry_page(session, ctx.principal, entry_id)
    return render(ctx, "entry.html", page=page)


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """A vendored or own static file (no sub-folders, no dot files)."""
    path = STATIC / name
    if name.startswith(".") or "/" in name or not path.is_file():
        raise NotFound(f"no static file {name!r}")
    return FileResponse(
        path,
        media_type=_MEDIA.get(path.suffix, "application/octet-stream"),
        headers={"Cache-Control": "public, max-age=3600"},
    )

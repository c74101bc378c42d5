"""Charts: overlap of members' lists, list size over releases, entries by status."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from commonlist.registry.db import transaction
from commonlist.registry.members import list_members
from commonlist.releases.store import list_releases
from commonlist.web import charts
from commonlist.web.catalogue import get_catalogue
from commonlist.web.context import Ctx
from commonlist.web.render import WebRoute, code_label, render

router = APIRouter(route_class=WebRoute)


@router.get("/charts")
def charts_page(ctx: Ctx) -> Response:
    catalogue = get_catalogue(ctx.engine)
    with transaction(ctx.engine) as session:
        members = [m.code for m in list_members(session)]
        releases = list_releases(session)
    matrix = catalogue.overlap(members)
    statuses = [(code_label(s, ctx.lang), n) for s, n in catalogue.statuses().most_common()]
    t = ctx.t
    return render(
        ctx,
        "charts.html",
        members=members,
        matrix=matrix,
        statuses=statuses,
        releases=releases,
        overlap_svg=charts.heatmap(
            members,
            matrix,
            ident="overlap",
            title=t("charts.overlap"),
            desc=t("charts.overlap_desc"),
        ),
        size_svg=charts.line(
            [(str(r.number), r.entries) for r in releases],
            ident="size",
            title=t("charts.size"),
            desc=", ".join(f"{r.number}: {r.entries}" for r in releases),
        ),
        status_svg=charts.bars(
            statuses,
            ident="status",
            title=t("charts.status"),
            desc=", ".join(f"{s}: {n}" for s, n in statuses),
        ),
    )

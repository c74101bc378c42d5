"""Delisting petitions from the public: the form, and the status page opened with its token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form
from fastapi.responses import Response

from commonlist.exc import Conflict, InvalidInput, NotFound
from commonlist.policy.actions import file_petition, petition_status
from commonlist.registry.db import transaction
from commonlist.settings import get_settings
from commonlist.web.context import CSRF, Ctx
from commonlist.web.render import WebRoute, redirect, render

router = APIRouter(route_class=WebRoute)


@router.get("/petition")
def petition_form(ctx: Ctx, entry: str = "") -> Response:
    return render(ctx, "petition.html", form={"entry": entry}, error=None)


@router.post("/petition", dependencies=[CSRF])
def petition_file(
    ctx: Ctx,
    entry: Annotated[str, Form()],
    petitioner: Annotated[str, Form()],
    contact: Annotated[str, Form()],
    grounds: Annotated[str, Form()],
) -> Response:
    """File the petition; the status link carries the token, shown only here."""
    try:
        petition_id, token = file_petition(
            ctx.engine,
            ctx.principal,
            entry,
            petitioner=petitioner,
            contact=contact,
            grounds=grounds,
            max_attachment_bytes=get_settings().max_attachment_bytes,
        )
    except (InvalidInput, NotFound, Conflict) as exc:  # keep what the petitioner wrote
        form = {"entry": entry, "petitioner": petitioner, "contact": contact, "grounds": grounds}
        return render(ctx, "petition.html", status=exc.status, form=form, error=exc.detail)
    return redirect(ctx, f"/petition/{petition_id}?{urlencode({'token': token, 'filed': 1})}")


@router.get("/petition/lookup")
def petition_lookup(ctx: Ctx, id: str = "", token: str = "") -> Response:
    return redirect(ctx, f"/petition/{id.strip().upper()}?{urlencode({'token': token.strip()})}")


@router.get("/petition/{petition_id}")
def petition_page(ctx: Ctx, petition_id: str, token: str = "", filed: str = "") -> Response:
    with transaction(ctx.engine) as session:
        view = petition_status(session, petition_id, token)
    link = f"{ctx.request.base_url}petition/{view.id}?{urlencode({'token': token})}"
    return render(ctx, "petition_status.html", view=view, filed=bool(filed), link=link)

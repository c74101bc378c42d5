"""Signing in and out with a password: a server-side session and its CSRF token in cookies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from commonlist.access.roles import Role
from commonlist.access.sessions import login, logout, session_principal
from commonlist.exc import PermissionDenied
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.settings import get_settings
from commonlist.web.context import CSRF, CSRF_COOKIE, SESSION_COOKIE, Ctx
from commonlist.web.render import WebRoute, redirect, render

router = APIRouter(route_class=WebRoute)


def safe_next(target: str) -> str:
    """Only paths of this site: no scheme, no host, no ``//evil``."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_form(ctx: Ctx, next: str = "") -> Response:
    return render(ctx, "login.html", next=safe_next(next) if next else "", failed=False, user="")


@router.post("/login", dependencies=[CSRF])
def login_submit(
    ctx: Ctx,
    user: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "",
) -> Response:
    """Open a session; the same message for an unknown user and a wrong password."""
    hours = get_settings().session_hours
    try:
        with transaction(ctx.engine) as session:
            opened = login(session, user, password, now=utcnow(), hours=hours)
            principal = session_principal(session, opened.session_id, now=utcnow())
    except PermissionDenied:
        return render(ctx, "login.html", status=401, next=next, failed=True, user=user)
    target = safe_next(next) if next else home_of(principal.member, principal.roles)
    response = redirect(ctx, target)
    max_age = hours * 3600
    response.set_cookie(
        SESSION_COOKIE, opened.session_id, max_age=max_age, httponly=True, samesite="lax"
    )
    response.set_cookie(
        CSRF_COOKIE, opened.csrf_token, max_age=max_age, httponly=True, samesite="lax"
    )
    return response


def home_of(member: str | None, roles: frozenset[Role]) -> str:
    if Role.SECRETARIAT in roles:
        return "/secretariat"
    return f"/workspace/{member}" if member else "/"


@router.post("/logout", dependencies=[CSRF])
def logout_submit(ctx: Ctx) -> Response:
    if ctx.session_id is not None:
        with transaction(ctx.engine) as session:
            logout(session, ctx.session_id, now=utcnow())
    response = redirect(ctx, "/")
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response

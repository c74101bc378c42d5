"""Rendering pages: the Jinja2 environment, labels of codes, cookies every response carries."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from followthemoney import registry
from jinja2 import Environment, FileSystemLoader, select_autoescape

from commonlist.access.roles import Role
from commonlist.api.deps import get_engine
from commonlist.exc import CommonListError
from commonlist.policy.codes import PetitionStatus, ReviewOutcome, SubmissionStatus
from commonlist.policy.labels import label
from commonlist.policy.lifecycle import EntryStatus, Reason
from commonlist.web.context import (
    CSRF_COOKIE,
    LoginRequired,
    WebContext,
    web_context,
)
from commonlist.web.i18n import COOKIE as LANG_COOKIE
from commonlist.web.i18n import translator

TEMPLATES = Path(__file__).parent / "templates"
COOKIE_AGE = 365 * 24 * 3600

_CODES: tuple[type[Any], ...] = (
    EntryStatus,
    Reason,
    ReviewOutcome,
    PetitionStatus,
    SubmissionStatus,
)

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "svg"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals["roles"] = Role


def code_label(value: str, lang: str) -> str:
    """RU/EN label of a status, reason or outcome code (policy's labels), else its own text."""
    for kind in _CODES:
        try:
            return label(kind(value), lang)
        except ValueError:
            continue
    return translator(lang)(f"status.{value}") if value else ""


#: Properties whose values are ISO country codes (followthemoney lower-cases them).
COUNTRY_PROPS = frozenset({"nationality", "citizenship", "country", "jurisdiction"})


def fact_value(prop: str, value: str) -> str:
    """A fact as people read it: country codes become names (``tj`` → ``Tajikistan (TJ)``)."""
    if prop in COUNTRY_PROPS:
        name = registry.country.caption(value)
        return f"{name} ({value.upper()})" if name and name != value else value.upper()
    return value


def fmt_date(value: datetime | date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def render(ctx: WebContext, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    """A page in the request's language, with the cookies it needs."""
    request = ctx.request

    def url_with(**changes: Any) -> str:
        """This page's URL with some query parameters replaced (empty values dropped)."""
        params = dict(request.query_params)
        params.update({k: str(v) for k, v in changes.items()})
        query = urlencode({k: v for k, v in params.items() if v not in ("", "None")})
        return f"{request.url.path}?{query}" if query else request.url.path

    html = env.get_template(template).render(
        ctx=ctx,
        t=ctx.t,
        lang=ctx.lang,
        other_lang="ru" if ctx.lang == "en" else "en",
        principal=ctx.principal,
        csrf=ctx.csrf_token,
        path=request.url.path,
        url_with=url_with,
        label=lambda code: code_label(code, ctx.lang),
        fmt_date=fmt_date,
        fact_value=fact_value,
        **values,
    )
    response = HTMLResponse(html, status_code=status)
    finish(ctx, response)
    return response


def finish(ctx: WebContext, response: Response) -> None:
    """Set the language cookie when the query chose one, and a new visitor's CSRF cookie."""
    if ctx.request.query_params.get("lang") == ctx.lang:
        response.set_cookie(LANG_COOKIE, ctx.lang, max_age=COOKIE_AGE, samesite="lax")
    if ctx.new_csrf:
        response.set_cookie(CSRF_COOKIE, ctx.csrf_token, httponly=True, samesite="lax")


def redirect(ctx: WebContext, url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    finish(ctx, response)
    return response


class WebRoute(APIRoute):
    """Routes of the web UI: domain errors become HTML pages with the error's status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                target = urlencode({"next": request.url.path})
                return RedirectResponse(f"/login?{target}", status_code=303)
            except CommonListError as exc:
                ctx = web_context(request, get_engine(request))
                return render(
                    ctx, "error.html", status=exc.status, status_code=exc.status, detail=exc.detail
                )

        return handle

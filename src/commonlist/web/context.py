"""What every page needs from its request: language, the signed-in principal, CSRF, the engine.

Sessions and CSRF tokens are ``access.sessions``': the session cookie carries the
session id; the CSRF cookie carries the token the forms echo. For a signed-in user
it is the session's own token, checked against the session row; for the public it
is a random token checked against the cookie (double submit). Cookies are
``SameSite=Lax`` and HTTP-only, so another site can neither read nor send them.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request
from sqlalchemy import Engine

from commonlist.access.roles import Principal, Role
from commonlist.access.sessions import check_csrf, session_principal
from commonlist.api.deps import EngineDep
from commonlist.exc import PermissionDenied
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.web.i18n import COOKIE as LANG_COOKIE
from commonlist.web.i18n import Translate, negotiate, translator

SESSION_COOKIE = "cl_session"
CSRF_COOKIE = "cl_csrf"
CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """A page for signed-in users was asked for by the public: send them to the login form."""


@dataclass(frozen=True, slots=True)
class WebContext:
    request: Request
    engine: Engine
    lang: str
    t: Translate
    principal: Principal
    session_id: str | None
    csrf_token: str
    new_csrf: bool  # the CSRF cookie must be set on the response

    @property
    def signed_in(self) -> bool:
        return self.session_id is not None and not self.principal.has(Role.PUBLIC)

    def require_user(self) -> Principal:
        if not self.signed_in:
            raise LoginRequired()
        return self.principal

    def check_form(self, submitted: str | None) -> None:
        """PermissionDenied unless the form carries this visitor's CSRF token."""
        if self.session_id is not None and self.signed_in:
            with transaction(self.engine) as session:
                check_csrf(session, self.session_id, submitted, now=utcnow())
            return
        cookie = self.request.cookies.get(CSRF_COOKIE)
        if not submitted or not cookie or not hmac.compare_digest(cookie, submitted):
            raise PermissionDenied("missing or wrong CSRF token; reload the page and try again")


def web_context(request: Request, engine: EngineDep) -> WebContext:
    lang = negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )
    principal = Principal.public()
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        try:
            with transaction(engine) as session:
                principal = session_principal(session, session_id, now=utcnow())
        except PermissionDenied:
            session_id = None
    token = request.cookies.get(CSRF_COOKIE)
    return WebContext(
        request=request,
        engine=engine,
        lang=lang,
        t=translator(lang),
        principal=principal,
        session_id=session_id,
        csrf_token=token or secrets.token_urlsafe(32),
        new_csrf=token is None,
    )


Ctx = Annotated[WebContext, Depends(web_context)]


def require_csrf(ctx: Ctx, csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> None:
    """A form's CSRF check, as a route dependency: it runs before the form is validated."""
    ctx.check_form(csrf_token)


#: ``dependencies=[CSRF]`` on every state-changing form route.
CSRF = Depends(require_csrf)

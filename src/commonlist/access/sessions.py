"""Server-side web sessions with a CSRF token, for password logins in the web UI.

The cookie holds a random session id; the table keeps its SHA-256, the user, an
expiry and the session's CSRF token, which every state-changing form must echo.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from commonlist.access.roles import Principal
from commonlist.access.tables import WebSessionRow
from commonlist.access.users import check_password, get_user
from commonlist.access.util import aware, sha256_hex
from commonlist.exc import PermissionDenied


@dataclass(frozen=True, slots=True)
class WebSession:
    """What the web layer needs after a login: the cookie value and the CSRF token."""

    session_id: str
    csrf_token: str
    user: str
    expires_at: datetime


def login(session: Session, name: str, password: str, *, now: datetime, hours: int) -> WebSession:
    """Check the password and open a session lasting ``hours``."""
    user = check_password(session, name, password)
    session_id = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    row = WebSessionRow(
        id_sha256=sha256_hex(session_id),
        user_name=user.name,
        csrf_token=csrf,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    return WebSession(session_id, csrf, user.name, row.expires_at)


def _live_row(session: Session, session_id: str, now: datetime) -> WebSessionRow:
    row = session.get(WebSessionRow, sha256_hex(session_id))
    if row is None or row.ended_at is not None or aware(row.expires_at) <= now:
        raise PermissionDenied("not signed in, or the session has expired")
    return row


def session_principal(session: Session, session_id: str, *, now: datetime) -> Principal:
    """The principal of a live session of an active user."""
    row = _live_row(session, session_id, now)
    user = get_user(session, row.user_name)
    if not user.active:
        raise PermissionDenied("not signed in, or the session has expired")
    return user.principal()


def check_csrf(session: Session, session_id: str, submitted: str | None, *, now: datetime) -> None:
    """Refuse a state-changing request whose CSRF token is not the session's."""
    row = _live_row(session, session_id, now)
    if not submitted or not hmac.compare_digest(row.csrf_token, submitted):
        raise PermissionDenied("missing or wrong CSRF token; reload the page and try again")


def logout(session: Session, session_id: str, *, now: datetime) -> None:
    row = session.get(WebSessionRow, sha256_hex(session_id))
    if row is not None and row.ended_at is None:
        row.ended_at = now
        session.flush()

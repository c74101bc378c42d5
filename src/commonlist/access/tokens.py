"""API tokens for machines: random, stored hashed, scoped to actions, expiring, revocable.

A token reads ``clt_<id>_<secret>``; the id finds the row, the secret is compared
by its SHA-256 in constant time. The clear token is shown once, at creation.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.access.roles import RULES, Action, Principal
from commonlist.access.tables import ApiTokenRow
from commonlist.access.users import active_user, get_user
from commonlist.access.util import aware, sha256_hex
from commonlist.exc import Conflict, InvalidInput, NotFound, PermissionDenied

PREFIX = "clt"


@dataclass(frozen=True, slots=True)
class Token:
    id: str
    user: str
    scopes: frozenset[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def _token(row: ApiTokenRow) -> Token:
    return Token(
        row.id,
        row.user_name,
        frozenset(row.scopes),
        aware(row.created_at),
        aware(row.expires_at),
        aware(row.revoked_at) if row.revoked_at else None,
    )


def parse_scopes(values: Iterable[str], *, user_roles: Iterable[str]) -> frozenset[str]:
    """Scopes are action values the user's roles allow; ``all`` means every one of them."""
    roles = set(user_roles)
    allowed = {a.value for a, rule in RULES.items() if roles & {r.value for r in rule.roles}}
    allowed |= {Action.TOKEN_CREATE.value, Action.TOKEN_REVOKE.value}
    scopes: set[str] = set()
    for value in values:
        value = value.strip()
        if value == "all":
            scopes |= allowed
        elif value in allowed:
            scopes.add(value)
        else:
            raise InvalidInput(
                f"scope {value!r} is not an action this user may perform "
                f"(allowed: all, {', '.join(sorted(allowed))})"
            )
    if not scopes:
        raise InvalidInput("a token needs at least one scope")
    return frozenset(scopes)


def create_token(
    session: Session,
    user: str,
    *,
    scopes: Iterable[str],
    days: int,
    now: datetime,
) -> tuple[Token, str]:
    """Create a token; returns it with its clear text, which is never stored."""
    if not 1 <= days <= 366:
        raise InvalidInput("a token lives between 1 and 366 days")
    owner = active_user(session, user)
    scope_set = parse_scopes(scopes, user_roles=[r.value for r in owner.roles])
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    row = ApiTokenRow(
        id=token_id,
        user_name=owner.name,
        secret_sha256=sha256_hex(secret),
        scopes=sorted(scope_set),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    return _token(row), f"{PREFIX}_{token_id}_{secret}"


def get_token(session: Session, token_id: str) -> Token:
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFound(f"no token {token_id!r}")
    return _token(row)


def list_tokens(session: Session, user: str | None = None) -> list[Token]:
    stmt = select(ApiTokenRow).order_by(ApiTokenRow.created_at)
    if user:
        stmt = stmt.where(ApiTokenRow.user_name == user)
    return [_token(r) for r in session.scalars(stmt)]


def revoke_token(session: Session, token_id: str, *, now: datetime) -> Token:
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFound(f"no token {token_id!r}")
    if row.revoked_at is not None:
        raise Conflict(f"token {token_id} is already revoked")
    row.revoked_at = now
    session.flush()
    return _token(row)


def authenticate_token(session: Session, token: str, *, now: datetime) -> Principal:
    """The principal of a clear token: its user's roles, restricted to its scopes."""
    refused = PermissionDenied("invalid, expired or revoked token")
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise refused
    row = session.get(ApiTokenRow, parts[1])
    if row is None or not hmac.compare_digest(row.secret_sha256, sha256_hex(parts[2])):
        raise refused
    if row.revoked_at is not None or aware(row.expires_at) <= now:
        raise refused
    user = get_user(session, row.user_name)
    if not user.active:
        raise refused
    return user.principal(frozenset(row.scopes))

"""User accounts: a member (or the secretariat), roles, an argon2 password hash."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.access.roles import Principal, Role
from commonlist.access.tables import UserRow
from commonlist.exc import Conflict, InvalidInput, NotFound, PermissionDenied
from commonlist.registry.members import get_member

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
#: Roles that act for a member; a user holding one must belong to a member.
MEMBER_ROLES = frozenset({Role.SUBMITTER, Role.APPROVER})

_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class User:
    name: str
    member: str | None
    roles: frozenset[Role]
    created_at: datetime
    created_by: str
    disabled_at: datetime | None

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    def principal(self, scopes: frozenset[str] | None = None) -> Principal:
        return Principal(self.name, self.member, self.roles, scopes)


def _user(row: UserRow) -> User:
    return User(
        row.name,
        row.member_code,
        frozenset(Role(r) for r in row.roles),
        row.created_at,
        row.created_by,
        row.disabled_at,
    )


def hash_password(password: str) -> str:
    if len(password) < 12:
        raise InvalidInput("a password needs at least 12 characters")
    return _hasher.hash(password)


def add_user(
    session: Session,
    name: str,
    *,
    member: str | None,
    roles: frozenset[Role],
    password: str | None,
    actor: str,
    now: datetime,
) -> User:
    """Create a user. Submitters and approvers belong to a member; the secretariat does not."""
    name = name.strip().lower()
    if not NAME_RE.match(name):
        raise InvalidInput(f"user name {name!r}: 2-64 of a-z, 0-9, '.', '_', '@', '-'")
    if not roles:
        raise InvalidInput("a user needs at least one role")
    if roles & MEMBER_ROLES and member is None:
        raise InvalidInput("submitters and approvers must belong to a member (--member)")
    if member is not None and Role.SECRETARIAT in roles:
        raise InvalidInput("the secretariat does not belong to a member")
    code = get_member(session, member).code if member is not None else None
    if session.get(UserRow, name) is not None:
        raise Conflict(f"user {name} already exists")
    row = UserRow(
        name=name,
        member_code=code,
        roles=sorted(r.value for r in roles),
        password_hash=hash_password(password) if password else None,
        created_at=now,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return _user(row)


def get_user(session: Session, name: str) -> User:
    row = session.get(UserRow, name.strip().lower())
    if row is None:
        raise NotFound(f"no user {name!r}")
    return _user(row)


def list_users(session: Session) -> list[User]:
    return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def disable_user(session: Session, name: str, *, now: datetime) -> User:
    """Disable an account: its sessions and tokens stop working at once."""
    row = session.get(UserRow, name.strip().lower())
    if row is None:
        raise NotFound(f"no user {name!r}")
    if row.disabled_at is not None:
        raise Conflict(f"user {row.name} is already disabled")
    row.disabled_at = now
    session.flush()
    return _user(row)


def active_user(session: Session, name: str) -> User:
    """The user, refused when disabled."""
    user = get_user(session, name)
    if not user.active:
        raise PermissionDenied(f"user {user.name} is disabled")
    return user


def check_password(session: Session, name: str, password: str) -> User:
    """The user if the password matches; one message for every failure (no user enumeration)."""
    row = session.get(UserRow, name.strip().lower())
    refused = PermissionDenied("wrong user name or password")
    if row is None or row.password_hash is None or row.disabled_at is not None:
        _hasher.hash(password)  # same cost whether or not the user exists
        raise refused
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise refused from None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return _user(row)

"""Members: the states and list owners that submit designations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.exc import Conflict, InvalidInput, NotFound
from commonlist.registry.clock import utcnow
from commonlist.registry.tables import MemberRow

CODE_RE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")


@dataclass(frozen=True, slots=True)
class Member:
    code: str
    name_en: str
    name_ru: str
    created_at: datetime
    created_by: str


def _member(row: MemberRow) -> Member:
    return Member(row.code, row.name_en, row.name_ru, row.created_at, row.created_by)


def add_member(session: Session, code: str, *, name_en: str, name_ru: str, actor: str) -> Member:
    """Register a member. Codes are upper case: ISO country codes or list owners (``UN``)."""
    code = code.strip().upper()
    if not CODE_RE.match(code):
        raise InvalidInput(
            f"member code {code!r} must be 2-16 capital letters, digits, '-' or '_' (e.g. KZ, UN)"
        )
    if not name_en.strip() or not name_ru.strip():
        raise InvalidInput("a member needs both an English and a Russian name")
    if session.get(MemberRow, code) is not None:
        raise Conflict(f"member {code} already exists")
    row = MemberRow(
        code=code,
        name_en=name_en.strip(),
        name_ru=name_ru.strip(),
        created_at=utcnow(),
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return _member(row)


def get_member(session: Session, code: str) -> Member:
    """The member with this code, or NotFound naming the known codes."""
    row = session.get(MemberRow, code.strip().upper())
    if row is None:
        known = ", ".join(m.code for m in list_members(session)) or "none yet"
        raise NotFound(f"unknown member {code!r} (known members: {known})")
    return _member(row)


def list_members(session: Session) -> list[Member]:
    rows = session.scalars(select(MemberRow).order_by(MemberRow.code))
    return [_member(r) for r in rows]

"""Small helpers shared by users, tokens and sessions."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def aware(value: datetime) -> datetime:
    """A stored time as UTC-aware: SQLite hands back naive datetimes."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

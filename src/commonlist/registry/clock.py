"""The registry's notion of now, in UTC (one place to read the time)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)

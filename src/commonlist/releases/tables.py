"""Tables of releases: a release and the frozen data of each entry in it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from commonlist.registry.tables import Base, JSONType


class ReleaseRow(Base):
    """One numbered release; never updated or deleted."""

    __tablename__ = "release"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(255))
    policy: Mapped[dict[str, Any]] = mapped_column(JSONType)
    entries: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(String(64))
    folder: Mapped[str] = mapped_column(String(1024))  # where its files were published
    #: fingerprint of the governance state it was made from (see ``store.Listing``)
    source_sha256: Mapped[str] = mapped_column(String(64))


class ReleaseEntryRow(Base):
    """An entry as frozen in a release."""

    __tablename__ = "release_entry"

    release_number: Mapped[int] = mapped_column(ForeignKey("release.number"), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)

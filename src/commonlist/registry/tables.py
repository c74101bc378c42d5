"""Database tables of the registry: members, import batches, member records and their versions.

A member record's history is append-only: every change, withdrawal or
reinstatement is a new ``record_version`` row. ``source_record`` is the head
pointer to the current version, kept for fast listing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON on SQLite, JSONB on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class MemberRow(Base):
    """A participating state or list owner."""

    __tablename__ = "member"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(255))
    name_ru: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(255))


class ImportBatchRow(Base):
    """One import of one list file by one member, committed or refused."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_code: Mapped[str] = mapped_column(ForeignKey("member.code"), index=True)
    file_name: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))  # committed | failed
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    total: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class SourceRecordRow(Base):
    """Head of one member's designation of one subject: ``UN:QDi.001``."""

    __tablename__ = "source_record"

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    member_code: Mapped[str] = mapped_column(ForeignKey("member.code"))
    native_id: Mapped[str] = mapped_column(String(255))
    schema: Mapped[str] = mapped_column(String(32))
    caption: Mapped[str] = mapped_column(String(1024))
    status: Mapped[str] = mapped_column(String(16))  # active | withdrawn
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    last_batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("member_code", "native_id"),
        Index("ix_source_record_member_status", "member_code", "status"),
    )


class RecordVersionRow(Base):
    """One version of a member record; never updated or deleted."""

    __tablename__ = "record_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("source_record.id"))
    version: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # active | withdrawn
    change: Mapped[str] = mapped_column(String(16))  # added | changed | withdrawn | reinstated
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSONType)
    raw: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("record_id", "version"),)

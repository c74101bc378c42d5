"""Database tables of resolution: common entries, their member records, redirects, judgements.

History is append-only: an entry's membership has ``added_at``/``removed_at``, a
judgement is retracted by ``retracted_at`` and a new row, a merge or split leaves
an ``entry_redirect``. ``pair_score`` and ``resolved_record`` are a cache of the
matcher's work so that incremental runs score only new and changed records.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from commonlist.registry.tables import Base, JSONType


class ResolutionRunRow(Base):
    """One run of resolution: full or incremental, by whom, with which matcher and counts."""

    __tablename__ = "resolution_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mode: Mapped[str] = mapped_column(String(16))  # full | incremental | recluster
    actor: Mapped[str] = mapped_column(String(255))
    matcher: Mapped[str] = mapped_column(String(64))
    auto_threshold: Mapped[float] = mapped_column(Float)
    review_threshold: Mapped[float] = mapped_column(Float)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    stats: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class CommonEntryRow(Base):
    """One real person or organisation on the common list: ``CL-000123``.

    ``seq`` is allocated in order, so the oldest of two entries is the lower one.
    """

    __tablename__ = "common_entry"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    schema: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # active | merged | split | withdrawn
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_run_id: Mapped[int] = mapped_column(ForeignKey("resolution_run.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_common_entry_status", "status"),)


class EntryRecordRow(Base):
    """A member record belonging to a common entry from ``added_at`` until ``removed_at``."""

    __tablename__ = "entry_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("common_entry.id"), index=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("source_record.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    added_run_id: Mapped[int] = mapped_column(ForeignKey("resolution_run.id"))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    removed_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("resolution_run.id"), nullable=True
    )


class EntryRedirectRow(Base):
    """An entry ID that no longer names a live entry points at its successor(s)."""

    __tablename__ = "entry_redirect"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    old_id: Mapped[str] = mapped_column(ForeignKey("common_entry.id"), index=True)
    new_id: Mapped[str] = mapped_column(ForeignKey("common_entry.id"), index=True)
    reason: Mapped[str] = mapped_column(String(16))  # merged | split
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int] = mapped_column(ForeignKey("resolution_run.id"))


class JudgementRow(Base):
    """A reviewer's decision on a pair of member records; ``left_id < right_id``."""

    __tablename__ = "judgement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    left_id: Mapped[str] = mapped_column(ForeignKey("source_record.id"))
    right_id: Mapped[str] = mapped_column(ForeignKey("source_record.id"))
    decision: Mapped[str] = mapped_column(String(16))  # same | different | unsure
    user: Mapped[str] = mapped_column(String(255))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (Index("ix_judgement_pair", "left_id", "right_id"),)


class ReviewCandidateRow(Base):
    """A pair in the uncertain band, waiting for (or settled by) a human decision."""

    __tablename__ = "review_candidate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    left_id: Mapped[str] = mapped_column(ForeignKey("source_record.id"))
    right_id: Mapped[str] = mapped_column(ForeignKey("source_record.id"))
    score: Mapped[float] = mapped_column(Float)
    features: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    state: Mapped[str] = mapped_column(String(16))  # open | decided | obsolete
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("resolution_run.id"))

    __table_args__ = (
        UniqueConstraint("left_id", "right_id"),
        Index("ix_review_candidate_state", "state", "score"),
    )


class PairScoreRow(Base):
    """Cached matcher score of a candidate pair at or above the review threshold."""

    __tablename__ = "pair_score"

    left_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    right_id: Mapped[str] = mapped_column(String(300), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)
    run_id: Mapped[int] = mapped_column(ForeignKey("resolution_run.id"))


class ResolvedRecordRow(Base):
    """The version of a record whose candidate pairs are in ``pair_score``."""

    __tablename__ = "resolved_record"

    record_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int] = mapped_column(ForeignKey("resolution_run.id"))

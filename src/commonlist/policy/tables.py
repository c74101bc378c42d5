"""Tables of governance: policy versions, submissions and approvals, objections,
entry lifecycle, statements of reasons, reviews and petitions.

Everything is append-only except ``entry_state`` (the head of an entry's
lifecycle, whose history is ``entry_event``) and the ``withdrawn_at`` of an objection.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commonlist.registry.tables import Base, JSONType


class PolicyVersionRow(Base):
    """A policy applied by the secretariat, in force from ``effective_from``."""

    __tablename__ = "policy_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    effective_from: Mapped[date] = mapped_column(Date)
    body: Mapped[dict[str, Any]] = mapped_column(JSONType)
    source_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(255))


class SubmissionRow(Base):
    """A member's import batch submitted for four-eyes approval."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), unique=True)
    member_code: Mapped[str] = mapped_column(ForeignKey("member.code"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # import | withdrawal
    submitted_by: Mapped[str] = mapped_column(String(255))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SubmissionDecisionRow(Base):
    """The approver's decision on a submission: one per submission."""

    __tablename__ = "submission_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16))  # approved | rejected
    decided_by: Mapped[str] = mapped_column(String(255))
    reasons: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ObjectionRow(Base):
    """A member's objection to a proposed entry, with reasons."""

    __tablename__ = "objection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(16), index=True)
    member_code: Mapped[str] = mapped_column(ForeignKey("member.code"))
    raised_by: Mapped[str] = mapped_column(String(255))
    reasons: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_by: Mapped[str | None] = mapped_column(String(255), nullable=True)


class EntryStateRow(Base):
    """Head of a common entry's lifecycle."""

    __tablename__ = "entry_state"

    entry_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    listed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    content_sha256: Mapped[str] = mapped_column(String(64))
    supporters: Mapped[list[str]] = mapped_column(JSONType)
    decided_support: Mapped[str | None] = mapped_column(String(255), nullable=True)


class EntryEventRow(Base):
    """One lifecycle transition of an entry; never updated or deleted."""

    __tablename__ = "entry_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(16), index=True)
    old_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    new_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StatementRow(Base):
    """A statement of reasons for a listing; the newest one counts."""

    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(16), index=True)
    public_summary: Mapped[str] = mapped_column(Text)
    confidential: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewRow(Base):
    """A periodic review of a listed entry."""

    __tablename__ = "entry_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(16), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(255))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PetitionRow(Base):
    """A delisting petition from the public; only the SHA-256 of its status token is kept."""

    __tablename__ = "petition"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(16), index=True)
    petitioner: Mapped[str] = mapped_column(String(255))
    contact: Mapped[str] = mapped_column(String(255))
    grounds: Mapped[str] = mapped_column(Text)
    token_sha256: Mapped[str] = mapped_column(String(64))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PetitionAttachmentRow(Base):
    __tablename__ = "petition_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    petition_id: Mapped[str] = mapped_column(ForeignKey("petition.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class PetitionDecisionRow(Base):
    """A step in handling a petition (under review, granted, rejected) with reasons."""

    __tablename__ = "petition_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    petition_id: Mapped[str] = mapped_column(ForeignKey("petition.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

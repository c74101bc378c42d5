"""Known false positives: a client's decision that a hit is not its customer record.

Append-only: a mark is withdrawn by setting ``retracted_at``, never deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from commonlist.registry.tables import Base


class FalsePositiveRow(Base):
    """``client`` says its record ``record_id`` is not the listed entry ``entity_id``."""

    __tablename__ = "screen_false_positive"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(255))
    record_id: Mapped[str] = mapped_column(String(255))
    entity_id: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (Index("ix_screen_false_positive_lookup", "client", "record_id"),)

"""Status codes of submissions, reviews and petitions, stored by value."""

from __future__ import annotations

from enum import Enum


class SubmissionStatus(str, Enum):
    """Where a member's submission stands under four-eyes approval."""

    PENDING = "pending"  # waiting for a second person of the same member
    APPROVED = "approved"
    REJECTED = "rejected"


class ReviewOutcome(str, Enum):
    """Result of a periodic review of a listed entry."""

    MAINTAINED = "maintained"
    DELIST = "delist"


class PetitionStatus(str, Enum):
    """Where a delisting petition stands; the petitioner sees it with their token."""

    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    GRANTED = "granted"  # the entry is delisted
    REJECTED = "rejected"

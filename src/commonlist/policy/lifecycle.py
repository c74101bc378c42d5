"""The lifecycle of a common entry as a pure state machine.

proposed → (no-objection period) → listed → amended → delisted, with holds:
``next_step`` decides, from an entry's current state, its facts (which members
designate it, after four-eyes approval), the objections standing and the policy
in force, what the entry's next status is — and why (a reason code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from commonlist.exc import Conflict
from commonlist.policy.model import ObjectionEffect, Policy


class EntryStatus(str, Enum):
    PROPOSED = "proposed"  # designated; waiting for quorum or the no-objection period
    HELD = "held"  # an objection put it on hold; the secretariat decides
    LISTED = "listed"  # on the common list
    AMENDED = "amended"  # on the list, its data changed since listing
    DELISTED = "delisted"  # taken off the list
    WITHDRAWN = "withdrawn"  # lost its designations before it was ever listed


#: Statuses that put an entry in a release.
ON_LIST = frozenset({EntryStatus.LISTED, EntryStatus.AMENDED})


class Reason(str, Enum):
    """Why a transition happened; shown with RU/EN labels."""

    DESIGNATED = "designated"
    ADOPTED = "adopted"
    QUORUM_NOT_MET = "quorum_not_met"
    OBJECTION_BLOCKS = "objection_blocks"
    OBJECTION_HOLD = "objection_hold"
    SECRETARIAT_HOLD = "secretariat_hold"
    HOLD_LIFTED = "hold_lifted"
    CONTENT_CHANGED = "content_changed"
    SUPPORT_LOST = "support_lost"
    SECRETARIAT_DECISION = "secretariat_decision"
    PETITION_GRANTED = "petition_granted"
    REVIEW_DELISTING = "review_delisting"


TRANSITIONS: dict[EntryStatus | None, frozenset[EntryStatus]] = {
    None: frozenset({EntryStatus.PROPOSED}),
    EntryStatus.PROPOSED: frozenset({EntryStatus.LISTED, EntryStatus.HELD, EntryStatus.WITHDRAWN}),
    EntryStatus.HELD: frozenset({EntryStatus.PROPOSED, EntryStatus.WITHDRAWN}),
    EntryStatus.LISTED: frozenset({EntryStatus.AMENDED, EntryStatus.DELISTED}),
    EntryStatus.AMENDED: frozenset({EntryStatus.AMENDED, EntryStatus.DELISTED}),
    EntryStatus.DELISTED: frozenset({EntryStatus.PROPOSED}),
    EntryStatus.WITHDRAWN: frozenset({EntryStatus.PROPOSED}),
}


def check_transition(entry: str, old: EntryStatus | None, new: EntryStatus) -> None:
    """Conflict (409) unless the lifecycle allows ``old → new``."""
    if new not in TRANSITIONS[old]:
        raise Conflict(f"{entry}: cannot go from {old.value if old else 'new'} to {new.value}")


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """What the registry says about an entry now, counting only approved submissions."""

    entry_id: str
    supporters: frozenset[str]  # members designating it
    content_sha256: str  # digest of the data a release would publish


@dataclass(frozen=True, slots=True)
class EntryState:
    """Governance state of an entry as last recorded."""

    entry_id: str
    status: EntryStatus
    proposed_at: datetime
    content_sha256: str
    #: support digest when the secretariat delisted it; unchanged support does not re-propose
    decided_support: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    status: EntryStatus
    reason: Reason


def objection_deadline(proposed_at: datetime, policy: Policy) -> datetime:
    return proposed_at + timedelta(days=policy.objection_days)


def support_key(supporters: frozenset[str]) -> str:
    return ",".join(sorted(supporters))


def next_step(
    state: EntryState | None,
    facts: EntryFacts,
    policy: Policy,
    objectors: frozenset[str],
    now: datetime,
) -> Step | None:
    """The transition the entry should make now, or ``None`` to stay as it is.

    ``objectors`` are the members with a standing objection raised in time.
    """
    supported = bool(facts.supporters)
    status = state.status if state else None
    if status in (None, EntryStatus.DELISTED, EntryStatus.WITHDRAWN):
        if not supported:
            return None
        if (
            state is not None
            and state.decided_support is not None
            and state.decided_support == support_key(facts.supporters)
        ):
            return None  # the secretariat delisted it and nothing changed since
        return Step(EntryStatus.PROPOSED, Reason.DESIGNATED)
    assert state is not None
    if status in (EntryStatus.PROPOSED, EntryStatus.HELD):
        if not supported:
            return Step(EntryStatus.WITHDRAWN, Reason.SUPPORT_LOST)
        if status is EntryStatus.HELD:
            return None
        if objectors and policy.objection_effect is ObjectionEffect.HOLD:
            return Step(EntryStatus.HELD, Reason.OBJECTION_HOLD)
        if objectors or len(facts.supporters) < policy.threshold():
            return None
        if now < objection_deadline(state.proposed_at, policy):
            return None
        return Step(EntryStatus.LISTED, Reason.ADOPTED)
    # listed or amended: the adoption threshold is for getting on the list; an entry
    # stays on it while any member designates it (a stricter policy is not retroactive)
    if not supported:
        return Step(EntryStatus.DELISTED, Reason.SUPPORT_LOST)
    if facts.content_sha256 != state.content_sha256:
        return Step(EntryStatus.AMENDED, Reason.CONTENT_CHANGED)
    return None


def blocked_reason(
    status: EntryStatus, supporters: frozenset[str], policy: Policy, objectors: frozenset[str]
) -> Reason | None:
    """Why a proposed entry is still waiting, when it is not just the deadline."""
    if status is not EntryStatus.PROPOSED:
        return None
    if objectors:
        return Reason.OBJECTION_BLOCKS
    if len(supporters) < policy.threshold():
        return Reason.QUORUM_NOT_MET
    return None

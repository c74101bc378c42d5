"""Pure parts of governance: policy files, the lifecycle machine, labels, review dates, attachments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from commonlist.exc import Conflict, FileTooLarge, InvalidInput
from commonlist.policy.labels import CODES, LABELS, label
from commonlist.policy.lifecycle import (
    EntryFacts,
    EntryState,
    EntryStatus,
    Reason,
    blocked_reason,
    check_transition,
    next_step,
    support_key,
)
from commonlist.policy.model import AdoptionRule, ObjectionEffect, Policy, parse_policy
from commonlist.policy.petitions import attachment_type
from commonlist.policy.store import add_months

T0 = datetime(2026, 5, 1, tzinfo=UTC)
CONSENSUS = Policy(AdoptionRule.CONSENSUS, date(2026, 1, 1), objection_days=30)


def test_policy_file_parsed_and_checked() -> None:
    policy = parse_policy(
        '[adoption]\nrule = "quorum"\nquorum = 3\neffective_from = 2026-07-01\n'
        "[review]\nmonths = 6\n[submissions]\nfour_eyes = false\n"
    )
    assert (policy.rule, policy.threshold(), policy.review_months, policy.four_eyes) == (
        AdoptionRule.QUORUM,
        3,
        6,
        False,
    )
    assert Policy.from_dict(policy.to_dict()) == policy
    for text, message in (
        ('[adoption]\nrule = "vote"\neffective_from = 2026-01-01', "union, quorum or consensus"),
        ('[adoption]\nrule = "union"', "effective_from must be a TOML date"),
        ('[adoption]\nrule = "consensus"\neffective_from = 2026-01-01', "no-objection period"),
        ('[adoption]\nrule = "union"\nquorum = "2"\neffective_from = 2026-01-01', "whole number"),
        ("[adoption\n", "not valid TOML"),
    ):
        with pytest.raises(InvalidInput, match=message):
            parse_policy(text, source="p.toml")


def facts(*members: str, content: str = "c1") -> EntryFacts:
    return EntryFacts("CL-000001", frozenset(members), content)


def state(status: EntryStatus, *, content: str = "c1", decided: str | None = None) -> EntryState:
    return EntryState("CL-000001", status, T0, content, decided)


def test_consensus_waits_for_the_deadline_and_objections() -> None:
    proposed = state(EntryStatus.PROPOSED)
    new = next_step(None, facts("AA"), CONSENSUS, frozenset(), T0)
    assert new is not None and (new.status, new.reason) == (EntryStatus.PROPOSED, Reason.DESIGNATED)
    assert next_step(proposed, facts("AA"), CONSENSUS, frozenset(), T0 + timedelta(days=29)) is None
    listed = next_step(proposed, facts("AA"), CONSENSUS, frozenset(), T0 + timedelta(days=30))
    assert listed is not None and listed.status is EntryStatus.LISTED
    late = T0 + timedelta(days=40)
    assert next_step(proposed, facts("AA"), CONSENSUS, frozenset({"BB"}), late) is None


def test_hold_effect_quorum_amend_delist_and_sticky_decisions() -> None:
    holding = Policy(
        AdoptionRule.CONSENSUS,
        date(2026, 1, 1),
        objection_days=5,
        objection_effect=ObjectionEffect.HOLD,
    )
    step = next_step(state(EntryStatus.PROPOSED), facts("AA"), holding, frozenset({"BB"}), T0)
    assert step is not None and step.status is EntryStatus.HELD
    assert next_step(state(EntryStatus.HELD), facts("AA"), holding, frozenset(), T0) is None
    quorum = Policy(AdoptionRule.QUORUM, date(2026, 1, 1), quorum=2)
    assert next_step(state(EntryStatus.PROPOSED), facts("AA"), quorum, frozenset(), T0) is None
    step = next_step(state(EntryStatus.PROPOSED), facts("AA", "BB"), quorum, frozenset(), T0)
    assert step is not None and step.status is EntryStatus.LISTED
    # below quorum a listed entry stays listed; with no designation at all it goes
    assert next_step(state(EntryStatus.LISTED), facts("AA"), quorum, frozenset(), T0) is None
    step = next_step(state(EntryStatus.LISTED), facts(), quorum, frozenset(), T0)
    assert step is not None and (step.status, step.reason) == (
        EntryStatus.DELISTED,
        Reason.SUPPORT_LOST,
    )
    step = next_step(
        state(EntryStatus.LISTED), facts("AA", "BB", content="c2"), quorum, frozenset(), T0
    )
    assert step is not None and step.status is EntryStatus.AMENDED
    step = next_step(state(EntryStatus.PROPOSED), facts(), quorum, frozenset(), T0)
    assert step is not None and step.status is EntryStatus.WITHDRAWN
    decided = state(EntryStatus.DELISTED, decided=support_key(frozenset({"AA", "BB"})))
    assert next_step(decided, facts("AA", "BB"), quorum, frozenset(), T0) is None
    step = next_step(decided, facts("AA", "BB", "CC"), quorum, frozenset(), T0)
    assert step is not None and step.status is EntryStatus.PROPOSED
    waiting = (EntryStatus.PROPOSED, frozenset({"AA"}), quorum)
    assert blocked_reason(*waiting, frozenset()) is Reason.QUORUM_NOT_MET
    assert blocked_reason(*waiting, frozenset({"BB"})) is Reason.OBJECTION_BLOCKS
    assert blocked_reason(EntryStatus.LISTED, frozenset({"AA"}), quorum, frozenset()) is None
    check_transition("CL-1", EntryStatus.LISTED, EntryStatus.DELISTED)
    with pytest.raises(Conflict, match="cannot go from delisted to listed"):
        check_transition("CL-1", EntryStatus.DELISTED, EntryStatus.LISTED)


def test_every_code_has_russian_and_english_labels() -> None:
    for enum in CODES:
        for code in enum:
            en, ru = LABELS[code]
            assert en and ru and en != ru, code
            assert any("а" <= ch <= "я" for ch in ru.lower()), code
            assert label(code, "ru") == ru and label(code) == en


def test_review_months_clamp_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)


def test_attachments_typed_by_content_and_size_limited() -> None:
    assert attachment_type("a.pdf", b"%PDF-1.7 ...", max_bytes=100) == "application/pdf"
    assert attachment_type("a.bin", b"\x89PNG\r\n\x1a\n....", max_bytes=100) == "image/png"
    assert attachment_type("a.txt", "Я не он.".encode(), max_bytes=100) == "text/plain"
    with pytest.raises(InvalidInput, match="only PDF"):
        attachment_type("a.pdf", b"MZ\x90\x00", max_bytes=100)
    with pytest.raises(InvalidInput, match="only PDF"):
        attachment_type("a.txt", b"\xff\xfe\x00bad", max_bytes=100)
    with pytest.raises(FileTooLarge):
        attachment_type("big.pdf", b"%PDF-" + b"0" * 100, max_bytes=100)

"""Adoption on a real registry: four eyes, union, quorum, consensus with objections, holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from govkit import SYSTEM, T0, Gov, policy_text

from commonlist.exc import Conflict, PermissionDenied
from commonlist.policy import actions
from commonlist.policy.codes import SubmissionStatus
from commonlist.policy.lifecycle import EntryStatus, Reason
from commonlist.policy.store import get_entry_state, list_entry_states
from commonlist.registry.db import transaction


def statuses(gov: Gov) -> dict[str, EntryStatus]:
    with transaction(gov.engine) as session:
        return {e.entry_id: e.status for e in list_entry_states(session)}


def only(gov: Gov) -> str:
    (entry_id,) = statuses(gov)
    return entry_id


def test_four_eyes(gov: Gov) -> None:
    gov.policy(policy_text("union"))
    sub = gov.submit(gov.sub_a, "AA", ["ivanov"])
    assert sub.status is SubmissionStatus.PENDING
    assert gov.evaluate().changes == {}  # not approved: does not count
    with pytest.raises(PermissionDenied):
        actions.decide_submission(gov.engine, gov.sub_a, sub.submission_id, approve=True)
    with pytest.raises(PermissionDenied, match="own designations"):
        actions.decide_submission(gov.engine, gov.app_b, sub.submission_id, approve=True)
    # a person holding both roles still may not approve their own submission
    both = SYSTEM.__class__("sub-a", "AA", gov.sub_a.roles | gov.app_a.roles)
    with pytest.raises(PermissionDenied, match="four eyes"):
        actions.decide_submission(gov.engine, both, sub.submission_id, approve=True)
    actions.decide_submission(gov.engine, gov.app_a, sub.submission_id, approve=True)
    with pytest.raises(Conflict, match="already approved"):
        actions.decide_submission(gov.engine, gov.app_a, sub.submission_id, approve=False)
    result = gov.evaluate()
    assert [new for _, new, _ in result.changes.values()] == [EntryStatus.LISTED]
    with transaction(gov.engine) as session:
        assert get_entry_state(session, only(gov)).supporters == ("AA",)
    # a withdrawal is a submission too: it changes nothing until approved
    with pytest.raises(PermissionDenied):
        actions.withdraw_designation(gov.engine, gov.sub_b, "AA:AA.ivanov")
    withdrawal = actions.withdraw_designation(gov.engine, gov.sub_a, "AA:AA.ivanov", now=T0)
    assert withdrawal.status is SubmissionStatus.PENDING
    assert gov.evaluate(T0 + timedelta(days=1)).changes == {}
    actions.decide_submission(gov.engine, gov.app_a, withdrawal.submission_id, approve=True)
    assert statuses(gov) == {only(gov): EntryStatus.LISTED}
    gov.evaluate(T0 + timedelta(days=2))
    assert statuses(gov) == {only(gov): EntryStatus.DELISTED}


def check_union(gov: Gov) -> None:
    gov.policy(policy_text("union"))
    gov.submit(SYSTEM, "AA", ["ivanov", "hassan"])
    assert set(statuses(gov).values()) == set()
    gov.evaluate()
    assert set(statuses(gov).values()) == {EntryStatus.LISTED}
    gov.submit(SYSTEM, "AA", ["ivanov"])
    gov.evaluate(T0 + timedelta(hours=1))
    assert sorted(statuses(gov).values()) == [EntryStatus.DELISTED, EntryStatus.LISTED]


def test_union_then_quorum(gov: Gov) -> None:
    """Union lists on one designation; from March a quorum of two is needed for new entries."""
    check_union(gov)
    gov.policy(policy_text("quorum", quorum=2, since="2026-03-01"))
    march = T0.replace(month=3)
    gov.submit(SYSTEM, "AA", ["ivanov", "mendes"])
    gov.evaluate(march)
    mendes = "CL-000003"
    assert statuses(gov)[mendes] is EntryStatus.PROPOSED
    gov.submit(SYSTEM, "BB", ["mendes"])
    gov.evaluate(march + timedelta(days=1))
    assert statuses(gov)[mendes] is EntryStatus.LISTED
    with transaction(gov.engine) as session:
        assert get_entry_state(session, mendes).supporters == ("AA", "BB")
        # a stricter policy is not retroactive: AA's listed entry stays listed
        assert get_entry_state(session, "CL-000001").status is EntryStatus.LISTED


def test_consensus_objection_blocks_until_withdrawn(gov: Gov) -> None:
    gov.policy(policy_text("consensus", days=30))
    gov.submit(SYSTEM, "AA", ["hassan"])
    gov.evaluate()
    entry_id = only(gov)
    assert statuses(gov)[entry_id] is EntryStatus.PROPOSED
    gov.evaluate(T0 + timedelta(days=29, hours=23))
    assert statuses(gov)[entry_id] is EntryStatus.PROPOSED  # period not over
    with pytest.raises(Conflict, match="designates"):
        actions.raise_objection(gov.engine, gov.sub_a, entry_id, "own", now=T0)
    with pytest.raises(PermissionDenied):
        actions.raise_objection(gov.engine, gov.sub_b, entry_id, "no", member="CC", now=T0)
    objection = actions.raise_objection(
        gov.engine, gov.sub_b, entry_id, "insufficient evidence", now=T0 + timedelta(days=3)
    )
    gov.evaluate(T0 + timedelta(days=31))
    assert statuses(gov)[entry_id] is EntryStatus.PROPOSED  # blocked
    with pytest.raises(PermissionDenied):
        actions.withdraw_objection(gov.engine, gov.sub_c, objection)
    actions.withdraw_objection(gov.engine, gov.sub_b, objection, now=T0 + timedelta(days=32))
    gov.evaluate(T0 + timedelta(days=32))
    assert statuses(gov)[entry_id] is EntryStatus.LISTED
    with pytest.raises(Conflict, match="proposed entries"):
        actions.raise_objection(
            gov.engine, gov.sub_c, entry_id, "late", now=T0 + timedelta(days=33)
        )


def test_consensus_objection_holds_until_secretariat_lifts(gov: Gov) -> None:
    gov.policy(policy_text("consensus", days=10, effect="hold"))
    gov.submit(SYSTEM, "AA", ["ivanov"])
    gov.evaluate()
    entry_id = only(gov)
    actions.raise_objection(gov.engine, gov.sub_c, entry_id, "mistaken identity", now=T0)
    gov.evaluate(T0 + timedelta(hours=1))
    assert statuses(gov)[entry_id] is EntryStatus.HELD
    gov.evaluate(T0 + timedelta(days=20))
    assert statuses(gov)[entry_id] is EntryStatus.HELD
    with pytest.raises(PermissionDenied):
        actions.lift_hold(gov.engine, gov.aud, entry_id, "no")
    actions.lift_hold(
        gov.engine, gov.sec, entry_id, "identity confirmed", now=T0 + timedelta(days=20)
    )
    gov.evaluate(T0 + timedelta(days=21))
    with transaction(gov.engine) as session:
        entry = get_entry_state(session, entry_id)
    assert (entry.status, entry.reason) == (EntryStatus.LISTED, Reason.ADOPTED)
    # a late objection after the deadline is refused
    with pytest.raises(Conflict):
        actions.raise_objection(
            gov.engine, gov.sub_b, entry_id, "late", now=T0 + timedelta(days=22)
        )


def test_policy_change_applies_from_its_date(gov: Gov) -> None:
    gov.policy(policy_text("quorum", quorum=2))
    gov.policy(policy_text("union", since="2026-03-01"), now=T0)
    gov.submit(SYSTEM, "AA", ["mendes"])
    gov.evaluate(T0)
    assert set(statuses(gov).values()) == {EntryStatus.PROPOSED}
    gov.evaluate(T0.replace(month=3))
    assert set(statuses(gov).values()) == {EntryStatus.LISTED}
    with pytest.raises(Exception, match="in the past"):
        gov.policy(policy_text("union", since="2026-01-15"), now=T0)

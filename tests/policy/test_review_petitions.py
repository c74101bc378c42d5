"""Periodic review due dates, statements of reasons and delisting petitions on a real registry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from govkit import SYSTEM, T0, Gov, policy_text

from commonlist.access.roles import Principal
from commonlist.exc import Conflict, FileTooLarge, InvalidInput, NotFound
from commonlist.policy import actions
from commonlist.policy.codes import PetitionStatus, ReviewOutcome
from commonlist.policy.lifecycle import EntryStatus, Reason
from commonlist.policy.store import get_entry_state, review_schedule
from commonlist.registry.db import transaction


def test_review_statement_and_petition(gov: Gov) -> None:
    gov.policy(policy_text("union"))  # review every 6 months
    gov.submit(SYSTEM, "AA", ["ivanov", "hassan"])
    gov.evaluate(T0)
    eng = gov.engine

    # periodic review: due 6 months after listing, then 6 months after the last review
    with transaction(eng) as session:
        due = {r.entry_id: r for r in review_schedule(session, months=6, today=date(2026, 8, 2))}
    assert due["CL-000001"].due == date(2026, 8, 2) and due["CL-000001"].overdue_days == 0
    with transaction(eng) as session:
        early = review_schedule(session, months=6, today=date(2026, 8, 1))
    assert all(r.overdue_days < 0 for r in early)
    actions.record_review(
        eng,
        gov.sec,
        "CL-000001",
        ReviewOutcome.MAINTAINED,
        "still active",
        now=T0 + timedelta(days=200),
    )
    with transaction(eng) as session:
        due = {r.entry_id: r for r in review_schedule(session, months=6, today=date(2026, 9, 1))}
    assert due["CL-000001"].overdue_days < 0 and due["CL-000002"].overdue_days == 30

    # statement of reasons: the confidential part never reaches the public
    actions.set_statement(
        eng, gov.sec, "CL-000001", public_summary="Financier of group X.", confidential="Intel Y."
    )
    with transaction(eng) as session:
        assert actions.read_statement(session, Principal.public(), "CL-000001") == {
            "public_summary": "Financier of group X."
        }
        for reader in (gov.sub_b, gov.app_a, gov.sec, gov.aud):
            assert (
                actions.read_statement(session, reader, "cl-000001")["confidential"] == "Intel Y."
            )

    # petitions: filed by anyone, checked by token, decided with reasons by the secretariat
    public = Principal.public()
    common = {"petitioner": "A. Person", "contact": "a@example.org", "max_attachment_bytes": 64}
    with pytest.raises(InvalidInput, match="grounds"):
        actions.file_petition(eng, public, "CL-000002", grounds=" ", **common)
    with pytest.raises(FileTooLarge):
        actions.file_petition(
            eng,
            public,
            "CL-000002",
            grounds="g",
            attachments=[("a.pdf", b"%PDF-" + b"x" * 64)],
            **common,
        )
    number, token = actions.file_petition(
        eng,
        public,
        "CL-000002",
        grounds="Mistaken identity.",
        attachments=[("proof.pdf", b"%PDF-1.4 tiny")],
        now=T0,
        **common,
    )
    with transaction(eng) as session:
        assert actions.petition_status(session, number, token).status is PetitionStatus.RECEIVED
        with pytest.raises(NotFound):
            actions.petition_status(session, number, token + "x")
    actions.decide_petition(eng, gov.sec, number, PetitionStatus.UNDER_REVIEW, "asking AA")
    actions.decide_petition(eng, gov.sec, number, PetitionStatus.GRANTED, "identity mismatch")
    with pytest.raises(Conflict, match="already granted"):
        actions.decide_petition(eng, gov.sec, number, PetitionStatus.REJECTED, "no")
    with transaction(eng) as session:
        view = actions.petition_status(session, number, token)
        entry = get_entry_state(session, "CL-000002")
    assert [s for s, _, _ in view.steps] == [PetitionStatus.UNDER_REVIEW, PetitionStatus.GRANTED]
    assert (entry.status, entry.reason) == (EntryStatus.DELISTED, Reason.PETITION_GRANTED)
    # the delisting sticks while the designations stay as they were
    gov.evaluate(T0 + timedelta(days=300))
    with transaction(eng) as session:
        assert get_entry_state(session, "CL-000002").status is EntryStatus.DELISTED
    with pytest.raises(Conflict, match="not on the list"):
        actions.file_petition(eng, public, "CL-000002", grounds="again", **common)

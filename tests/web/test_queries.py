"""The web layer's reads on every backend: the list catalogue, entry pages, review pairs."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from tests.web.conftest import build_registry

from commonlist.access.roles import Principal, Role
from commonlist.exc import PermissionDenied
from commonlist.registry.db import transaction
from commonlist.resolve.entries import entry_for_record
from commonlist.resolve.judgement import Decision
from commonlist.resolve.tables import ReviewCandidateRow
from commonlist.web.catalogue import Filters, get_catalogue
from commonlist.web.entries import entry_page
from commonlist.web.review import compare_rows, decide_pair, get_candidate, pair_details


def test_catalogue_entry_page_and_review_on_each_backend(engine: Engine) -> None:
    build_registry(engine)
    catalogue = get_catalogue(engine)
    with transaction(engine) as session:
        rakhmonov = entry_for_record(session, "KZ:KZ-001")
    latin = catalogue.find(Filters(text="Rakhmonov"))
    assert [e.id for e in latin.entries] == [rakhmonov]
    assert catalogue.find(Filters(text="Рахмонов")).entries == latin.entries
    assert latin.entries[0].members == ("KZ", "RU")
    assert catalogue.find(Filters(member="RU", schema="Organization")).total == 1
    assert catalogue.find(Filters(since="2022-01-01")).total == 2  # SIDORENKO, PETROV
    assert catalogue.statuses() == {"listed": 6}
    assert catalogue.overlap(["KZ", "RU"]) == [[4, 2], [2, 4]]

    with transaction(engine) as session:
        page = entry_page(session, Principal.public(), rakhmonov or "")
    scripts = {group.script for group in page.view.names}
    assert {"Latin", "Cyrillic"} <= scripts
    kinds = [event.kind for event in page.timeline]
    assert kinds.count("added") == 2 and "status" in kinds
    assert page.status == "listed"

    with transaction(engine) as session:
        candidate_id = session.scalars(select(ReviewCandidateRow.id)).one()
        candidate = get_candidate(session, candidate_id)
        rows = {r.prop: r for r in compare_rows(*pair_details(session, candidate))}
    assert rows["birthDate"].differs and not rows["gender"].differs
    member = Principal("kz.submitter", "KZ", frozenset({Role.SUBMITTER}))
    with pytest.raises(PermissionDenied):
        decide_pair(engine, member, candidate_id, Decision.SAME, "")
    secretariat = Principal("sec.reviewer", None, frozenset({Role.SECRETARIAT}))
    merged = decide_pair(engine, secretariat, candidate_id, Decision.SAME, "same person")
    assert get_catalogue(engine).by_id[merged or ""].members == ("KZ", "RU")

"""Resolution on a real registry: thresholds, constraints, decisions, stable IDs, increments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from tests.resolve.conftest import person, snapshot, table_matcher

from commonlist.registry.db import transaction
from commonlist.resolve import (
    Decision,
    canonical_id,
    entry_for_record,
    get_entry,
    judge,
    list_entries,
    recluster,
    resolve,
)
from commonlist.resolve.matcher import Matcher
from commonlist.resolve.tables import PairScoreRow, ReviewCandidateRow
from commonlist.sources.model import NameKind, ParsedRecord, RecordBuilder

A = ("UN", "A1", "Anna Alpha")
B = ("UK", "B1", "Anna Alfa")
C = ("EU", "C1", "Ana Alpha")
D = ("US", "D1", "Ana Alpha Omar")


def load(engine: Engine, *items: tuple[str, str, str]) -> None:
    by_member: dict[str, list[tuple[str, str]]] = {}
    for member, native, name in items:
        by_member.setdefault(member, []).append((native, name))
    for member, recs in by_member.items():
        snapshot(engine, member, [person(n, name) for n, name in recs])


def run(engine: Engine, matcher: Matcher, *, full: bool = False) -> dict[str, Any]:
    with transaction(engine) as session:
        return resolve(session, actor="test", matcher=matcher, full=full).to_dict()


def entry_of(engine: Engine, rid: str) -> str | None:
    with transaction(engine) as session:
        return entry_for_record(session, rid)


def partition(engine: Engine) -> set[frozenset[str]]:
    with transaction(engine) as session:
        entries = list_entries(session, limit=10_000)
        return {
            frozenset(r.record_id for r in get_entry(session, e.id).records if r.removed_at is None)
            for e in entries
        }


def open_review(engine: Engine) -> set[tuple[str, str]]:
    with transaction(engine) as session:
        return set(
            session.execute(
                select(ReviewCandidateRow.left_id, ReviewCandidateRow.right_id).where(
                    ReviewCandidateRow.state == "open"
                )
            )
        )


def test_thresholds_merge_review_and_ignore(engine: Engine, chain: Matcher) -> None:
    load(engine, A, B, C, D, ("AE", "E1", "Zed Zulu"))
    summary = run(engine, chain)
    assert summary["mode"] == "full"
    assert partition(engine) == {
        frozenset({"UN:A1", "UK:B1", "EU:C1"}),
        frozenset({"US:D1"}),
        frozenset({"AE:E1"}),
    }
    assert open_review(engine) == {("EU:C1", "US:D1")}
    assert summary["review_open"] == 1


def test_ids_stable_and_rerun_scores_nothing(engine: Engine, chain: Matcher) -> None:
    load(engine, A, B, C, D)
    run(engine, chain)
    before = {rid: entry_of(engine, rid) for rid in ("UN:A1", "UK:B1", "EU:C1", "US:D1")}
    assert before["UN:A1"] == before["UK:B1"] == "CL-000001"
    again = run(engine, chain)
    assert again["mode"] == "incremental"
    assert (again["scored_pairs"], again["created"], again["merged"], again["split"]) == (
        0,
        0,
        0,
        0,
    )
    full = run(engine, chain, full=True)
    assert full["scored_pairs"] > 0 and full["created"] == 0
    assert {rid: entry_of(engine, rid) for rid in before} == before


def test_same_member_records_merge_only_by_human(engine: Engine, chain: Matcher) -> None:
    load(engine, ("UN", "A1", "Anna Alpha"), ("UN", "A2", "Anna Alfa"))
    run(engine, chain)
    assert entry_of(engine, "UN:A1") != entry_of(engine, "UN:A2")
    assert open_review(engine) == {("UN:A1", "UN:A2")}
    with transaction(engine) as session:
        judge(session, "UN:A2", "UN:A1", Decision.SAME, user="rev", comment="same passport")
        recluster(session, actor="rev", matcher=chain)
    assert entry_of(engine, "UN:A1") == entry_of(engine, "UN:A2") == "CL-000001"
    with transaction(engine) as session:
        view = get_entry(session, "CL-000002")
    assert view.id == "CL-000001" and view.requested_id == "CL-000002"
    assert [(r.old_id, r.reason) for r in view.redirects_in] == [("CL-000002", "merged")]
    assert open_review(engine) == set()


def test_negative_decision_splits_a_chain(engine: Engine, chain: Matcher) -> None:
    load(engine, A, B, C)
    run(engine, chain)
    old = entry_of(engine, "UN:A1")
    assert old == entry_of(engine, "EU:C1")
    with transaction(engine) as session:
        judge(session, "UN:A1", "EU:C1", Decision.DIFFERENT, user="rev", comment="other DOB")
        summary = recluster(session, actor="rev", matcher=chain)
    assert summary.split == 1
    # A–B (0.97) is stronger than B–C (0.95): C leaves; the chain is not re-formed
    assert partition(engine) == {frozenset({"UN:A1", "UK:B1"}), frozenset({"EU:C1"})}
    a, c = entry_of(engine, "UN:A1"), entry_of(engine, "EU:C1")
    assert old not in (a, c) and a != c
    with transaction(engine) as session:
        view = get_entry(session, old or "")
        assert view.status == "split"
        assert {r.new_id for r in view.successors} == {a, c}
        assert canonical_id(session, old or "") == old
        assert {r.record_id for r in view.records} == {"UN:A1", "UK:B1", "EU:C1"}


def test_decisions_survive_reimport_and_are_not_asked_again(engine: Engine, chain: Matcher) -> None:
    load(engine, A, B, C, D)
    run(engine, chain)
    with transaction(engine) as session:
        judge(session, "EU:C1", "US:D1", Decision.UNSURE, user="rev")
        judge(session, "UN:A1", "UK:B1", Decision.DIFFERENT, user="rev")
    # UK re-imports a changed record, US re-imports the same one
    snapshot(engine, "UK", [person("B1", "Anna Alfa", birth="1970-01-02")])
    snapshot(engine, "US", [person("D1", "Ana Alpha Omar")])
    summary = run(engine, chain)
    assert summary["mode"] == "incremental" and summary["changed_records"] == 1
    assert entry_of(engine, "UN:A1") != entry_of(engine, "UK:B1")
    assert entry_of(engine, "EU:C1") != entry_of(engine, "US:D1")
    assert ("EU:C1", "US:D1") not in open_review(engine)
    run(engine, chain, full=True)
    assert entry_of(engine, "UN:A1") != entry_of(engine, "UK:B1")
    assert ("EU:C1", "US:D1") not in open_review(engine)


def test_merge_keeps_oldest_id_and_redirects(engine: Engine, chain: Matcher) -> None:
    load(engine, C)
    run(engine, chain)
    load(engine, D)
    run(engine, chain)
    c, d = entry_of(engine, "EU:C1"), entry_of(engine, "US:D1")
    assert (c, d) == ("CL-000001", "CL-000002")
    with transaction(engine) as session:
        judge(session, "EU:C1", "US:D1", Decision.SAME, user="rev")
    summary = run(engine, chain)
    assert summary["merged"] == 1
    assert entry_of(engine, "US:D1") == "CL-000001"
    with transaction(engine) as session:
        assert canonical_id(session, "CL-000002") == "CL-000001"
        assert get_entry(session, "cl-000002").members == ("EU", "US")


def test_withdrawn_record_leaves_entry(engine: Engine, chain: Matcher) -> None:
    load(engine, A, B, ("UK", "B2", "Zed Zulu"))
    run(engine, chain)
    snapshot(engine, "UK", [person("B2", "Zed Zulu")])
    summary = run(engine, chain)
    assert summary["removed_records"] == 1 and summary["split"] == 0
    assert entry_of(engine, "UK:B1") is None
    assert entry_of(engine, "UN:A1") == "CL-000001"
    with transaction(engine) as session:
        view = get_entry(session, "CL-000001")
        assert view.members == ("UN",)
        assert [r.record_id for r in view.records if r.removed_at] == ["UK:B1"]


def test_incremental_equals_full(engine: Engine, chain: Matcher) -> None:
    load(engine, A)
    run(engine, chain)
    load(engine, B, D)
    run(engine, chain)
    with transaction(engine) as session:
        judge(session, "UK:B1", "US:D1", Decision.DIFFERENT, user="rev")
    load(engine, C, ("AE", "E1", "Zed Zulu"))
    run(engine, chain)
    snapshot(engine, "UK", [person("B1", "Anna Alfa", birth="1971")])
    incremental = run(engine, chain)
    assert incremental["mode"] == "incremental"
    with transaction(engine) as session:
        scores = set(
            session.execute(select(PairScoreRow.left_id, PairScoreRow.right_id, PairScoreRow.score))
        )
    state = (partition(engine), open_review(engine))
    full = run(engine, chain, full=True)
    assert (full["created"], full["merged"], full["split"]) == (0, 0, 0)
    with transaction(engine) as session:
        assert scores == set(
            session.execute(select(PairScoreRow.left_id, PairScoreRow.right_id, PairScoreRow.score))
        )
    assert (partition(engine), open_review(engine)) == state


def test_korean_given_names_that_cannot_be_one_go_to_review(engine: Engine) -> None:
    def korean(native_id: str, name: str) -> ParsedRecord:
        builder = RecordBuilder(native_id, "Person", ref=native_id)
        builder.add_name(name, NameKind.PRIMARY)
        builder.add("nationality", "kp")
        return builder.build()

    snapshot(engine, "UK", [korean("K1", "Jong-Su Ri"), korean("K2", "Kim Jong-un")])
    snapshot(engine, "UN", [korean("K3", "RI SU YONG"), korean("K4", "KIM JONG UN")])
    scores = {
        frozenset(("Jong-Su Ri", "RI SU YONG")): 0.95,
        frozenset(("Kim Jong-un", "KIM JONG UN")): 0.95,
    }
    run(engine, table_matcher(scores))
    assert partition(engine) == {
        frozenset({"UK:K1"}),
        frozenset({"UN:K3"}),
        frozenset({"UK:K2", "UN:K4"}),
    }
    assert open_review(engine) == {("UK:K1", "UN:K3")}

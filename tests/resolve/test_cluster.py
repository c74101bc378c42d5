"""Constrained clustering and the identity plan, as pure functions."""

from __future__ import annotations

from commonlist.resolve.cluster import Edge, cluster
from commonlist.resolve.identity import plan_identities
from commonlist.resolve.judgement import Decision, Pair

MEMBERS = {"UN:1": "UN", "UK:1": "UK", "EU:1": "EU", "UN:2": "UN"}


def test_member_constraint_and_order_independence() -> None:
    edges = [
        Edge(Pair.of("UN:1", "UK:1"), 0.99),
        Edge(Pair.of("UK:1", "UN:2"), 0.95),
        Edge(Pair.of("EU:1", "UN:2"), 0.96),
    ]
    kwargs = {"auto_threshold": 0.9, "review_threshold": 0.7}
    first = cluster(MEMBERS, edges, {}, **kwargs)
    assert set(first.clusters) == {frozenset({"UN:1", "UK:1"}), frozenset({"EU:1", "UN:2"})}
    assert [e.pair for e in first.review] == [Pair("UK:1", "UN:2")]
    assert cluster(MEMBERS, list(reversed(edges)), {}, **kwargs) == first


def test_negative_beats_transitivity_and_conflicting_same() -> None:
    edges = [Edge(Pair.of("UN:1", "UK:1"), 0.99), Edge(Pair.of("UK:1", "EU:1"), 0.98)]
    judged = {
        Pair.of("UN:1", "EU:1"): Decision.DIFFERENT,
        Pair.of("EU:1", "UN:1"): Decision.DIFFERENT,
    }
    result = cluster(MEMBERS, edges, judged, auto_threshold=0.9, review_threshold=0.7)
    assert frozenset({"UN:1", "UK:1"}) in result.clusters
    assert result.review == ()
    judged[Pair.of("UK:1", "EU:1")] = Decision.SAME
    result = cluster(MEMBERS, [], judged, auto_threshold=0.9, review_threshold=0.7)
    assert frozenset({"UK:1", "EU:1"}) in result.clusters
    judged[Pair.of("UN:1", "UK:1")] = Decision.SAME
    result = cluster(MEMBERS, [], judged, auto_threshold=0.9, review_threshold=0.7)
    assert result.conflicts == (Pair("UK:1", "UN:1"),)


def test_identity_plan() -> None:
    seqs = {"CL-1": 1, "CL-2": 2, "CL-3": 3, "CL-4": 4}
    entries = {
        "CL-1": frozenset({"a"}),
        "CL-2": frozenset({"b"}),
        "CL-3": frozenset({"c", "d"}),
        "CL-4": frozenset({"gone"}),
    }
    clusters = [frozenset({"a", "b"}), frozenset({"c"}), frozenset({"d", "e"})]
    plan = plan_identities(entries, seqs, clusters)
    assert plan.keep == ("CL-1", None, None)
    assert plan.merged == (("CL-2", 0),)
    assert plan.split == (("CL-3", (1, 2)),)
    assert plan.withdrawn == ("CL-4",)
    assert plan.origins == {1: ("CL-3",), 2: ("CL-3",)}


def test_twins_listed_twice_go_to_review_not_crosswise() -> None:
    """A member listing a subject twice: tied candidates are ambiguous, not merged."""
    members = {"UN:1": "UN", "UN:2": "UN", "UK:1": "UK", "UK:2": "UK"}
    edges = [
        Edge(Pair.of("UN:1", "UK:1"), 0.99),
        Edge(Pair.of("UN:1", "UK:2"), 0.99),
        Edge(Pair.of("UN:2", "UK:1"), 0.99),
        Edge(Pair.of("UN:2", "UK:2"), 0.99),
    ]
    result = cluster(members, edges, {}, auto_threshold=0.9, review_threshold=0.7)
    assert all(len(c) == 1 for c in result.clusters)
    assert len(result.review) == 4


def test_one_hub_record_does_not_chain_two_subjects() -> None:
    """A record carrying two subjects' aliases links both clusters; they stay apart."""
    members = {"US:1": "US", "UK:1": "UK", "EU:1": "EU", "UN:1": "UN"}
    edges = [
        Edge(Pair.of("US:1", "UK:1"), 0.99),
        Edge(Pair.of("EU:1", "UN:1"), 0.99),
        Edge(Pair.of("US:1", "UN:1"), 0.98),
    ]
    result = cluster(members, edges, {}, auto_threshold=0.9, review_threshold=0.7)
    assert set(result.clusters) == {frozenset({"US:1", "UK:1"}), frozenset({"EU:1", "UN:1"})}
    assert [e.pair for e in result.review] == [Pair.of("US:1", "UN:1")]
    edges.append(Edge(Pair.of("UK:1", "UN:1"), 0.95))
    result = cluster(members, edges, {}, auto_threshold=0.9, review_threshold=0.7)
    assert result.clusters == (frozenset(members),)


def test_a_held_pair_goes_to_review_however_high_it_scores() -> None:
    edges = [Edge(Pair.of("UN:1", "UK:1"), 0.99), Edge(Pair.of("UK:1", "EU:1"), 0.95)]
    kwargs = {"auto_threshold": 0.9, "review_threshold": 0.7}
    held = cluster(MEMBERS, edges, {}, held={Pair.of("UN:1", "UK:1")}, **kwargs)
    assert frozenset({"UK:1", "EU:1"}) in held.clusters
    assert [e.pair for e in held.review] == [Pair.of("UN:1", "UK:1")]
    assert frozenset({"UN:1", "UK:1", "EU:1"}) in cluster(MEMBERS, edges, {}, **kwargs).clusters

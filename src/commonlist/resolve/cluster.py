"""Clustering scored pairs into subjects, under the reviewers' constraints.

Greedy, constrained agglomeration: human ``same`` decisions first, then machine
edges from the highest score down. A merge is refused when it would put two
records judged ``different`` in one cluster (so no chain of matches overrides a
negative decision), and, for machine edges, when both clusters already hold a
record of the same member (a member lists a subject once; two of its records are
merged only by a human). ``unsure`` pairs do not auto-merge.

Two guards keep machine merges from going wrong where members list a subject
twice or records share one alias. Links between two members are a one-to-one
assignment: a machine edge merges only when it is each record's single best
candidate of the other's member (a tie, e.g. twins listed twice, goes to review).
And two clusters merge only when enough of their record pairs link, so one hub
record carrying the aliases of two subjects does not chain them together.

The result depends only on the inputs, not on their order, so a re-run or an
incremental run on the same data gives the same clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from commonlist.resolve.judgement import Decision, Pair


@dataclass(frozen=True, slots=True)
class Edge:
    """A matcher score of two records."""

    pair: Pair
    score: float


@dataclass(frozen=True, slots=True)
class Clustering:
    clusters: tuple[frozenset[str], ...]  # sorted by their smallest record id
    review: tuple[Edge, ...]  # best unjudged pair between two clusters, highest first
    conflicts: tuple[Pair, ...]  # human ``same`` decisions refused by a ``different`` one


#: a second candidate of the same member within this much of the best is a tie (on the
#: real lists any margin above exact ties costs more correct merges than wrong ones saved)
TIE_MARGIN = 0.0
#: share of the record pairs across two clusters that linking pairs must exceed to merge
#: them (0.5 would also refuse a record joining a pair through one link: −0.4 pt recall)
MIN_SUPPORT = 0.25


def _one_to_one(members: Mapping[str, str], auto: Sequence[Edge], tie_margin: float) -> list[Edge]:
    """The auto-merge edges that are each side's clear best toward the other's member.

    A member lists a subject once, so a record links automatically to at most one
    record of another member: the edge must be both records' best candidate of the
    other's member, with no second candidate of that member within ``tie_margin``
    (twins listed twice by one member tie; those pairs go to review). ``auto`` comes
    sorted highest first, and so does the result.
    """
    best: dict[tuple[str, str], list[float]] = {}
    top: dict[tuple[str, str], str] = {}
    for edge in auto:
        for rid, other in ((edge.pair.left, edge.pair.right), (edge.pair.right, edge.pair.left)):
            key = (rid, members[other])
            scores = best.setdefault(key, [])
            if not scores:
                top[key] = other
            if len(scores) < 2:
                scores.append(edge.score)

    def clear(rid: str, other: str) -> bool:
        key = (rid, members[other])
        scores = best[key]
        return top[key] == other and (len(scores) < 2 or scores[0] - scores[1] > tie_margin)

    return [
        e
        for e in auto
        if members[e.pair.left] == members[e.pair.right]
        or (clear(e.pair.left, e.pair.right) and clear(e.pair.right, e.pair.left))
    ]


class _Links:
    """Which record pairs score at or above the review threshold."""

    def __init__(self, edges: Iterable[Edge], threshold: float) -> None:
        self.near: dict[str, set[str]] = {}
        for edge in edges:
            if edge.score >= threshold:
                self.near.setdefault(edge.pair.left, set()).add(edge.pair.right)
                self.near.setdefault(edge.pair.right, set()).add(edge.pair.left)

    def supports(self, a: Sequence[str], b: Sequence[str], share: float) -> bool:
        """Whether enough record pairs across clusters ``a`` and ``b`` link.

        Guards against chaining: one hub record carrying the aliases of two
        subjects links to both, but the two do not link to each other.
        """
        if len(a) == 1 and len(b) == 1:
            return True
        small, other = (a, b) if len(a) <= len(b) else (b, a)
        others = set(other)
        hits = sum(len(self.near.get(r, set()) & others) for r in small)
        return hits > share * len(a) * len(b)


class _Clusters:
    """Union-find that knows each cluster's records, members and ``different`` partners."""

    def __init__(self, members: Mapping[str, str], different: Iterable[Pair]) -> None:
        self.member = members
        self.parent = {r: r for r in members}
        self.records: dict[str, list[str]] = {r: [r] for r in members}
        self.members: dict[str, Counter[str]] = {r: Counter([m]) for r, m in members.items()}
        self.different: dict[str, set[str]] = {}
        for pair in different:
            if pair.left in members and pair.right in members:
                self.different.setdefault(pair.left, set()).add(pair.right)
                self.different.setdefault(pair.right, set()).add(pair.left)

    def find(self, rid: str) -> str:
        root = rid
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[rid] != root:
            self.parent[rid], rid = root, self.parent[rid]
        return root

    def forbidden(self, a: str, b: str) -> bool:
        """Whether clusters ``a`` and ``b`` (roots) hold a pair judged different."""
        small, other = (a, b) if len(self.records[a]) <= len(self.records[b]) else (b, a)
        return any(
            self.find(partner) == other
            for rid in self.records[small]
            for partner in self.different.get(rid, ())
        )

    def share_member(self, a: str, b: str) -> bool:
        return not self.members[a].keys().isdisjoint(self.members[b].keys())

    def union(self, a: str, b: str) -> None:
        keep, gone = (a, b) if a < b else (b, a)
        self.parent[gone] = keep
        self.records[keep].extend(self.records.pop(gone))
        self.members[keep].update(self.members.pop(gone))


def cluster(
    members: Mapping[str, str],
    edges: Iterable[Edge],
    judgements: Mapping[Pair, Decision],
    *,
    auto_threshold: float,
    review_threshold: float,
    tie_margin: float = TIE_MARGIN,
    min_support: float = MIN_SUPPORT,
    held: Collection[Pair] = frozenset(),
) -> Clustering:
    """Group records into subjects.

    Args:
        members: record id → member code, for every record to cluster.
        edges: matcher scores of candidate pairs (only pairs of known records count).
        judgements: standing human decisions.
        auto_threshold: score at or above which a pair merges without review.
        review_threshold: score at or above which an unmerged pair goes to review.
        tie_margin: a record's second candidate of one member within this much of its
            best one makes both ambiguous (review, not merge).
        min_support: share of the cross pairs of two clusters that must be exceeded by
            those scoring at or above ``review_threshold`` for them to merge (review otherwise).
        held: pairs that go to review however high they score (a disagreement the
            score does not see, e.g. Korean given names).

    Returns:
        The clusters, the pairs to review and any refused human merges.
    """
    uf = _Clusters(members, (p for p, d in judgements.items() if d is Decision.DIFFERENT))
    conflicts: list[Pair] = []
    for pair in sorted(p for p, d in judgements.items() if d is Decision.SAME):
        if pair.left not in members or pair.right not in members:
            continue
        a, b = uf.find(pair.left), uf.find(pair.right)
        if a == b:
            continue
        if uf.forbidden(a, b):
            conflicts.append(pair)
            continue
        uf.union(a, b)
    known = [e for e in edges if e.pair.left in members and e.pair.right in members]
    known.sort(key=lambda e: (-e.score, e.pair))
    auto = [
        e
        for e in known
        if e.score >= auto_threshold and e.pair not in judgements and e.pair not in held
    ]
    linked = _Links(known, review_threshold)
    for edge in _one_to_one(members, auto, tie_margin):
        a, b = uf.find(edge.pair.left), uf.find(edge.pair.right)
        if a == b or uf.share_member(a, b) or uf.forbidden(a, b):
            continue
        if not linked.supports(uf.records[a], uf.records[b], min_support):
            continue
        uf.union(a, b)
    review: dict[tuple[str, str], Edge] = {}
    for edge in known:
        if edge.score < review_threshold:
            break
        if edge.pair in judgements:
            continue
        a, b = uf.find(edge.pair.left), uf.find(edge.pair.right)
        if a == b or uf.forbidden(a, b):
            continue
        review.setdefault((min(a, b), max(a, b)), edge)
    clusters = sorted((frozenset(r) for r in uf.records.values()), key=min)
    ranked = sorted(review.values(), key=lambda e: (-e.score, e.pair))
    return Clustering(tuple(clusters), tuple(ranked), tuple(conflicts))

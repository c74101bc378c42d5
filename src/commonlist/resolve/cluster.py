"""Clustering scored pairs into subjects, under the reviewers' constraints.

Greedy, constrained agglomeration: human ``same`` decisions first, then machine
edges from the highest score down. A merge is refused when it would put two
records judged ``different`` in one cluster (so no chain of matches overrides a
negative decision), and, for machine edges, when both clusters already hold a
record of the same member (a member lists a subject once; two of its records are
merged only by a human). ``unsure`` pairs do not auto-merge.

The result depends only on the inputs, not on their order, so a re-run or an
incremental run on the same data gives the same clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
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
) -> Clustering:
    """Group records into subjects.

    Args:
        members: record id → member code, for every record to cluster.
        edges: matcher scores of candidate pairs (only pairs of known records count).
        judgements: standing human decisions.
        auto_threshold: score at or above which a pair merges without review.
        review_threshold: score at or above which an unmerged pair goes to review.

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
    for edge in known:
        if edge.score < auto_threshold:
            break
        if edge.pair in judgements:
            continue
        a, b = uf.find(edge.pair.left), uf.find(edge.pair.right)
        if a == b or uf.share_member(a, b) or uf.forbidden(a, b):
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

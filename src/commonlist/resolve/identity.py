"""Stable common entry IDs: which existing entry each new cluster continues.

An entry whose records all land in one cluster continues in it. When several do,
the oldest (lowest sequence) keeps its ID and the others are *merged* into it.
An entry whose records land in several clusters is *split*: every part gets a new
ID (or continues another entry that it wholly contains) and the old ID redirects
to each. An entry whose records are all withdrawn is *withdrawn*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IdentityPlan:
    """What to do to the entry table so that entries match the clusters."""

    #: for each cluster (same order): the existing entry ID it continues, or None for new
    keep: tuple[str | None, ...]
    merged: tuple[tuple[str, int], ...]  # (absorbed entry, cluster it joins)
    split: tuple[tuple[str, tuple[int, ...]], ...]  # (old entry, clusters it went to)
    withdrawn: tuple[str, ...]
    origins: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # split parents


def plan_identities(
    entries: Mapping[str, frozenset[str]],
    seqs: Mapping[str, int],
    clusters: Sequence[frozenset[str]],
) -> IdentityPlan:
    """Match new clusters to existing entries.

    Args:
        entries: live entry ID → its current records.
        seqs: entry ID → allocation sequence (lower is older).
        clusters: the new clusters of current records.

    Returns:
        The plan; applying it keeps every ID whose subject did not change.
    """
    where = {rid: i for i, members in enumerate(clusters) for rid in members}
    candidates: dict[int, list[str]] = {}
    split: list[tuple[str, tuple[int, ...]]] = []
    withdrawn: list[str] = []
    origins: dict[int, list[str]] = {}
    for entry_id in sorted(entries, key=lambda e: seqs[e]):
        targets = sorted({where[r] for r in entries[entry_id] if r in where})
        if not targets:
            withdrawn.append(entry_id)
        elif len(targets) == 1:
            candidates.setdefault(targets[0], []).append(entry_id)
        else:
            split.append((entry_id, tuple(targets)))
            for t in targets:
                origins.setdefault(t, []).append(entry_id)
    keep: list[str | None] = []
    merged: list[tuple[str, int]] = []
    for i in range(len(clusters)):
        found = candidates.get(i, [])
        keep.append(found[0] if found else None)
        merged.extend((other, i) for other in found[1:])
    return IdentityPlan(
        tuple(keep),
        tuple(merged),
        tuple(split),
        tuple(withdrawn),
        {i: tuple(o) for i, o in origins.items()},
    )

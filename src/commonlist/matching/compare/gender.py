"""Stated gender of two persons."""

from __future__ import annotations

from commonlist.matching.types import NO_EVIDENCE, FeatureScore, RecordPair


def gender_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if both records state a gender and they differ."""
    left, right = pair.left.genders, pair.right.genders
    if left and right and not left & right:
        return FeatureScore(1.0, f"{','.join(sorted(left))}≠{','.join(sorted(right))}")
    return NO_EVIDENCE

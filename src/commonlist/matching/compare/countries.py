"""Nationality, citizenship and country: shared countries support, disjoint ones doubt."""

from __future__ import annotations

from commonlist.matching.types import NO_EVIDENCE, FeatureScore, RecordPair


def country_match(pair: RecordPair) -> FeatureScore:
    """1.0 if the records share a nationality, citizenship or country."""
    common = pair.left.countries & pair.right.countries
    return FeatureScore(1.0, ",".join(sorted(common))) if common else NO_EVIDENCE


def country_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if both records give countries and none is shared.

    Weak evidence: people hold several nationalities and lists record different ones.
    """
    left, right = pair.left.countries, pair.right.countries
    if left and right and not left & right:
        return FeatureScore(1.0, f"{','.join(sorted(left))}≠{','.join(sorted(right))}")
    return NO_EVIDENCE

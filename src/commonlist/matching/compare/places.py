"""Birth place: shared transliterated words of the place names."""

from __future__ import annotations

from commonlist.matching.types import NO_EVIDENCE, FeatureScore, RecordPair


def birth_place_match(pair: RecordPair) -> FeatureScore:
    """Share of the shorter birth place's words found in the other (after transliteration).

    ``Г. Грозный`` and ``Grozny, Chechen Republic`` meet on ``grozny``.
    """
    left, right = pair.left.birth_places, pair.right.birth_places
    if not left or not right:
        return NO_EVIDENCE
    common = left & right
    return FeatureScore(len(common) / min(len(left), len(right)), " ".join(sorted(common)))

"""Identity documents and registration numbers, compared as bare alphanumerics."""

from __future__ import annotations

from commonlist.matching.types import NO_EVIDENCE, FeatureScore, RecordPair


def identifier_match(pair: RecordPair) -> FeatureScore:
    """1.0 if a passport, ID or registration number is the same on both records.

    Numbers are compared upper-cased without separators (``N 0123-45`` = ``N012345``);
    numbers under four characters are ignored as too easy to share.
    """
    common = pair.left.identifiers & pair.right.identifiers
    return FeatureScore(1.0, ",".join(sorted(common))) if common else NO_EVIDENCE


def identifier_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if both records give document numbers and none is shared.

    Only moderately strong: one person holds several passports over the years, and
    lists rarely carry all of them.
    """
    left, right = pair.left.identifiers, pair.right.identifiers
    if left and right and not left & right:
        return FeatureScore(1.0, f"{len(left)} vs {len(right)} numbers, none shared")
    return NO_EVIDENCE

"""Birth dates: agreement to the precision both records give, and conflicts.

Lists give ISO prefixes of different precision (``1971``, ``1971-03``,
``1971-03-04``); two dates are compared only to the shorter precision. A
day/month swap (``1971-03-04`` vs ``1971-04-03``) counts as agreement with a
little doubt, because US and European lists write dates in opposite orders and
converters sometimes guess wrong.
"""

from __future__ import annotations

from itertools import product

from commonlist.matching.types import NO_EVIDENCE, FeatureScore, RecordPair


def _agreement(left: str, right: str) -> float:
    """1.0 same day, 0.9 day/month swapped, 0.7 same month, 0.5 same year, else 0."""
    n = min(len(left), len(right))
    if n < 4:
        return 0.0
    if left[:n] == right[:n]:
        return {10: 1.0, 7: 0.7}.get(n, 0.5)
    if n == 10 and left[:4] == right[:4] and left[5:7] == right[8:10] and left[8:10] == right[5:7]:
        return 0.9
    return 0.0


def birth_date_match(pair: RecordPair) -> FeatureScore:
    """How precisely the birth dates of two records agree (best pair of dates)."""
    best, shown = 0.0, ""
    for a, b in product(pair.left.birth_dates, pair.right.birth_dates):
        score = _agreement(a, b)
        if score > best:
            best, shown = score, f"{a}~{b}"
    return FeatureScore(best, shown) if best else NO_EVIDENCE


def birth_date_conflict(pair: RecordPair) -> FeatureScore:
    """1.0 if no pair of birth dates can be the same day; 0.5 if only the day differs.

    Years one apart are not a conflict: lists that give only a year often round,
    or give ``approximately``.
    """
    left, right = pair.left.birth_dates, pair.right.birth_dates
    if not left or not right:
        return NO_EVIDENCE
    if any(_agreement(a, b) > 0 for a, b in product(left, right)):
        return NO_EVIDENCE
    years_close = any(
        a[:4].isdigit() and b[:4].isdigit() and abs(int(a[:4]) - int(b[:4])) <= 1
        for a, b in product(left, right)
    )
    if years_close:
        return FeatureScore(0.5, f"{left[0]}≠{right[0]} (year close)")
    return FeatureScore(1.0, f"{left[0]}≠{right[0]}")

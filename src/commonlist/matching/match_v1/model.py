"""match_v1: a logistic model over name alignment and supporting evidence.

score = σ(bias + Σ weight × feature). Each feature is in [0, 1], so a weight is the
change in log-odds when the feature is fully present.

Calibration: the name slope and bias are set so that identical names alone give
σ(4.7) = 0.991 and the default threshold 0.7 (log-odds 0.85) is reached by a name
alignment of 0.76 with no other evidence: every part aligned with one typo, or
a patronymic missing on one side, passes; a conflicting given name does not.
The evidence weights are the signs and relative sizes of a regularised logistic
fit on the train halves of the three benchmark sets (``benchmarks/matching.py
--fit``; never on the test halves), scaled to the name slope and rounded;
identifier and stated-gender weights are priors (no training pairs carry them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import ClassVar, Final

from followthemoney import model as ftm_model

try:
    import cython
except ImportError:  # no Cython at run time: this module runs interpreted
    from types import SimpleNamespace

    cython = SimpleNamespace(cast=lambda kind, value: value)

from commonlist.matching.compare.countries import country_conflict, country_match
from commonlist.matching.compare.dates import birth_date_conflict, birth_date_match
from commonlist.matching.compare.gender import gender_conflict
from commonlist.matching.compare.identifiers import identifier_conflict, identifier_match
from commonlist.matching.compare.names import (
    given_name_conflict,
    match_names,
    name_gender_conflict,
    name_match,
    patronymic_conflict,
    read_ahead,
)
from commonlist.matching.compare.places import birth_place_match
from commonlist.matching.record import PreparedRecord
from commonlist.matching.types import (
    Feature,
    FeatureFunction,
    FeatureResult,
    MatchResult,
    NameMatch,
    RecordPair,
    new_match_result,
    new_record_pair,
)
from commonlist.names.memo import memo

_FIELDS = PreparedRecord._fields
#: The positions of the fields ``compare`` reads.
_ID: Final = 0
_SCHEMA: Final = 1
_NAMES: Final = 3
_EVIDENCE: Final = 9
if (_FIELDS[_ID], _FIELDS[_SCHEMA], _FIELDS[_NAMES], _FIELDS[_EVIDENCE]) != (
    "id",
    "schema",
    "names",
    "evidence",
):
    raise ImportError("match_v1 reads PreparedRecord's fields at other positions")
#: ``MatchV1.TERMS``' type (an alias: the compiled module takes it from ``model.pxd``).
_Terms = tuple[
    tuple[FeatureFunction, float, Callable[[RecordPair], float] | None, int, int | None], ...
]
_NAME_FIELDS = NameMatch._fields
#: ``MatchV1.RISES``' type (an alias, as ``_Terms``).
_Rises = tuple[float, tuple[tuple[int, float], ...]]
#: Log-odds by which ``_log_odds`` errs low: rounding moves a sum of a dozen weights, or
#: a logarithm, by some 1e-14.
_MARGIN: Final = 1e-9
#: ``_log_odds`` of a cut-off of 0: every pair is scored and explained.
_NEVER: Final = -math.inf
#: Log-odds whose score is still below 1 once rounded (the score of 37 rounds to 1).
_MOST_ODDS: Final = 30.0
#: Bits of ``PreparedRecord.evidence`` (compiled: a C integer).
_Bits = int


def _rises(features: tuple[Feature, ...]) -> _Rises:
    """The weight of the name score, and the position in a ``PreparedRecord`` of the
    evidence each other feature that adds needs (-1: none) with its weight."""
    slope = 0.0
    adds: list[tuple[int, float]] = []
    for f in features:
        if f.field == "score":
            slope += f.weight
        elif f.weight > 0.0:
            adds.append((-1 if f.needs is None else _FIELDS.index(f.needs), f.weight))
    return slope, tuple(adds)


def _terms(features: tuple[Feature, ...]) -> _Terms:
    return tuple(
        [
            (
                f.func,
                f.weight,
                f.value,
                -1 if f.needs is None else _FIELDS.index(f.needs),
                None if f.field is None else _NAME_FIELDS.index(f.field),
            )
            for f in features
        ]
    )


class MatchV1:
    """Cross-script name alignment plus dates, documents, countries and gender."""

    NAME = "match-v1"
    BIAS: ClassVar[float] = -11.3
    FEATURES: ClassVar[tuple[Feature, ...]] = (
        Feature(name_match, 16.0, field="score"),
        Feature(name_gender_conflict, -6.0, field="gender_conflict"),
        Feature(patronymic_conflict, -3.0, field="patronymic_conflict"),
        Feature(given_name_conflict, -3.0, field="given_conflict"),
        Feature(birth_date_match, 3.0, needs="birth_dates"),
        Feature(birth_date_conflict, -5.0, needs="birth_dates"),
        Feature(identifier_match, 4.0, needs="identifiers"),
        Feature(identifier_conflict, -1.0, needs="identifiers"),
        Feature(country_match, 1.0, needs="countries"),
        Feature(country_conflict, -2.0, needs="countries"),
        Feature(gender_conflict, -4.0, needs="genders"),
        Feature(birth_place_match, 0.5, needs="birth_places"),
    )
    #: each feature's function, weight, score-only function, the position in a
    #: ``PreparedRecord`` of the evidence it needs (-1: none) and the position in a
    #: ``NameMatch`` of its score (None: none): what ``compare`` reads, unpacked from a
    #: tuple rather than five attribute look-ups per feature and pair
    TERMS: ClassVar[_Terms] = _terms(FEATURES)
    #: what the score can rise by: the name score's weight, and the evidence each other
    #: feature that adds needs with its weight (``_least_name_score``)
    RISES: ClassVar[_Rises] = _rises(FEATURES)

    @classmethod
    def reweighted(cls, weights: Mapping[str, float]) -> type[MatchV1]:
        """This model with some features' weights replaced (yente's ``weights``); the
        bias stays, so the scores are no longer calibrated to the default threshold."""
        features = tuple(replace(f, weight=weights.get(f.name, f.weight)) for f in cls.FEATURES)
        return type(
            cls.__name__,
            (cls,),
            {"FEATURES": features, "TERMS": _terms(features), "RISES": _rises(features)},
        )

    @classmethod
    def compare(cls, left: PreparedRecord, right: PreparedRecord) -> MatchResult:
        """Score two prepared records.

        Args:
            left: one record.
            right: the other record.

        Returns:
            The score (0.0 when the schemata cannot describe one subject or no names
            align) and each feature's contribution.
        """
        found = _compared(
            left, right, _NEVER, cls.NAME, cls.BIAS, cls.TERMS, cls.RISES, cls.explain
        )
        if found is None:  # every score reaches 0.0
            raise AssertionError("a cut-off of 0 refused a pair")
        return found

    @classmethod
    def compare_from(
        cls, left: PreparedRecord, right: PreparedRecord, cutoff: float
    ) -> MatchResult | None:
        """``compare``, or None for a pair whose score is below ``cutoff`` for certain:
        what screening drops unexplained. Most candidates a query's words find are
        such pairs, and the evidence is then never weighed nor the result built.

        Once the names are aligned, the score can be no higher than with every other
        feature at its best: 1 for each that adds and that both records hold evidence
        for, 0 for each that takes away (features are in [0, 1]). That bound is added
        up in ``_evidence``'s order, so that it is never below the score, rounding
        included (``_most_evidence``). Before they are, the same bound says how well the
        names must align at least (``_least_name_score``), and a pair of names that
        cannot is not aligned (``compare.names.match_names``' ``least``).
        """
        target = _log_odds(cutoff)
        return _compared(left, right, target, cls.NAME, cls.BIAS, cls.TERMS, cls.RISES, cls.explain)

    @classmethod
    def compare_all(
        cls, left: PreparedRecord, rights: Sequence[PreparedRecord], cutoff: float
    ) -> list[MatchResult | None]:
        """``compare_from`` of ``left`` and each of ``rights``, in order: a query and its
        candidates, compared in one compiled loop, their names read ahead first
        (``compare.names.read_ahead``)."""
        name, bias, terms, rises, explain = cls.NAME, cls.BIAS, cls.TERMS, cls.RISES, cls.explain
        target = _log_odds(cutoff)
        read_ahead([cython.cast(tuple, right)[_NAMES] for right in rights])
        return [
            _compared(left, right, target, name, bias, terms, rises, explain) for right in rights
        ]

    @classmethod
    def explain(cls, pair: RecordPair) -> tuple[FeatureResult, ...]:
        """Each feature's value, weight, contribution and detail for a scored pair.

        Args:
            pair: the records and their name alignment, as ``compare`` made them.

        Returns:
            One result per feature; only the name feature, with no weight, when no
            names align.
        """
        if pair.names.score <= 0.0:
            return (_result(Feature(name_match, 0.0), pair),)
        return tuple(_result(f, pair) for f in cls.FEATURES)


def _log_odds(cutoff: float) -> float:
    """The log-odds below which a score is below ``cutoff`` for certain, less a margin far
    above rounding's: what ``_compared`` takes. ``_NEVER`` for a cut-off of 0 or less
    (every pair scored and explained); at most ``_MOST_ODDS``, whose score rounds below 1."""
    if cutoff <= 0.0:
        return _NEVER
    if cutoff >= 1.0:
        return _MOST_ODDS - _MARGIN
    return min(math.log(cutoff / (1.0 - cutoff)), _MOST_ODDS) - _MARGIN


def _compared(
    left: PreparedRecord,
    right: PreparedRecord,
    target: float,
    name: str,
    bias: float,
    terms: _Terms,
    rises: _Rises,
    explain: Callable[[RecordPair], tuple[FeatureResult, ...]],
) -> MatchResult | None:
    """``MatchV1.compare_from`` for a model's ``NAME``, ``BIAS``, ``TERMS``, ``RISES`` and
    ``explain``, the cut-off as ``_log_odds`` gives it."""
    # one order for both directions (by id, then schema): symmetric scores. (The
    # fields by position, of the records read as the tuples they are: compiled, a
    # tuple's item is read in place, a named tuple's through its type's look-up.)
    lfields = cython.cast(tuple, left)
    rfields = cython.cast(tuple, right)
    lid, lschema = lfields[_ID], lfields[_SCHEMA]
    rid, rschema = rfields[_ID], rfields[_SCHEMA]
    if rid < lid or (rid == lid and rschema < lschema):
        left, right = right, left
        lfields, rfields = rfields, lfields
        lschema, rschema = rschema, lschema
    if lschema != rschema and not _schemata_compatible(lschema, rschema):
        return MatchResult(0.0, name) if target == _NEVER else None
    both = lfields[_EVIDENCE] & rfields[_EVIDENCE]
    least = 0.0 if target == _NEVER else _least_name_score(rises, bias, target, both)
    names = match_names(lfields[_NAMES], rfields[_NAMES], least)
    if names.score <= 0.0:
        if target != _NEVER:
            return None
        return new_match_result(0.0, name, new_record_pair(left, right, names), explain)
    if target != _NEVER and bias + _most_evidence(terms, names, both) < target:
        return None
    pair = new_record_pair(left, right, names)
    logit = bias + _evidence(terms, pair, names, both)
    return new_match_result(1.0 / (1.0 + math.exp(-logit)), name, pair, explain)


def _evidence(terms: _Terms, pair: RecordPair, names: NameMatch, both: _Bits) -> float:
    """The features' weighted sum for a pair of records (``pair``'s two, their names
    aligned as ``names``, ``both`` the bits of the evidence both hold, see
    ``PreparedRecord.evidence``): the terms added in order, as ``sum`` adds them, each
    one that a record lacks the evidence for skipped (it would add 0). A feature that
    is a field of the name alignment is read from it, not called."""
    total = 0.0
    for func, weight, value, needs, field in terms:
        if needs >= 0 and not both >> needs & 1:
            continue  # one record lacks the evidence: the feature finds nothing
        if field is not None:
            found = float(names[field])  # type: ignore[arg-type]  # a float or a bool
        elif value is not None:
            found = value(pair)
        else:
            found = func(pair).score
        total += weight * found
    return total


def _most_evidence(terms: _Terms, names: NameMatch, both: _Bits) -> float:
    """The most ``_evidence`` can be for a pair whose names align as ``names``: the
    name alignment's own features as they are, each other feature that adds at 1 and
    each that takes away at 0. Summed as ``_evidence`` sums, term by term, so that each
    partial sum is at least its partial sum (rounding is monotone)."""
    total = 0.0
    for _, weight, _, needs, field in terms:
        if needs >= 0 and not both >> needs & 1:
            continue
        if field is not None:
            found = float(names[field])  # type: ignore[arg-type]  # a float or a bool
        else:
            found = 1.0 if weight > 0.0 else 0.0
        total += weight * found
    return total


def _least_name_score(rises: _Rises, bias: float, target: float, both: _Bits) -> float:
    """The name score below which a pair cannot reach ``target`` (``_log_odds``),
    whatever its other evidence (``both``, see ``_evidence``): each other feature that
    adds at 1, each that takes away at 0. 0 when the name score does not add (a
    reweighted model)."""
    slope, adds = rises
    if slope <= 0.0:
        return 0.0
    rest = 0.0
    for needs, weight in adds:
        if needs < 0 or both >> needs & 1:
            rest += weight
    return (target - bias - rest) / slope


def _result(feature: Feature, pair: RecordPair) -> FeatureResult:
    found = feature.func(pair)
    return FeatureResult(
        name=feature.name,
        score=found.score,
        weight=feature.weight,
        contribution=feature.weight * found.score,
        detail=found.detail,
    )


@memo(4096)
def _schemata_compatible(left: str, right: str) -> bool:
    if left == right:
        return True
    a, b = ftm_model.get(left), ftm_model.get(right)
    if a is None or b is None:
        return False
    return a.can_match(b) or b.can_match(a)

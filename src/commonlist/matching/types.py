"""Result types of record matching: frozen values, cheap to build in the hot path.

A match result keeps the pair it scored and writes its explanation (one
``FeatureResult`` per feature, with readable details) only when asked: screening
and resolution score thousands of pairs for each one a person reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from commonlist.matching.record import PreparedRecord


class NameMatch(NamedTuple):
    """The best alignment between the names of two records.

    A named tuple: the aligner makes one per scored pair, and builds it in C
    (``tuple.__new__``), where a frozen dataclass sets each field through
    ``object.__setattr__``.
    """

    score: float  # in [0, 1]
    left: str  # the left name that aligned best
    right: str
    #: how each part fared, by position in ``words``: (left parts, right parts,
    #: similarity); -1 when the parts conflict, and an empty side for a part only one
    #: name has
    aligned: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]
    gender_conflict: bool  # aligned surname/patronymic forms of different gender
    patronymic_conflict: bool  # both name a patronymic, and they differ
    given_conflict: bool = False  # both name the person's own given name, and they differ
    #: the words of the two names (``NamePart``s) that ``aligned`` points into: kept as
    #: they are, and spelt out only when an explanation is read
    words: tuple[tuple[Any, ...], tuple[Any, ...]] = ((), ())

    @property
    def notes(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...], float], ...]:
        """How each part fared, spelt: (left spellings, right spellings, similarity)."""
        lwords, rwords = self.words
        return tuple(
            [
                (tuple([lwords[i].latin for i in li]), tuple([rwords[j].latin for j in ri]), sim)
                for li, ri, sim in self.aligned
            ]
        )

    @property
    def detail(self) -> str:
        """A readable account of the alignment: ``rahmonov~rakhmonov:0.93 extra:sharipovich``."""
        notes = self.notes
        if not notes:
            return "no comparable names"
        out = []
        for left, right, sim in notes:
            if sim >= 0:
                out.append(f"{'+'.join(left)}~{'+'.join(right)}:{sim:.2f}")
            elif left and right:
                out.append(f"{left[0]}!={right[0]}")
            else:
                out.append(f"extra:{(left or right)[0]}")
        return " ".join(out)


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """What one comparison function found: a value in [0, 1] and why."""

    score: float
    detail: str


#: What a feature finds when its evidence is absent: one shared value.
NO_EVIDENCE = FeatureScore(0.0, "")


@dataclass(frozen=True, slots=True)
class FeatureResult:
    """One feature's part in a match decision."""

    name: str
    score: float  # the feature's value in [0, 1]
    weight: float  # its coefficient in the algorithm
    contribution: float  # weight × score, added to the log-odds of a match
    detail: str

    def to_dict(self) -> dict[str, str | float]:
        """The feature as JSON-ready data."""
        return {
            "name": self.name,
            "score": round(self.score, 4),
            "weight": self.weight,
            "contribution": round(self.contribution, 4),
            "detail": self.detail,
        }


class MatchResult(NamedTuple):
    """How likely two records are one subject, with each feature's contribution.

    A named tuple, built in C per scored pair (``new_match_result``). Two results are
    equal when their score and algorithm are: the pair and the explaining function
    are how the result was reached, not what it says.
    """

    score: float  # calibrated probability-like score in [0, 1]
    algorithm: str
    pair: RecordPair | None = None
    explain: Callable[[RecordPair], tuple[FeatureResult, ...]] | None = None

    def __repr__(self) -> str:
        return f"MatchResult(score={self.score!r}, algorithm={self.algorithm!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MatchResult):
            return NotImplemented
        return self.score == other.score and self.algorithm == other.algorithm

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.score, self.algorithm))

    @property
    def features(self) -> tuple[FeatureResult, ...]:
        """Each feature's value, weight, contribution and detail, written on request."""
        if self.pair is None or self.explain is None:
            return ()
        return self.explain(self.pair)

    def to_dict(self) -> dict[str, object]:
        """The result as JSON-ready data."""
        return {
            "score": round(self.score, 4),
            "algorithm": self.algorithm,
            "features": [f.to_dict() for f in self.features],
        }


class RecordPair(NamedTuple):
    """Two prepared records and the alignment of their names, computed once (a named
    tuple, as ``NameMatch`` is)."""

    left: PreparedRecord
    right: PreparedRecord
    names: NameMatch


#: A feature: a pure function of a pair of records.
FeatureFunction = Callable[[RecordPair], FeatureScore]


@dataclass(frozen=True, slots=True)
class Feature:
    """A feature of an algorithm and its learned coefficient."""

    func: FeatureFunction
    weight: float
    #: the feature's score alone, where that is cheaper than ``func`` (no detail
    #: written): what scoring reads; explanations call ``func``
    value: Callable[[RecordPair], float] | None = None
    #: the ``PreparedRecord`` field both records must carry for the feature to find
    #: anything: scoring skips the feature (it would score 0) when one lacks it
    needs: str | None = None
    #: the ``NameMatch`` field that is the feature's score (a float, or a bool for 1.0
    #: or 0.0): what scoring reads of the pair's name alignment, without calling
    #: ``func`` or ``value``
    field: str | None = None

    @property
    def name(self) -> str:
        """The feature's name: its function's name."""
        return self.func.__name__


# A named tuple's ``__new__`` is interpreted Python: the results made per scored pair are
# built here in compiled code, by ``tuple.__new__`` (the name match by the aligner).
_new_tuple = tuple.__new__


def new_record_pair(left: PreparedRecord, right: PreparedRecord, names: NameMatch) -> RecordPair:
    """``RecordPair(left, right, names)``, built without its Python ``__init__``."""
    return _new_tuple(RecordPair, (left, right, names))


def new_match_result(
    score: float,
    algorithm: str,
    pair: RecordPair | None,
    explain: Callable[[RecordPair], tuple[FeatureResult, ...]] | None,
) -> MatchResult:
    """``MatchResult(score, algorithm, pair, explain)``, built without its Python ``__new__``."""
    return _new_tuple(MatchResult, (score, algorithm, pair, explain))

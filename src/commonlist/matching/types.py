"""Result types of record matching: frozen values, cheap to build in the hot path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commonlist.matching.record import PreparedRecord


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The best alignment between the names of two records."""

    score: float  # in [0, 1]
    left: str  # the left name that aligned best
    right: str
    detail: str
    gender_conflict: bool  # aligned surname/patronymic forms of different gender
    patronymic_conflict: bool  # both name a patronymic, and they differ
    given_conflict: bool = False  # both name the person's own given name, and they differ


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """What one comparison function found: a value in [0, 1] and why."""

    score: float
    detail: str


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


@dataclass(frozen=True, slots=True)
class MatchResult:
    """How likely two records are one subject, with each feature's contribution."""

    score: float  # calibrated probability-like score in [0, 1]
    algorithm: str
    features: tuple[FeatureResult, ...]

    def to_dict(self) -> dict[str, object]:
        """The result as JSON-ready data."""
        return {
            "score": round(self.score, 4),
            "algorithm": self.algorithm,
            "features": [f.to_dict() for f in self.features],
        }


@dataclass(frozen=True, slots=True)
class RecordPair:
    """Two prepared records and the alignment of their names, computed once."""

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

    @property
    def name(self) -> str:
        """The feature's name: its function's name."""
        return self.func.__name__

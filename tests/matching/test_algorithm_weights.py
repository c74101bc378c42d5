"""An algorithm with some features' weights replaced (yente's ``weights``)."""

from __future__ import annotations

import math

import pytest
from tests.matching.util import make

from commonlist.exc import InvalidInput, NotFound
from commonlist.matching import get_algorithm, prepare


def test_weights_replace_those_of_their_features() -> None:
    base = get_algorithm("match-v1")
    heavier = get_algorithm("match-v1", {"birth_date_match": 6.0})
    assert heavier is get_algorithm("match-v1", {"birth_date_match": 6.0})  # made once
    assert base.FEATURES[0] == heavier.FEATURES[0]  # type: ignore[attr-defined]
    weights = {f.name: f.weight for f in heavier.FEATURES}  # type: ignore[attr-defined]
    assert weights["birth_date_match"] == 6.0 and weights["name_match"] == 16.0
    a = prepare(make(name="Ivan Sidorov", birthDate="1970-05-01"))
    b = prepare(make(name="Ivan Sidorow", birthDate="1970-05-01"))
    score, more = base.compare(a, b).score, heavier.compare(a, b).score
    assert 0 < score < more < 1
    # the logit grew by exactly the added weight times the feature's value (1: same date)
    logit = math.log(score / (1 - score))
    assert math.log(more / (1 - more)) == pytest.approx(logit + 3.0)
    assert get_algorithm("match-v1", {}) is base
    assert get_algorithm("match-v1", {"birth_date_match": 3.0}).compare(a, b).score == score


def test_unknown_features_and_bad_weights_are_refused() -> None:
    with pytest.raises(InvalidInput, match="'name_literal_match'"):
        get_algorithm("match-v1", {"name_literal_match": 1.0})
    with pytest.raises(InvalidInput, match="finite"):
        get_algorithm("match-v1", {"name_match": math.inf})
    with pytest.raises(NotFound):
        get_algorithm("logic-v2", {"name_match": 1.0})

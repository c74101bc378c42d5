"""Results built by the hot path are the values their constructors make."""

from __future__ import annotations

import math

import pytest
from tests.matching.util import make, pair

from commonlist.matching import PreparedRecord, compare, prepare
from commonlist.matching.compare.names import match_names
from commonlist.matching.match_v1 import MatchV1
from commonlist.matching.types import (
    MatchResult,
    NameMatch,
    RecordPair,
    new_match_result,
    new_record_pair,
)


def test_built_results_equal_constructed_ones_and_stay_frozen() -> None:
    left = prepare(make(name="Рахмонов Эмомали Шарипович", birthDate="1952"))
    right = prepare(make(name="RAKHMONOV Emomali", birthDate="1952"))
    built = match_names(left.names, right.names)  # built by the aligner in C
    fields = [getattr(built, f) for f in NameMatch._fields]
    assert type(built) is NameMatch and built == NameMatch(*fields)
    assert built.detail == NameMatch(*fields).detail
    assert built.detail == "rakhmonov~rakhmonov:1.00 emomali~emomali:1.00 extra:sharipovich"
    pair = new_record_pair(left, right, built)
    assert pair == RecordPair(left, right, built)
    result = new_match_result(0.5, MatchV1.NAME, pair, MatchV1.explain)
    assert result == MatchResult(0.5, MatchV1.NAME, pair, MatchV1.explain)
    assert [f.name for f in result.features] == [f.name for f in MatchV1.FEATURES]
    # what a result says is its score and algorithm: how it was reached neither counts in
    # equality nor fills its repr
    assert result == MatchResult(0.5, MatchV1.NAME) and hash(result) == hash(
        MatchResult(0.5, MatchV1.NAME)
    )
    assert result != MatchResult(0.6, MatchV1.NAME)
    assert repr(result) == "MatchResult(score=0.5, algorithm='match-v1')"
    for value, name in ((built, "score"), (pair, "names"), (result, "score")):
        with pytest.raises(AttributeError):  # frozen dataclass or named tuple
            setattr(value, name, None)


def test_compare_returns_a_result_with_its_pair() -> None:
    found = compare(make(name="Emomali Rahmon"), make(name="Emomali Rakhmonov"))
    assert type(found) is MatchResult
    assert found.pair is not None and type(found.pair.names) is NameMatch
    assert found.features[0].name == "name_match"


def test_scoring_reads_every_feature_with_its_weight() -> None:
    """``compare`` sums the features from ``TERMS``: the same functions, weights,
    score-only functions, needed evidence and name-alignment fields as ``FEATURES``, in
    the same order."""
    fields = PreparedRecord._fields
    assert MatchV1.TERMS == tuple(
        (
            f.func,
            f.weight,
            f.value,
            -1 if f.needs is None else fields.index(f.needs),
            None if f.field is None else NameMatch._fields.index(f.field),
        )
        for f in MatchV1.FEATURES
    )
    left = prepare(make(name="Рахмонов Эмомали", birthDate="1952", nationality="tj"))
    right = prepare(make(name="RAKHMONOV Emomali", birthDate="1953", nationality="tj"))
    for record in (left, right):  # the bits of the evidence each holds, as scoring reads them
        held = {f for f, value in zip(fields, record, strict=True) if value}
        held -= {"id", "evidence"}  # no feature needs these
        assert held == {"schema", "person", "names", "birth_dates", "countries"}
        assert record.evidence == sum(1 << fields.index(f) for f in held)
    result = MatchV1.compare(left, right)
    logit = MatchV1.BIAS + sum(f.contribution for f in result.features)
    assert result.score == pytest.approx(1.0 / (1.0 + math.exp(-logit)), abs=1e-12)


def test_a_feature_skipped_for_lack_of_evidence_would_find_nothing() -> None:
    """Scoring skips a feature when one record lacks the evidence it ``needs``: each such
    feature must find nothing then, whatever the other record carries."""
    full = prepare(
        make(
            name="Emomali Rahmon",
            birthDate="1952-10-05",
            passportNumber="N0123456",
            nationality="tj",
            gender="male",
            birthPlace="Danghara",
        )
    )
    bare = prepare(make(name="Emomali Rakhmonov"))
    needing = [f for f in MatchV1.FEATURES if f.needs is not None]
    assert {f.needs for f in needing} == {
        "birth_dates", "identifiers", "countries", "genders", "birth_places"
    }  # fmt: skip
    for left, right in ((full, bare), (bare, full)):
        pair = new_record_pair(left, right, match_names(left.names, right.names))
        for feature in needing:
            assert getattr(full, feature.needs)  # the full record carries it
            assert feature.func(pair).score == 0.0, feature.name
    # and the scores with and without the skip agree
    found = MatchV1.compare(full, bare)
    logit = MatchV1.BIAS + sum(f.contribution for f in found.features)
    assert found.score == 1.0 / (1.0 + math.exp(-logit))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Рахмонов Эмомали Шарипович", "RAKHMONOV Emomali"),
        ("Рахмонов Эмомали", "Рахмонова Эмомали"),  # masculine and feminine forms
        ("Иванов Пётр Сергеевич", "Иванов Пётр Алексеевич"),  # other patronymics
        ("Ali Hassan Mahmoud", "Omar Hassan Mahmoud"),  # other given names
        ("Karimov Islam", "Karimova Islam"),
    ],
)
def test_features_read_from_the_name_alignment_score_as_their_functions(
    left: str, right: str
) -> None:
    """Scoring reads a feature's ``field`` of the name alignment instead of calling it:
    the field must be what the function finds, or scores and explanations disagree."""
    scored = pair(make(name=left), make(name=right))
    fielded = [f for f in MatchV1.FEATURES if f.field is not None]
    assert len(fielded) == 4
    for feature in fielded:
        assert float(getattr(scored.names, feature.field)) == feature.func(scored).score
    found = {f.name: f.score for f in compare(make(name=left), make(name=right)).features}
    assert any(found.values())

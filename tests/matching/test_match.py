import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.matching.util import make, pair

from commonlist.exc import NotFound
from commonlist.matching import DEFAULT_THRESHOLD, compare, get_algorithm
from commonlist.matching.match_v1 import MatchV1

RAKHMONOV = make(name="Рахмонов Эмомали Шарипович", birthDate="1952-10-05", nationality="tj")


@pytest.mark.parametrize(
    "other",
    [
        make(name="RAKHMONOV Emomali", birthDate="1952"),
        make(name="Rahmon, Emomalii Sharipovich", birthDate="1952-05-10"),
        make(name="Emomali Rakhmonov", passportNumber="X1"),
    ],
)
def test_same_man(other: object) -> None:
    assert compare(RAKHMONOV, other).score >= DEFAULT_THRESHOLD  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "other",
    [
        make(name="Рахмонова Зарина"),
        make(name="Rahmonov Emomali", birthDate="1990", nationality="uz"),
        make(name="Rakhmonov Emomali Rustamovich", birthDate="1961-01-01"),
    ],
)
def test_other_people(other: object) -> None:
    assert compare(RAKHMONOV, other).score < DEFAULT_THRESHOLD  # type: ignore[arg-type]


def test_explanation_sums_contributions() -> None:
    result = compare(RAKHMONOV, make(name="RAKHMONOV Emomali", birthDate="1952"))
    names = [f.name for f in result.features]
    assert names[0] == "name_match" and "birth_date_match" in names
    assert all(f.contribution == pytest.approx(f.weight * f.score) for f in result.features)


def test_incompatible_schemata() -> None:
    assert compare(make(name="Alem"), make("Organization", name="Alem")).score == 0.0
    assert (
        compare(make("Organization", name="Alem LLP"), make("LegalEntity", name="Alem")).score > 0
    )


def test_registry() -> None:
    assert get_algorithm("match-v1").NAME == "match-v1"
    with pytest.raises(NotFound):
        get_algorithm("nope")


LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщыэюяқғҳӯمحدعلي"
words = st.text(alphabet=LETTERS, min_size=2, max_size=9)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)
dates = st.sampled_from(["", "1970", "1970-01", "1970-01-02", "1981-02-01"])


@settings(deadline=None, max_examples=40)
@given(names, names, dates, dates)
def test_symmetric(a: str, b: str, da: str, db: str) -> None:
    left, right = make(name=a, birthDate=da), make(name=b, birthDate=db)
    assert compare(left, right).score == compare(right, left).score


@settings(deadline=None, max_examples=40)
@given(names, dates, st.sampled_from(["", "tj", "ru"]))
def test_record_matches_itself(name: str, date: str, country: str) -> None:
    entity = make(name=name, birthDate=date, nationality=country)
    assert compare(entity, entity).score >= 0.99


def test_siblings_differ_by_given_name() -> None:
    omar = make(name="Omar Khalid Ibrahim al-Masri")
    assert compare(omar, make(name="Yusuf Khalid Ibrahim al-Masri")).score < DEFAULT_THRESHOLD
    assert compare(omar, make(name="Umar Khaled Ibrahim Al-Masri")).score >= DEFAULT_THRESHOLD
    assert (
        compare(make(name="Yusuf Khalid al-Masri"), make(name="Yousef Khaled Al Masri")).score
        >= DEFAULT_THRESHOLD
    )


def test_stated_surname_keeps_its_particle() -> None:
    stated = make(name="Abdulmalik AL-HOUTHI", firstName="Abdulmalik", lastName="al-Houthi")
    assert compare(stated, make(name="ABDULMALIK AL-HOUTHI")).score >= 0.99


def test_explanation_is_written_on_request_and_complete() -> None:
    other = make(name="Rakhmonov Emomali Rustamovich", birthDate="1961-01-01")
    result = compare(RAKHMONOV, other)
    first, again = result.features, result.features
    assert first == again
    assert {f.name for f in first} == {f.name for f in get_algorithm("match-v1").FEATURES}
    detail = next(f.detail for f in first if f.name == "name_match")
    assert "rakhmonov~rakhmonov:1.00" in detail and "!=" in detail
    assert result.to_dict()["features"]
    nothing = compare(make(name="Zzyzx Qwerty"), make(name="Abcde Fghij"))
    assert nothing.score == 0.0
    assert [(f.name, f.weight) for f in nothing.features] in ([], [("name_match", 0.0)])


def test_scoring_reads_the_same_values_as_the_explanation() -> None:
    pairs = [
        (make(name="Рахмонов Эмомали Шарипович", birthDate="1952-10-05"),
         make(name="RAKHMONOV Emomali", birthDate="1952-05-10", nationality="tj")),
        (make(name="Karimov Islam"), make(name="Karymov Islam")),
        (make("Organization", name="Bank Sepah"), make("Organization", name="BANK SEPAH PLC")),
    ]  # fmt: skip
    for left, right in pairs:
        found = pair(left, right)
        for feature in MatchV1.FEATURES:
            if feature.value is not None:
                assert feature.value(found) == feature.func(found).score
        result = compare(left, right)
        logit = MatchV1.BIAS + sum(f.contribution for f in result.features)
        assert result.score == 1.0 / (1.0 + math.exp(-logit))

"""Korean given names: one name however it is split, and a guard against merging two."""

from __future__ import annotations

from commonlist.resolve.given_names import given_name_conflict, given_name_keys
from commonlist.sources.model import NameKind, ParsedRecord, RecordBuilder


def korean(*names: str, country: str | None = "kp") -> ParsedRecord:
    builder = RecordBuilder(names[0], "Person", ref=names[0])
    for i, name in enumerate(names):
        builder.add_name(name, NameKind.PRIMARY if i == 0 else NameKind.ALIAS)
    if country:
        builder.add("nationality", country)
    return builder.build()


def test_split_hyphenated_and_joined_given_names_read_alike() -> None:
    forms = ("Kim Jong Un", "Kim Jong-un", "Kim Jongun", "Jongun Kim", "KIM JONG UN")
    keys = [given_name_keys(f) for f in forms]
    assert all(k & keys[0] for k in keys)
    assert given_name_keys("Usama bin Laden Muhammad") == frozenset()


def test_given_names_sharing_one_syllable_conflict() -> None:
    assert given_name_conflict(korean("Jong-Su Ri", "Jong Su Ri"), korean("RI SU YONG"))
    assert given_name_conflict(korean("Yong Nam Kim", "Kim Yong Nam"), korean("KIM NAM UNG"))
    assert not given_name_conflict(korean("Kim Jong-un"), korean("KIM JONG UN"))
    assert not given_name_conflict(korean("Jong Un Kim"), korean("Kim Jongun"))


def test_only_korean_subjects_are_guarded() -> None:
    assert not given_name_conflict(
        korean("Ali Omar Zaid", country="iq"), korean("Ali Omar", country="iq")
    )
    assert given_name_conflict(korean("Jong-Su Ri", country=None), korean("RI SU YONG"))

"""Blocking keys across romanisations and scripts, and the DuckDB pair index."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.resolve.blocking import (
    BlockingIndex,
    block_keys,
    document_key,
    name_forms,
    name_keys,
    similar_pairs,
)
from commonlist.sources.model import IdentityDocument, NameKind, ParsedRecord, RecordBuilder


def shared(a: str, b: str) -> set[str]:
    return name_keys(a) & name_keys(b)


def test_romanisations_and_scripts_share_a_key() -> None:
    assert shared("Usama bin Ladin", "Osama Ben Laden")
    assert shared("Usama bin Ladin", "Усама бен Ладен")
    assert shared("Muhammad Abd al-Rahman", "Mohamed Abdelrahman")
    assert shared("Muhammad Abd al-Rahman", "محمد عبد الرحمن")
    assert not shared("Usama bin Ladin", "Ayman al-Zawahiri")


def test_birth_year_and_documents_give_keys() -> None:
    builder = RecordBuilder("X", "Person", ref="X")
    builder.add_name("Hamza Yusuf", NameKind.PRIMARY)
    builder.add("birthDate", "1970-05-01")
    builder.add_document("passport", "A-123 456")
    keys = block_keys(builder.build())
    assert "d:A123456" in keys
    assert any(k.startswith("y:1970:") for k in keys)
    assert document_key("12") is None
    assert IdentityDocument("passport", "A123456").number == "A123456"


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=40))
def test_name_keys_never_crash_and_are_deterministic(text: str) -> None:
    assert name_keys(text) == name_keys(text)


def test_index_drops_oversized_blocks_and_measures_recall() -> None:
    index = BlockingIndex(max_block=3, wide_block=3)
    index.add([(0, {"a", "big"}), (1, {"a", "big"}), (2, {"b", "big"}), (3, {"b", "big"})])
    index.build()
    assert list(index.pairs()) == [(0, 1), (2, 3)]
    assert index.recall([(1, 0), (0, 2)]) == (1, 2)
    index.close()


def person(name: str, birth: str | None) -> ParsedRecord:
    builder = RecordBuilder(name, "Person", ref=name)
    builder.add_name(name, NameKind.PRIMARY)
    if birth:
        builder.add("birthDate", birth)
    return builder.build()


def person_keys(name: str, birth: str | None) -> set[str]:
    return block_keys(person(name, birth))


def blocked(
    records: list[set[str]], *, max_block: int = 4, wide_block: int = 4
) -> set[tuple[int, int]]:
    index = BlockingIndex(max_block=max_block, wide_block=wide_block)
    index.add(enumerate(records))
    index.build()
    pairs = set(index.pairs())
    index.close()
    return pairs


def test_over_full_key_is_split_by_birth_year() -> None:
    # twelve namesakes: every key of the two words is over-full, the year splits it
    crowd = [person_keys("Ahmad Hassan", f"19{50 + i}-01-01") for i in range(12)]
    twins = [person_keys("Ahmed Hasan", "1975-06-01"), person_keys("Ахмед Хасан", "1975")]
    pairs = blocked(crowd + twins)
    assert (12, 13) in pairs
    assert len(pairs) < 12 * 13 // 2


def test_over_full_key_is_split_by_another_name_word() -> None:
    crowd = [person_keys(f"Ahmad Hassan {w}", None) for w in ("Omar", "Karim", "Nasser", "Yusuf")]
    crowd += [person_keys("Ahmad Hassan", None) for _ in range(4)]
    twins = [person_keys("Ahmad Hassan Zawahiri", None), person_keys("Ahmed Hasan Zavahiri", None)]
    pairs = blocked(crowd + twins)
    assert (8, 9) in pairs
    assert (0, 1) not in pairs


def test_undated_record_meets_its_twin_in_a_wide_block_that_cannot_be_split() -> None:
    crowd = [person_keys("Behrouz Ahmed", f"19{50 + i}-01-01") for i in range(6)]
    crowd += [
        person_keys("Behrouz Ahmed Al Tantawi", "1999-12-04"),
        person_keys("Behrouz Ahmed", None),
    ]
    assert (6, 7) not in blocked(crowd, wide_block=4)
    pairs = blocked(crowd, wide_block=8)
    assert (6, 7) in pairs
    assert (0, 1) not in pairs


def test_split_blocks_still_too_full_are_dropped() -> None:
    same = [person_keys("Ahmad Hassan Omar", "1970-01-01") for _ in range(6)]
    assert blocked(same, max_block=4) == set()
    assert len(blocked(same, max_block=6)) == 15


def test_french_and_english_spellings_of_one_letter_share_a_key() -> None:
    assert shared("Rachid Hachemi", "Rasheed Hashemi")
    assert shared("Radhi Kamal", "Rady Kamal")


def test_similar_pairs_keeps_pairs_of_similar_names() -> None:
    names = ["Usama bin Ladin", "Usama bin Laden", "Ayman al-Zawahiri", "Ladin Usama"]
    forms = [name_forms(person(n, None)) for n in names]
    assert similar_pairs([(0, 1), (0, 2), (0, 3), (1, 2)], forms) == [(0, 1), (0, 3)]


def test_pairs_do_not_depend_on_how_many_passes_group_the_keys() -> None:
    crowd = [person_keys("Ahmad Hassan", f"19{50 + i}-01-01") for i in range(12)]
    crowd += [person_keys("Ahmed Hasan", "1975-06-01"), person_keys("Ахмед Хасан", None)]
    crowd += [person_keys("Ahmad Hassan Zawahiri", None), person_keys("Ahmed Hasan Zavahiri", None)]
    pairs = {}
    for rows_per_pass in (1, 7, 1_000_000):
        index = BlockingIndex(max_block=4, wide_block=16, rows_per_pass=rows_per_pass)
        index.add(enumerate(crowd))
        index.build()
        pairs[rows_per_pass] = list(index.pairs())
        index.close()
    assert pairs[1] == pairs[7] == pairs[1_000_000]
    assert (14, 15) in pairs[1]


def test_a_korean_given_name_split_hyphenated_or_joined_shares_a_key() -> None:
    forms = ("Kim Jong Un", "Kim Jong-un", "Kim Jongun", "Jongun Kim", "Jong Un Kim")
    for a, b in itertools.combinations(forms, 2):
        assert shared(a, b), (a, b)
    # the joined reading is only for names of three one-syllable words
    assert "n:Jngn|km" in name_keys("Kim Jong Un")
    assert not any("hsnmr" in k for k in name_keys("Abdelrahman Hassan Omar") if k[:2] == "n:")

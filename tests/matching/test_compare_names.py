import itertools

import pytest
from tests.matching.util import make, pair

from commonlist.matching.compare.names import (
    _found_edges,
    key_similarity,
    name_gender_conflict,
    name_match,
    patronymic_conflict,
)
from commonlist.names.analysis import analyze_name


def score(a: str, b: str) -> float:
    return name_match(pair(make(name=a), make(name=b))).score


def test_key_similarity() -> None:
    assert key_similarity("rahmonov", "rahmonov") == 1.0
    assert 0.6 < key_similarity("rahmonov", "rahmanov") < 1.0
    assert key_similarity("ali", "ala") == 0.0  # short names must be equal
    assert key_similarity("rahmonov", "nazarbaev") == 0.0


def test_cross_script_orders_and_standards() -> None:
    assert score("Рахмонов Эмомали Шарипович", "RAKHMONOV Emomali") > 0.85
    assert score("Rahmonov Emomali", "Emomali Rakhmonov") > 0.85
    assert score("Šaripovič Emomali", "Sharipovich Emomali") == 1.0
    assert score("Қасымжомарт Тоқаев", "Kassym-Jomart Tokayev") > 0.7


def test_arabic_to_latin() -> None:
    assert score("محمد طاهر أنوري", "Muhammad Taher Anwari") > 0.8


def test_initials_typos_and_joins() -> None:
    assert score("E. Rakhmonov", "Emomali Rakhmonov") > 0.75
    assert score("Emomali Rakhmonv", "Emomali Rakhmonov") > 0.8
    assert score("Abdulrahman Kabir", "Abdul Rahman Kabir") > 0.85


def test_conflicting_given_names_score_low() -> None:
    assert score("Рахмонов Эмомали", "Rakhmonov Rustam") < 0.6


def test_gender_and_patronymic_conflicts() -> None:
    p = pair(make(name="Рахмонова З."), make(name="Rakhmonov Z."))
    assert name_gender_conflict(p).score == 1.0
    p = pair(make(name="Иванов Иван Петрович"), make(name="Ivanov Ivan Sergeevich"))
    assert patronymic_conflict(p).score == 1.0
    p = pair(make(name="Иванов Иван Петрович"), make(name="Ivanov Ivan Petrovich"))
    assert patronymic_conflict(p).score == 0.0 and name_gender_conflict(p).score == 0.0


def test_weak_alias_trusted_less() -> None:
    strong = name_match(pair(make(name="Omar Khalid"), make(name="Omar Khalid"))).score
    weak = name_match(pair(make(name="Omar Khalid"), make(name="X Y", weakAlias="Omar Khalid")))
    assert weak.score < strong
    # a name that is only a kunya is a by-name, trusted less than either
    kunya = name_match(pair(make(name="Abu Omar"), make(name="Abu Omar"))).score
    assert kunya < weak.score


def test_organisations_and_legal_forms() -> None:
    a = make("Organization", name="ТОО Казахский Банк")
    b = make("Organization", name="Kazakhskiy Bank LLP")
    assert name_match(pair(a, b)).score > 0.9
    c = make("Organization", name="Kazakhskiy Bank JSC")
    assert name_match(pair(a, c)).score < name_match(pair(a, b)).score


def test_a_kunya_is_not_the_name_it_contains() -> None:
    # "Abu Usama" is the father of an Usama, not a man named Usama
    assert score("Усама бен Ладен", "Abu Usama") < 0.5
    assert score("Usama bin Laden", "Abu Usama") < 0.5
    assert score("Abu Usama al-Masri", "Абу Усама аль-Масри") > 0.9
    # a kunya written as one word with its name is the same kunya
    assert score("ابوالقاسم طاهري", "Abu al-Qasim Taheri") > 0.7
    assert score("Abubakar Bashir", "Abu Bakar Bashir") > 0.7


@pytest.mark.parametrize(
    ("apart", "joined"),
    [
        ("Abu Jandal", "Abujandal"),  # keyed as one word, abuandal: the J of a word's start
        ("Abu Jafar", "Abujafar"),  # is not the j inside one
        ("Abu Hamza", "Abuhamza"),
        ("Abu Qatada", "Abuqatada"),
        ("Umm Salama", "Ummsalama"),
        ("Abou Hamza", "Abouhamza"),
    ],
)
def test_a_kunya_written_as_one_word_is_the_kunya_written_apart(apart: str, joined: str) -> None:
    """The word after ``abu`` is keyed as a word of its own, as it is in the kunya."""
    assert score(apart, joined) == score(apart, apart) == score(joined, apart) > 0.7


def test_a_kunya_written_as_one_word_is_still_not_the_name_it_contains() -> None:
    assert score("Abu Hamza al-Masri", "Abuhamza al Masri") == 1.0
    assert score("Abu Hamza", "Hamza") < 0.5
    assert score("Abuhamza", "Hamza") < 0.5  # no kunya read in one word alone
    assert score("Abuhamza", "Abu Omar") < 0.5


def test_one_word_of_a_person_identifies_nobody() -> None:
    # a one-word alias meets one word of a longer name: the rest of that name counts in full
    assert score("Anis", "Анис Баходурович") < 0.6
    assert score("Konstantin", "Konstantin Asrorovich") < 0.6
    assert score("Usama", "Usama bin Laden") < 0.6
    # two words written as one are one word too
    assert score("Ali Khan", "Alikhan Tavfikovich") < 0.6
    # a patronymic one name lacks still costs little when two words meet
    assert score("Рахмонов Эмомали", "Рахмонов Эмомали Шарипович") > 0.9
    assert score("Anis", "Anis") == 1.0
    # an organisation's one word is its name (HAMAS, SEPAH): not a person's rule
    org = make("Organization", name="Sepah")
    bank = make("Organization", name="Bank Sepah")
    assert name_match(pair(org, bank)).score >= 0.76


def test_a_legal_form_or_an_initial_alone_is_no_name() -> None:
    a = make("Organization", name="Ssa")
    b = make("Organization", name="ARIZONA S.A.")
    assert name_match(pair(a, b)).score == 0.0
    c = make("Organization", name="Arizona SA")
    assert name_match(pair(c, b)).score > 0.9
    assert score("A.", "Ahmad") == 0.0
    # an initial tells one letter: it weighs as an initial, not as the word it meets
    assert score("A. Kabir", "Zabir Aggregate") < 0.76
    assert score("J. Smith", "John Smith") > 0.9


@pytest.mark.parametrize("before", [1, 40, 70])
def test_two_words_written_as_one_are_found_in_a_name_of_many_words(before: int) -> None:
    # Adjacent words written as one on the other side are looked for when a right part met
    # no left part on its own: past the 32nd and the 64th word too. Every left part meets
    # one here; only the merged right word is left over.
    syllables = ["ba", "ko", "ri", "men", "tal", "du", "vi", "sho", "nek", "lu"]
    words = ["".join(w).title() for w in itertools.product(syllables, repeat=3)][:before]
    left = analyze_name(" ".join([*words, "Toku", "Zamir", "Toku"]), person=True)
    right = analyze_name(" ".join([*words, "Tokuzamir", "Toku", "Zamir"]), person=True)
    assert len(left.parts) == len(right.parts) == before + 3
    edges: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    _found_edges(left.parts, right.parts, edges)
    assert (1.0, (before, before + 1), (before,)) in edges


def test_names_share_the_blocks_their_numbers_say() -> None:
    """Names are ranked for alignment by the blocks they share, counted on their block
    numbers: the count must be that of the sets of blocks themselves."""
    from commonlist.matching.compare.names import _any_shared, _shared

    texts = [
        "Рахмонов Эмомали Шарипович", "Rahmon, Emomalii", "Abdul Rahman al-Tikriti",
        "Abdulrahman Tikriti", "Усама бен Ладен", "Usama bin Laden", "Kim Jong Un",
        "ТОО Казахский Банк", "Karimov Islam", "Ahmad Naderi", "Ahmed Taheri",
    ]  # fmt: skip
    names = [analyze_name(t, person=i != 7) for i, t in enumerate(texts)]
    for name in names:
        assert list(name.block_ids) == sorted(set(name.block_ids))
        assert len(name.block_ids) == len(name.blocks)
    counts = [_shared(a.block_ids, b.block_ids) for a in names for b in names]
    assert counts == [len(a.blocks & b.blocks) for a in names for b in names]
    assert 0 < min(c for c in counts if c) < max(counts)  # some share a few, some all
    # a name of one record against another's: whether they share any, read to the first
    assert [_any_shared(a.block_ids, b.block_ids) for a in names for b in names] == [
        c > 0 for c in counts
    ]
    assert 0 in counts

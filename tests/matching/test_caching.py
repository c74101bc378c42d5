"""Caches must never change a score: prepared records and name analyses are keyed
by content, so an edited record with the same id is analysed anew."""

from tests.matching.util import make

from commonlist.matching import clear_caches, compare, compare_many, prepare
from commonlist.names.analysis import analyze_name
from commonlist.names.groups import person_name_groups


def test_same_id_new_content_is_not_stale() -> None:
    entity = make(name="Рахмонов Эмомали Шарипович", birthDate="1952-10-05")
    first = prepare(entity)
    entity.set("name", "Karimov Islam Abduganievich")
    entity.set("birthDate", "1938-01-30")
    second = prepare(entity)
    assert first.id == second.id
    assert [n.original for n, _ in second.names] == ["Karimov Islam Abduganievich"]
    assert second.birth_dates == ("1938-01-30",)
    other = make(name="KARIMOV Islam", birthDate="1938")
    assert compare(entity, other).score > 0.9


def test_same_content_other_id_keeps_its_id() -> None:
    left = make(name="Emomali Rakhmonov")
    right = make(name="Emomali Rakhmonov")
    a, b = prepare(left), prepare(right)
    assert a.names is b.names  # analysed once
    assert (a.id, b.id) == (left.id, right.id)


def test_cached_and_cold_scores_agree() -> None:
    query = make(name="Рахмонов Эмомали Шарипович", birthDate="1952-10-05", nationality="tj")
    candidates = [
        make(name="RAKHMONOV Emomali", birthDate="1952"),
        make(name="Рахмонова Зарина"),
        make(name="Rahmon, Emomalii Sharipovich", alias=["Emomali Rahmon", "Imomali Rakhmonov"]),
        make("Organization", name="Rakhmonov LLC"),
    ]
    warm = [r.score for r in compare_many(query, candidates)]
    clear_caches()
    cold = [compare(query, c).score for c in candidates]
    assert warm == cold
    assert [r.score for r in compare_many(query, candidates)] == cold


def test_stated_parts_do_not_leak_between_records() -> None:
    plain = analyze_name("Ivan Petrov", person=True)
    stated = analyze_name("Ivan Petrov", person=True, surnames=frozenset({"ivan"}))
    assert [p.role.value for p in stated.parts][0] == "surname"
    assert [p.role.value for p in plain.parts][0] != "surname"
    assert analyze_name("Ivan Petrov", person=True) is plain


def test_name_groups_span_several_words() -> None:
    groups = person_name_groups(["abd", "al", "rahman"])
    assert groups[0] & groups[2]  # one group for the three words, as rigour's tagger gives
    assert person_name_groups(["mohammed"])[0] & person_name_groups(["мухаммед"])[0]


def test_aliases_with_the_same_keys_and_roles_are_kept_once() -> None:
    record = prepare(
        make(
            name="Ivan Kirill", alias=["IVAN Kirill", "Ivan, Kirill", "Ivan KIRILL", "ivan kirill"]
        )
    )
    roles = sorted(tuple(p.role.value for p in n.parts) for n, _ in record.names)
    # The capitals and the comma tag the words; the same words tagged alike count once.
    assert roles == [("given", "surname"), ("surname", "given"), ("unknown", "unknown")]


def test_part_pairs_sharing_a_cache_set_keep_their_own_scores() -> None:
    from commonlist.matching.compare import names

    left = analyze_name("Rakhmonov", person=True).parts[0]
    words = analyze_name("Rakhmonov Rakhmanov Rakhimov Rahmon Petrov Rokhmonov", person=True)
    sets = names._SETS
    # right parts whose serials differ by a multiple of the number of sets share one set
    # of slots: more of them than a set holds, so each evicts another
    rights = [p._replace(serial=7 + k * sets) for k, p in enumerate(words.parts)]
    assert len({names._first_slot(left.serial, r.serial) for r in rights}) == 1
    assert len(rights) > names._PAIR_SLOTS // sets  # the slots of a set
    names.clear_caches()
    expected = [names.part_similarity(left, r) for r in rights]
    assert len(set(expected)) > 2  # the parts are not all alike
    for _ in range(3):
        assert [names._part_score(left, r) for r in rights] == expected
        assert [names._part_score(left, r) for r in reversed(rights)] == expected[::-1]
    names.clear_caches()

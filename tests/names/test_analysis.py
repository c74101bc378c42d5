"""What an analysed name carries for alignment and blocking."""

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.names.analysis import NamePart, _words, analyze_name
from commonlist.names.parts import ROLE_AT, PartRole, assign_roles


def test_words_are_the_parts_without_particles() -> None:
    name = analyze_name("Abu Bakr al-Baghdadi bin Awwad", person=True)
    roles = [p.role for p in name.parts]
    assert PartRole.PARTICLE in roles
    assert name.words == tuple(p for p in name.parts if p.role is not PartRole.PARTICLE)
    plain = analyze_name("Emomali Rahmon", person=True)
    assert plain.words is plain.parts


def test_blocks_are_the_union_of_the_parts_blocks() -> None:
    name = analyze_name("Рахмонов Эмомали Шарипович", person=True)
    assert name.blocks == frozenset(b for p in name.parts for b in p.blocks)
    assert {"rh", "hm"} <= name.blocks  # consonant windows of rahmonov


def test_a_part_is_shared_by_names_that_use_the_word_alike() -> None:
    first = analyze_name("Karimov Islam", person=True)
    second = analyze_name("KARIMOV, Islam", person=True)
    assert [p.key for p in first.parts] == [p.key for p in second.parts]
    assert first.parts[1] is second.parts[1]
    assert all(p.key == p.keys[0] for p in first.parts)


_SPELLINGS = ["Ivan", "IVANOV", "Ivanovich", "Petrovna", "al", "bin", "Abu", "Haji", "uli",
              "kyzy", "A.", "12", "Smirnova", "Karimov,", "Rahmon", "Mullah", "Omar", "Sergeyevna"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SPELLINGS), min_size=1, max_size=5))
def test_roles_cached_by_shape_are_the_rules_roles(words: list[str]) -> None:
    # Names of one shape share a cached tagging: each must still get the roles and
    # genders the rules give its own words.
    text = " ".join(words)
    for person in (True, False):
        tagged = [(p.role, p.gender) for p in analyze_name(text, person=person).parts]
        assert tagged == assign_roles(_words(text, person)[0], person=person)


def test_a_part_is_a_value_with_named_fields() -> None:
    part = analyze_name("Рахмонов Эмомали", person=True).parts[0]
    copy = part._replace(serial=part.serial)
    assert copy is not part
    assert copy == part
    assert hash(copy) == hash(part)
    assert len({part, copy}) == 1
    assert part._replace(latin="x") != part
    assert NamePart._make(part._replace(stem="x")._values()).stem == "x"
    assert part != tuple(part._values())
    assert repr(part).startswith("NamePart(form='рахмонов', latin='rakhmonov'")


def test_a_part_sent_to_another_process_is_numbered_again() -> None:
    part = analyze_name("Рахмонов Эмомали", person=True).parts[0]
    again = pickle.loads(pickle.dumps(part))
    assert again.serial != part.serial
    assert again._replace(serial=part.serial) == part


def test_a_part_knows_its_longest_key_however_it_was_made() -> None:
    # the aligner bounds the words a part can be written as one with by it
    name = analyze_name("محمد عبد الرحمن يوسف", person=True)  # attested spellings
    assert any(len(p.keys) > 1 and p.longest > len(p.key) for p in name.parts)
    for part in name.parts:
        longest = max(len(k) for k in part.keys)
        assert part.longest == longest
        assert pickle.loads(pickle.dumps(part)).longest == longest
        assert part._replace(keys=(*part.keys, "x" * (longest + 3))).longest == longest + 3
    assert NamePart._make(name.parts[0]._replace(keys=())._values()).longest == len(
        name.parts[0].key
    )


def test_a_part_knows_its_roles_position_however_it_was_made() -> None:
    # the aligner reads its weights by role from arrays at this position
    name = analyze_name("Sheikh Abdul Rahman bin Mohammed al-Tamimi", person=True)
    roles = {p.role for p in name.parts}
    assert len(roles) >= 2
    for part in name.parts:
        assert list(PartRole)[part.role_at] is part.role
        assert pickle.loads(pickle.dumps(part)).role_at == part.role_at
        for role in PartRole:
            assert part._replace(role=role).role_at == ROLE_AT[role]
        assert NamePart._make(part._values()).role_at == part.role_at


def test_an_initial_is_one_letter_written_not_a_word_spelt_as_one() -> None:
    # "aع" spells as "a" in Latin (the ain is not written), but is two letters: a short
    # word, not an initial. Roles are cached by the shape of a name's spellings, which
    # one letter written and a longer word spelt as one letter must not share.
    assert [p.role for p in analyze_name("X Petrov", person=True).parts][0] is PartRole.INITIAL
    (part,) = analyze_name("aع", person=True).parts
    assert part.latin == "a"
    assert part.role is not PartRole.INITIAL
    assert analyze_name("A. Petrov", person=True).parts[0].role is PartRole.INITIAL

"""What an analysed name carries for alignment and blocking."""

from commonlist.names.analysis import analyze_name
from commonlist.names.parts import PartRole


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

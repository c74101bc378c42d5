"""Name words → keys: legal forms also keyed by their class, honorifics where they are names."""

from __future__ import annotations

from commonlist.names.gender import patronymic_form, surname_form
from commonlist.names.translit import latin_variants, phonetic_key
from commonlist.screen.keys import LEGAL_KEY, name_words, spelt_keys, word_joins, word_keys


def test_legal_forms_share_their_class_key_whatever_the_spelling() -> None:
    """ООО, OOD, OD and GmbH are all limited companies: one class key, after the spelling."""
    classes = {word: word_keys(word)[-1] for word in ("ооо", "ood", "od", "gmbh")}
    assert set(classes.values()) == {LEGAL_KEY + "llc"}
    assert word_keys("ood")[0] == "ud"  # the word's own key still comes first
    assert word_keys("zao")[-1] == LEGAL_KEY + "jsc"  # another class, another key


def test_other_words_get_no_class_key() -> None:
    for word in ("sizif", "magomedov", "bank", "ali"):
        assert not any(key.startswith(LEGAL_KEY) for key in word_keys(word)), word
    assert word_keys("bin") == ()  # a particle stays keyless
    assert name_words("SIZIF V OD") == (("sizif",), ("od", LEGAL_KEY + "llc"))


def test_honorifics_are_left_out_where_the_matcher_tags_them() -> None:
    """Before the last word with two words left: left out. Otherwise a name word, as for
    the matcher: Saeed (keyed as Sayed) and Omar in Mullah Omar stay."""
    assert name_words("Hafiz Muhammad Saeed") == name_words("Muhammad Saeed")
    assert len(name_words("Muhammad Saeed")) == 2
    assert len(name_words("Mullah Omar")) == 2
    assert name_words("Haji Mullah Omar") == name_words("Mullah Omar")
    assert name_words("Хаджи Мулла Омар") == name_words("Haji Mulla Omar")


def test_two_words_joined_are_keyed_as_the_one_word() -> None:
    """A word joined to the next one is keyed as ``word_keys`` keys the one word, for the
    Latin and Cyrillic scripts (their Latin spellings are letter by letter), where that is
    not the two keys end to end (``abdulabar``, not ``abdul`` + ``Jabar``)."""
    for first, second in [
        ("aziz", "jafari"),
        ("abdul", "jabbar"),
        ("абдул", "джаббар"),
        ("нур", "джахан"),
        ("ivan", "petrovich"),
    ]:
        joins = word_joins(f"{first} {second}")
        assert joins[0] == joins[1] == spelt_keys(word_keys(first + second)), first
    assert word_joins("Abdul Jabbar")[0] == ("abdulabar",)


def test_arabic_words_joined_are_keyed_from_their_attested_spellings() -> None:
    """The joined word of two Arabic words has no attested spellings: its keys come from
    each word's (``abdul`` + ``aljbar``), not from transliterating the joined word, which
    writes no vowels (``bdalibar``)."""
    joins = word_joins("عبد الجبار")[0]
    assert any(key.startswith("abdul") for key in joins)
    assert not set(joins) & set(word_keys("عبدالجبار"))


def test_words_joined_stay_out_of_the_single_words_caches() -> None:
    """Each row of a customer file is a new pair of words: its joined word must not fill the
    caches of single words (a million rows would fill them, and their memory)."""
    name = "Zyxwabe Qvorptal"
    assert name_words(name)  # the single words, cached as ever
    caches = (phonetic_key, surname_form, patronymic_form, latin_variants)
    sizes = [len(cache) for cache in caches]
    assert word_joins(name)[0]
    assert [len(cache) for cache in caches] == sizes

"""Name words → keys: legal forms also keyed by their class, honorifics where they are names."""

from __future__ import annotations

from commonlist.screen.keys import LEGAL_KEY, name_words, word_keys


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

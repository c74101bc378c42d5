from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.names.normalize import normalize_name, strip_diacritics, tokenize


def test_folds_case_and_punctuation() -> None:
    assert normalize_name("RAKHMONOV,  Emomali (Sharipovich)") == "rakhmonov emomali sharipovich"
    assert normalize_name("O'Neil al-Baghdadi") == "oneil al baghdadi"
    assert normalize_name("ʿAbd") == "abd"
    assert normalize_name("...") == ""


def test_strip_diacritics() -> None:
    assert strip_diacritics("Šarípovič") == "Saripovic"


def test_tokenize() -> None:
    assert tokenize("Seit-Umarovich  Atabiev") == ["seit", "umarovich", "atabiev"]


@settings(deadline=None, max_examples=40)
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once

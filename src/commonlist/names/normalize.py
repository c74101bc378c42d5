"""Case folding, punctuation and white space: the script-preserving clean-up of a name.

Transliteration (``translit``) works on the output of ``normalize_name``; both keep
letters of every script, so a Cyrillic name stays Cyrillic here.
"""

from __future__ import annotations

import unicodedata

from commonlist.names.memo import memo

#: Characters that join a name into one word rather than separate words (O'Neil, ʿAli).
_JOINERS = frozenset("'’ʼʻʿʾ`´‘")


@memo(65536)
def normalize_name(text: str) -> str:
    """Case-fold, split on punctuation and collapse white space; keep every script.

    Apostrophes and Arabic ayn/hamza signs are dropped inside words (``O'Neil`` →
    ``oneil``, ``ʿAbd`` → ``abd``) because lists write them inconsistently; hyphens,
    commas, brackets and dots separate words.

    Args:
        text: a name as written.

    Returns:
        Lower-case words separated by one space; empty if the name has no letters
        or digits.
    """
    # Word by word (a word of a name recurs in many names); white space never
    # takes part in composition or case folding, so the result is the same.
    return " ".join(filter(None, map(normalize_word, text.split())))


@memo(262144)
def normalize_word(word: str) -> str:
    """``normalize_name`` of a text without white space, cached.

    Args:
        word: a white-space-free piece of a name (``al-Qaida``).

    Returns:
        Its normalised words (``al qaida``).
    """
    if word.isalnum() and not _JOINERS.intersection(word):
        return unicodedata.normalize("NFC", word).casefold()  # letters and digits only
    folded = unicodedata.normalize("NFC", word).casefold()
    out: list[str] = []
    for ch in folded:
        if ch in _JOINERS:
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or cat == "Mn":
            out.append(ch)
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def strip_diacritics(text: str) -> str:
    """Remove combining marks after canonical decomposition (``é`` → ``e``, ``й`` → ``и``).

    Args:
        text: any text.

    Returns:
        The text without combining marks, recomposed (NFC).
    """
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def tokenize(text: str) -> list[str]:
    """The words of a normalised name.

    Args:
        text: a name as written.

    Returns:
        Its words after ``normalize_name``.
    """
    return normalize_name(text).split()

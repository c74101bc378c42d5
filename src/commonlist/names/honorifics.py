"""Religious, academic and military honorifics that precede names on terrorist lists.

Haji, Mullah, Sheikh or Mawlawi are part of how a person is known (UN lists carry
them in the name) but are shared by thousands of people: they are kept as name
parts with a low weight, so that a matching honorific adds a little and a missing
one costs almost nothing.
"""

from __future__ import annotations

from commonlist.names.translit import phonetic_key

#: Honorifics in lower-case ASCII as lists spell them, incl. transliterated
#: Cyrillic (хаджи → khadzhi) and Arabic (حاجي → haji) forms.
HONORIFICS: frozenset[str] = frozenset(
    {
        "haji", "hajji", "hadji", "hadzhi", "khadzhi", "haj", "hajj", "alhaj", "alhajj",
        "mullah", "mulla", "molla", "mollah", "mawlawi", "maulawi", "mawlavi", "maulvi",
        "moulvi", "sheikh", "shaikh", "shaykh", "sheik", "sheykh", "sheyh", "shekh",
        "qari", "qori", "mufti", "hafiz", "hafez", "sayed", "sayyid", "syed",
        "seyed", "sayyed", "ustad", "ustadh", "ustaz", "emir", "amir", "imam", "mawlana",
        "maulana", "moulana", "akhund", "akhoond", "pir", "khwaja", "khoja", "hodja",
        "dr", "doctor", "prof", "professor", "eng", "engineer", "general", "gen",
        "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt",
        "mr", "mrs", "ms", "sir",
    }
)  # fmt: skip

_HONORIFIC_KEYS = frozenset(phonetic_key(h) for h in HONORIFICS if h.isascii())


def is_honorific(latin: str) -> bool:
    """True if a transliterated word is an honorific or title.

    Args:
        latin: a lower-case ASCII word.

    Returns:
        Whether the word, or its phonetic key, is a known honorific.
    """
    return latin in HONORIFICS or phonetic_key(latin) in _HONORIFIC_KEYS

"""Grammatical gender of Slavic and Turkic surname and patronymic forms.

Russian-style surnames and patronymics inflect for gender (Рахмонов/Рахмонова,
Шарипович/Шариповна, Абишулы/Абишкызы). Two records whose aligned surnames differ
only in that ending name a man and a woman of one family: strong evidence against
a match that a spelling comparison would miss.
"""

from __future__ import annotations

from enum import Enum

from commonlist.names.memo import memo


class Gender(str, Enum):
    """Gender implied by a name form."""

    MALE = "male"
    FEMALE = "female"


# (suffix of a phonetic key, gender, replacement giving the masculine stem)
_SURNAME_ENDINGS: tuple[tuple[str, Gender, str], ...] = (
    ("ova", Gender.FEMALE, "ov"),
    ("eva", Gender.FEMALE, "ev"),
    ("ina", Gender.FEMALE, "in"),
    ("ska", Gender.FEMALE, "ski"),
    ("cka", Gender.FEMALE, "cki"),
    ("ov", Gender.MALE, "ov"),
    ("ev", Gender.MALE, "ev"),
    ("in", Gender.MALE, "in"),
    ("ski", Gender.MALE, "ski"),
    ("cki", Gender.MALE, "cki"),
)
_PATRONYMIC_ENDINGS: tuple[tuple[str, Gender, str], ...] = (
    ("ovich", Gender.MALE, "ov"),
    ("evich", Gender.MALE, "ev"),
    ("ich", Gender.MALE, ""),
    ("ovna", Gender.FEMALE, "ov"),
    ("evna", Gender.FEMALE, "ev"),
    ("ichna", Gender.FEMALE, ""),
    ("ichina", Gender.FEMALE, ""),
    ("na", Gender.FEMALE, ""),
    ("uli", Gender.MALE, ""),
    ("ugli", Gender.MALE, ""),
    ("ogli", Gender.MALE, ""),
    ("oglu", Gender.MALE, ""),
    ("kizi", Gender.FEMALE, ""),
    ("gizi", Gender.FEMALE, ""),
)
#: Words that follow a father's name in Turkic patronymics written apart (Абиш улы).
PATRONYMIC_MARKERS: dict[str, Gender] = {
    "uli": Gender.MALE,
    "ulu": Gender.MALE,
    "ugli": Gender.MALE,
    "ogli": Gender.MALE,
    "oglu": Gender.MALE,
    "kizi": Gender.FEMALE,
    "gizi": Gender.FEMALE,
}
_MIN_STEM = 3
# All endings at once: most words have none, and one endswith() call tells.
_SURNAME_SUFFIXES = tuple(suffix for suffix, _, _ in _SURNAME_ENDINGS)
_PATRONYMIC_SUFFIXES = tuple(suffix for suffix, _, _ in _PATRONYMIC_ENDINGS)


@memo(262144)
def surname_form(key: str) -> tuple[str, Gender | None]:
    """The masculine stem of a surname key and the gender its ending implies.

    Args:
        key: phonetic key of a surname word (``rahmonova``).

    Returns:
        ``(stem, gender)``, e.g. ``("rahmonov", Gender.FEMALE)``; the key itself and
        ``None`` when the ending carries no gender.
    """
    if not key.endswith(_SURNAME_SUFFIXES):
        return key, None
    for suffix, gender, stem_end in _SURNAME_ENDINGS:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            return key[: -len(suffix)] + stem_end, gender
    return key, None


@memo(262144)
def patronymic_form(key: str) -> tuple[str, Gender | None]:
    """The gender-free stem of a patronymic key and its gender, if it is one.

    Args:
        key: phonetic key of one word (``sharipovna``).

    Returns:
        ``(stem, gender)``, e.g. ``("sharipov", Gender.FEMALE)``; ``(key, None)`` if the
        word has no patronymic ending.
    """
    if not key.endswith(_PATRONYMIC_SUFFIXES):
        return key, None
    for suffix, gender, stem_end in _PATRONYMIC_ENDINGS:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            if suffix == "na" and not key.endswith(("ovna", "evna", "ichna", "inichna")):
                continue
            return key[: -len(suffix)] + stem_end, gender
    return key, None


def is_patronymic(key: str) -> bool:
    """True if a word has a Slavic or attached Turkic patronymic ending.

    Args:
        key: phonetic key of one word.

    Returns:
        Whether ``patronymic_form`` recognises it.
    """
    return patronymic_form(key)[1] is not None

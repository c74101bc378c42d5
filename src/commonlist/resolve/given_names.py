"""Korean given names of two syllables: one name, written split, hyphenated or joined.

``Kim Jong Un``, ``Kim Jong-un`` and ``Jongun Kim`` are one name, while ``Jong-Su Ri``
and ``Ri Su Yong`` share a surname and a syllable but not the given name. The matcher
compares word by word and scores such a pair high, so two records of Korean subjects
whose given names cannot be read as one are not merged without review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from commonlist.names.normalize import normalize_name
from commonlist.names.translit import consonant_key, phonetic_key, to_latin
from commonlist.sources.model import ParsedRecord

#: Longest word read as one syllable of a Korean name (``hyong``, ``chong``).
SYLLABLE = 5
#: Countries (nationality, citizenship, country) whose subjects carry Korean names.
KOREAN_COUNTRIES = frozenset({"kp", "kr"})
_COUNTRY_PROPS = ("nationality", "citizenship", "country")


def is_syllable_name(tokens: Sequence[str]) -> bool:
    """Whether a name is three words of one syllable each (surname and a two-syllable name)."""
    return len(tokens) == 3 and all(len(t) <= SYLLABLE and t.isalpha() for t in tokens)


def given_name_keys(name: str) -> frozenset[str]:
    """Skeletons of the possible given names of a Korean-style name; empty for other names.

    The surname may come first or last and the given name may be split, hyphenated
    or joined, so ``Kim Jong Un`` reads as ``jongun`` (or ``kimjong``) and ``Kim
    Jongun`` as ``jongun`` (or ``kim``). Vowels go (``Jong-un``, ``Jong-eun``).
    """
    tokens = normalize_name(to_latin(name)).split()
    if is_syllable_name(tokens):
        readings = (tokens[1] + tokens[2], tokens[0] + tokens[1])
    elif (
        len(tokens) == 2
        and min(len(t) for t in tokens) <= SYLLABLE
        and all(t.isalpha() for t in tokens)
    ):
        readings = (tokens[1], tokens[0])
    else:
        return frozenset()
    return frozenset(consonant_key(phonetic_key(r)) for r in readings)


def _korean(record: ParsedRecord) -> bool:
    return any(
        v.lower() in KOREAN_COUNTRIES for p in _COUNTRY_PROPS for v in record.properties.get(p, ())
    )


def _keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(k for name in names for k in given_name_keys(name))


def given_name_conflict(left: ParsedRecord, right: ParsedRecord) -> bool:
    """Whether two persons, one of them Korean, have Korean-style names whose given
    names cannot be one (no reading of any name of one agrees with any of the other)."""
    if left.schema != "Person" or right.schema != "Person":
        return False
    if not (_korean(left) or _korean(right)):
        return False
    a = _keys(n.value for n in left.names)
    b = _keys(n.value for n in right.names)
    return bool(a) and bool(b) and a.isdisjoint(b)

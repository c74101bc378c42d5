"""Bring a name word from any script to a comparable lower-case ASCII form, and key it.

Cyrillic goes through one table that covers Russian and the Kazakh, Kyrgyz, Tajik
and Uzbek letters (ә ғ қ ң ө ұ ү һ і ӣ ӯ ҳ ҷ ў), written as BGN/PCGN-style digraphs;
Arabic words are looked up in a table of attested romanisations and otherwise
go through ICU's Arabic-Latin transform; Armenian through ICU's BGN transform;
other scripts through ICU's Any-Latin. Latin letters with diacritics that stand
for a digraph in other standards (ISO 9 ``š``, Kazakh Latin ``ş``, Turkish ``ğ``)
are spelled out so that GOST 7.79 ``Šaripovič`` and BGN ``Sharipovich`` meet.

``phonetic_key`` then folds the differences between transliteration standards
(``kh``/``h``/``ch``, ``ya``/``ia``/``ja``, ``w``/``v``, ``-iy``/``-y``/``-ij``,
doubled letters) so that passport, BGN, German and French spellings share a key.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache
from importlib import resources

import icu

from commonlist.names.memo import memo
from commonlist.names.normalize import normalize_name
from commonlist.names.script import detect_script

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian, Belarusian
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u",
    # Kazakh, Kyrgyz, Bashkir, Tatar
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "җ": "zh", "ҙ": "z", "ҡ": "q", "ҫ": "s",
    # Tajik
    "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j",
    # Serbian, Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dzh", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
}  # fmt: skip
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)

# Latin letters that other standards spell as two letters.
_LATIN_DIGRAPHS = {
    "š": "sh", "č": "ch", "ž": "zh", "ş": "sh", "ș": "sh", "ç": "ch", "ğ": "gh",
    "ŝ": "sh", "ĉ": "ch", "ẑ": "zh", "ḫ": "kh", "ẖ": "kh", "ṯ": "th", "ḏ": "dh",
    "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "dh", "đ": "dj", "ł": "l",
    "ı": "i", "ø": "o", "ñ": "n", "ŋ": "ng",
}  # fmt: skip
_LATIN_TABLE = str.maketrans(_LATIN_DIGRAPHS)

# Arabic letter variants that romanisation tables do not distinguish.
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك",
     "ۀ": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)  # fmt: skip

_ICU_IDS = {
    "Arabic": "Arabic-Latin; Latin-ASCII",
    "Armenian": "Armenian-Latin/BGN; Latin-ASCII",
}
_ICU_DEFAULT = "Any-Latin; Latin-ASCII"

# (pattern, replacement, strings of which every match contains one): a rule whose
# strings are all absent cannot match, and is skipped without running the pattern.
_KEY_RULES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), repl, triggers)
    for pattern, repl, triggers in (
        (r"shch|sch", "sh", ("ch",)),
        (r"t?sch", "ch", ("sch",)),
        (r"tch", "ch", ("tch",)),
        (r"dzh|dsch|dj|zh", "J", ("dz", "ds", "dj", "zh")),
        (r"^j(?=[aeiou])", "J", ("j",)),
        (r"kh", "h", ("kh",)),
        (r"gh", "g", ("gh",)),
        (r"ph", "f", ("ph",)),
        (r"ck|q", "k", ("ck", "q")),
        (r"w", "v", ("w",)),
        (r"x", "ks", ("x",)),
        (r"ts|tz", "c", ("ts", "tz")),
        (r"ou|oo", "u", ("ou", "oo")),
        (r"ee", "i", ("ee",)),
        (r"[yij](?=[aeouy])", "", ("y", "i", "j")),
        (r"[yj]", "i", ("y", "j")),
        (r"(?<=[aeiou])h$", "", ("h",)),
    )
)
_DOUBLED = re.compile(r"(.)\1+")
#: Deletes the vowels a, e, i, o, u, y (str.translate: no regular expression to run).
_NO_VOWELS = str.maketrans("", "", "aeiouy")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9 ]")


@cache
def _icu(transform_id: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(transform_id)


#: A letter of each script that ICU's Any-Latin compiles rules for on first use
#: (Han's take a sixth of a second): transliterated once by ``load_transforms``.
_SCRIPT_SAMPLES = "中 한 あ ア α ა ก অ क አ א ក ሀ ॐ"


@cache
def load_transforms() -> None:
    """Load the Arabic spelling table and build every ICU transform, once.

    ICU compiles a script's rules on its first use; doing it here moves that cost
    to the first name analysed instead of the first name in each rare script.
    """
    _arabic_table()
    for transform_id in (*_ICU_IDS.values(), _ICU_DEFAULT):
        _icu(transform_id)
    _icu(_ICU_DEFAULT).transliterate(_SCRIPT_SAMPLES)


@cache
def _arabic_table() -> dict[str, tuple[str, ...]]:
    """Attested romanisations of Arabic-script name words (see data/PROVENANCE.md)."""
    path = resources.files("commonlist.names").joinpath("data/arabic_latin.tsv.gz")
    table: dict[str, tuple[str, ...]] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            key, _, spellings = line.rstrip("\n").partition("\t")
            table[key] = tuple(spellings.split("|"))
    return table


def fold_arabic(word: str) -> str:
    """Drop Arabic vowel signs and merge letter variants (alef forms, yeh, teh marbuta).

    Args:
        word: Arabic-script text.

    Returns:
        The text as romanisation tables key it.
    """
    bare = "".join(ch for ch in word if unicodedata.category(ch) != "Mn")
    return bare.translate(_ARABIC_FOLD)


def _ascii(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_LATIN_TABLE)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NOT_ASCII_WORD.sub("", text.lower()).split())


@memo(262144)
def latin_variants(word: str) -> tuple[str, ...]:
    """All comparable Latin spellings of one normalised word, the preferred first.

    Arabic words found in the romanisation table give their attested spellings
    (``محمد`` → mohamed, muhammad, mohammad, mohammed); all other words give one.

    Args:
        word: one word, output of ``normalize_name``.

    Returns:
        Lower-case ASCII spellings; empty only if the word has no letters or digits.
    """
    script = detect_script(word)
    if script == "Arabic":
        folded = fold_arabic(word)
        found = _arabic_table().get(folded)
        if found is not None:
            return found
        latin = _ascii(_icu(_ICU_IDS["Arabic"]).transliterate(folded))
    elif script == "Cyrillic":
        latin = _ascii(word.lower().translate(_CYRILLIC_TABLE))
    elif script in ("Latin", "Unknown"):
        latin = _ascii(word)
    else:
        latin = _ascii(_icu(_ICU_IDS.get(script, _ICU_DEFAULT)).transliterate(word))
    return (latin,) if latin else ()


def to_latin(text: str) -> str:
    """A whole name in lower-case ASCII Latin, word by word.

    Idempotent on its own output, and on plain ASCII Latin names it only folds case
    and punctuation.

    Args:
        text: a name in any script.

    Returns:
        Space-separated lower-case ASCII words.
    """
    words = (latin_variants(w) for w in normalize_name(text).split())
    return " ".join(v[0] for v in words if v)


@memo(262144)
def phonetic_key(latin: str) -> str:
    """Fold one ASCII word so that its spellings under different standards coincide.

    ``Rakhmonov``, ``Rahmonov`` and ``Rachmonow`` do not all meet (German ``ch``
    is also English ``ch``), but every difference left is one edit, which the
    fuzzy comparison absorbs.

    Args:
        latin: a lower-case ASCII word (output of ``latin_variants``).

    Returns:
        The key; upper-case ``J`` stands for the ``dzh``/``zh``/``j`` family.
    """
    key = latin
    for pattern, repl, triggers in _KEY_RULES:
        for trigger in triggers:
            if trigger in key:
                key = pattern.sub(repl, key)
                break
    if _has_doubled(key):  # most keys have none: no regular expression to run
        key = _DOUBLED.sub(_first_group, key)  # doubled letters count once
    return key or latin


def _has_doubled(key: str) -> bool:
    """Whether some character follows itself: a quick test before ``_DOUBLED.sub``."""
    for i in range(1, len(key)):
        if key[i] == key[i - 1]:
            return True
    return False


def _first_group(match: re.Match[str]) -> str:
    # A function, not the template r"\1": a template costs a Python call per sub().
    return match.group(1)


@memo(262144)
def consonant_key(key: str) -> str:
    """A phonetic key without vowels: what Arabic script writes of a name.

    Args:
        key: output of ``phonetic_key``.

    Returns:
        The consonants of the key, in order.
    """
    return key.translate(_NO_VOWELS)

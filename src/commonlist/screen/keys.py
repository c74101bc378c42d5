"""Name words → phonetic keys for the screening index, in any script.

A word gives one key per attested Latin spelling (Arabic words have several).
Particles (``bin``, ``al``) and one-letter words give none: every other name
shares them, so they find nothing; honorifics are left out of a name where the
matcher tags them as such (``name_words``). Keys are the matcher's own
phonetic keys (``commonlist.names.translit``), so a word that the matcher would
align by key is always found by the index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from followthemoney.proxy import EntityProxy

from commonlist.matching.record import NAME_PROPERTIES
from commonlist.names.analysis import analyze_name
from commonlist.names.gender import patronymic_form, surname_form
from commonlist.names.honorifics import is_honorific
from commonlist.names.normalize import normalize_name
from commonlist.names.orgtypes import legal_forms
from commonlist.names.parts import LEGAL, PARTICLES
from commonlist.names.translit import consonant_key, latin_variants, phonetic_key

#: followthemoney properties that carry identifiers screened by exact value.
ID_PROPERTIES = ("passportNumber", "idNumber", "registrationNumber", "taxNumber", "innCode",
                 "ogrnCode", "vatCode", "leiCode", "imoNumber", "swiftBic")  # fmt: skip
_ID_NAMES = frozenset(ID_PROPERTIES)
_NAME_PART_ORDER = ("firstName", "secondName", "middleName", "fatherName", "patronymic", "lastName")
_NOT_ID = re.compile(r"[^0-9A-Z]")
#: Starts the key of a legal-form class (``#llc``): no phonetic key has it.
LEGAL_KEY = "#"
#: The key functions without their caches, for joined words (``_joined_keys``).
_PHONETIC_KEY = phonetic_key.__wrapped__
_SURNAME_FORM = surname_form.__wrapped__
_PATRONYMIC_FORM = patronymic_form.__wrapped__


@lru_cache(maxsize=262144)
def word_keys(word: str) -> tuple[str, ...]:
    """Phonetic keys of every Latin spelling of one normalised word; empty for particles.

    Honorifics are keyed too: whether one is a name word depends on its place in
    the name (``name_words``).

    Gender-free stems of surname and patronymic forms are keys too, because the
    matcher aligns ``Magomedov`` with ``Magomedovich`` and ``Rahmonova`` by stem.
    A legal form also gets the key of its class (``#llc`` for ``ООО``, ``OOD``,
    ``OD``, ``GmbH``), last: the matcher compares legal forms by class, whatever
    their spelling, so ``Sizif OD`` finds ``Sizif OOD``.
    """
    keys = _latin_keys(latin_variants(word), phonetic_key, surname_form, patronymic_form)
    if keys:
        keys.extend(LEGAL_KEY + form for form in sorted(legal_forms(word)))
    return tuple(keys)


def _joined_keys(first: str, second: str) -> list[str]:
    """The keys of two normalised words written as one, but for a legal form's class: each
    Latin spelling of the one word joined to each of the other, keyed as one word.

    The same keys as ``word_keys`` of the joined word for the Latin and Cyrillic scripts,
    whose Latin spellings are letter by letter; better for Arabic, whose joined word has no
    attested spellings of its own (``عبد الجبار`` gives ``abdulalibar``, not the
    transliterated ``bdalibar``). And a joined word leaves nothing in the caches of
    single words: each row of a customer file is a new pair, which would fill them.
    """
    latins = [a + b for a in latin_variants(first) for b in latin_variants(second)]
    return _latin_keys(latins, _PHONETIC_KEY, _SURNAME_FORM, _PATRONYMIC_FORM)


def _latin_keys(
    latins: Iterable[str],
    key_of: Callable[[str], str],
    surname: Callable[[str], tuple[str, object]],
    patronymic: Callable[[str], tuple[str, object]],
) -> list[str]:
    """The keys of Latin spellings, each piece's key and its gender-free stems, in order."""
    keys: list[str] = []
    for latin in latins:
        for piece in latin.split():
            if len(piece) < 2 or piece in PARTICLES:
                continue
            key = key_of(piece)
            for form in (key, surname(key)[0], patronymic(key)[0]):
                if form not in keys:
                    keys.append(form)
    return keys


@lru_cache(maxsize=262144)
def name_words(name: str) -> tuple[tuple[str, ...], ...]:
    """The keyed words of a name, in order: one tuple of keys per word that has any.

    An honorific (Haji, Sheikh, Hafiz) is left out where the matcher tags it as one
    (``names.parts``): before the last word, with at least two other words left. In
    ``Mullah Omar`` or ``Muhammad Saeed`` it is a name word, as for the matcher
    (``Saeed`` and ``Amir`` key as the honorifics ``Sayed`` and ``Amir``).
    """
    return tuple(keys for _p, keys in _kept_words(normalize_name(name).split()))


@lru_cache(maxsize=65536)
def word_joins(name: str) -> tuple[tuple[str, ...], ...]:
    """Per word of ``name_words``, the keys of it written as one with the word before it and
    with the word after it: with its neighbours in the text, particles included
    (``Abu Bakr`` ~ ``Abubakr``, ``bin Laden`` ~ ``Binladen``), and with the name words
    next to it (``Aziz al Jafari`` ~ ``Azizjafari``).

    A key is spelt by its whole word, so it is not always the two keys end to end
    (``Abduljabbar`` keys as ``abdulabar``, not ``abdul`` + ``Jabar``: the J of a word's
    start is not the j inside one). The index keys each name's words joined so (a query's
    ``AzizJafari`` finds a listed ``Aziz Jafari``), and a query looks its own up (a
    query's ``Abdul Jabbar`` finds a listed ``Abduljabbar``).
    """
    words = normalize_name(name).split()
    kept = [p for p, _keys in _kept_words(words)]
    joined: dict[tuple[str, str], list[str]] = {}
    found: list[tuple[str, ...]] = []
    last = len(words) - 1
    for k, p in enumerate(kept):
        # in text order: the name word before (past a particle), the word before, after,
        # and the name word after (past a particle)
        pairs = []
        if k > 0 and kept[k - 1] != p - 1:
            pairs.append((words[kept[k - 1]], words[p]))
        if p > 0:
            pairs.append((words[p - 1], words[p]))
        if p < last:
            pairs.append((words[p], words[p + 1]))
        if k + 1 < len(kept) and kept[k + 1] != p + 1:
            pairs.append((words[p], words[kept[k + 1]]))
        keys: list[str] = []
        for pair in pairs:
            spelt = joined.get(pair)
            if spelt is None:
                spelt = joined[pair] = _joined_keys(*pair)
            keys.extend(key for key in spelt if key not in keys)
        found.append(tuple(keys))
    return tuple(found)


def spelt_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    """A word's keys that spell it, without its legal-form class key (never joined)."""
    return tuple(key for key in keys if not key.startswith(LEGAL_KEY))


def _kept_words(words: list[str]) -> list[tuple[int, tuple[str, ...]]]:
    """The positions of the normalised words that ``name_words`` keeps, with their keys."""
    keyed = [(p, keys) for p, w in enumerate(words) if (keys := word_keys(w))]
    remaining = len(keyed)
    kept: list[tuple[int, tuple[str, ...]]] = []
    for i, (p, keys) in enumerate(keyed):
        if i < len(keyed) - 1 and remaining > 2 and _is_honorific(words[p]):
            remaining -= 1
            continue
        kept.append((p, keys))
    return kept


def _is_honorific(word: str) -> bool:
    """Whether a normalised word's first Latin spelling is an honorific, as the matcher reads it."""
    variants = latin_variants(word)
    return bool(variants) and is_honorific(variants[0])


def name_size(name: str, words: int, *, person: bool) -> int:
    """How many of a name's ``words`` must be found for the name to be found whole.

    The words of an organisation's legal form (``Joint-stock Commercial Bank``, ``LLC``,
    as the matcher tags them from rigour's org types) do not count: the matcher does
    not hold them against a name that leaves them out (``Novikombank``).
    """
    if person:
        return words
    legal = sum(1 for part in analyze_name(name, person=False).parts if part.role is LEGAL)
    return max(1, words - legal)


def deletions(key: str) -> set[str]:
    """The key and every form of it with one letter deleted (keys of 4+ letters).

    Two keys within one edit of each other share at least one of these forms.
    """
    if len(key) < 4:
        return {key}
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def skeleton(key: str) -> str | None:
    """The consonants of a key, if at least two: what Arabic script writes of a name."""
    found = consonant_key(key)
    return found if len(found) >= 2 else None


def referent_members(referents: Iterable[str]) -> list[str]:
    """The listing members behind an entry's member records (``MEMBER:NATIVE_ID``), sorted:
    its ``datasets``, as yente calls them."""
    return sorted({r.split(":", 1)[0] for r in referents if ":" in r})


def entity_names(entity: EntityProxy) -> list[str]:
    """Every name of an entity that matching reads, plus a full name built from stated parts."""
    present = {prop.name for prop in entity.iterprops()}  # a query holds a few properties
    names: list[str] = []
    for prop, _trust in NAME_PROPERTIES:
        if prop in present:
            names.extend(v for v in entity.get(prop) if v not in names)
    if entity.schema.is_a("Person"):
        parts = [v for p in _NAME_PART_ORDER if p in present for v in entity.get(p)[:1]]
        stated = " ".join(parts)
        if len(parts) >= 2 and stated not in names:
            names.append(stated)
    return names


def clean_identifier(value: str) -> str | None:
    """Upper-case alphanumeric form of a document number; None below four characters."""
    found = _NOT_ID.sub("", value.upper())
    return found if len(found) >= 4 else None


def entity_identifiers(entity: EntityProxy) -> set[str]:
    """Cleaned identifiers of an entity (passport, national ID, registration numbers…)."""
    found: set[str] = set()
    for prop in entity.iterprops():  # the few it holds, not every kind it could
        if prop.name in _ID_NAMES:
            for value in entity.get(prop.name):
                if cleaned := clean_identifier(value):
                    found.add(cleaned)
    return found

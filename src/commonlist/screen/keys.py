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
from collections.abc import Iterable
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
_NAME_PART_ORDER = ("firstName", "secondName", "middleName", "fatherName", "patronymic", "lastName")
_NOT_ID = re.compile(r"[^0-9A-Z]")
#: Starts the key of a legal-form class (``#llc``): no phonetic key has it.
LEGAL_KEY = "#"


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
    keys: list[str] = []
    for latin in latin_variants(word):
        for piece in latin.split():
            if len(piece) < 2 or piece in PARTICLES:
                continue
            key = phonetic_key(piece)
            for form in (key, surname_form(key)[0], patronymic_form(key)[0]):
                if form not in keys:
                    keys.append(form)
    if keys:
        keys.extend(LEGAL_KEY + form for form in sorted(legal_forms(word)))
    return tuple(keys)


@lru_cache(maxsize=262144)
def name_words(name: str) -> tuple[tuple[str, ...], ...]:
    """The keyed words of a name, in order: one tuple of keys per word that has any.

    An honorific (Haji, Sheikh, Hafiz) is left out where the matcher tags it as one
    (``names.parts``): before the last word, with at least two other words left. In
    ``Mullah Omar`` or ``Muhammad Saeed`` it is a name word, as for the matcher
    (``Saeed`` and ``Amir`` key as the honorifics ``Sayed`` and ``Amir``).
    """
    return tuple(keys for _word, keys in _kept_words(name))


def joined_word_keys(name: str) -> tuple[tuple[str, ...], ...]:
    """Per two words next to each other in a name (of those ``name_words`` keeps), the keys
    of the two written as one word: what a query that joins them (``AzizJafari`` for
    ``Aziz Jafari``) has as its key. A key is spelt by its whole word, so it is not always
    the two keys end to end (``azizafari``, not ``aziz`` + ``Jafari``)."""
    words = [word for word, _keys in _kept_words(name)]
    # not through word_keys' cache, which pairs met once would crowd out
    keyed = word_keys.__wrapped__
    return tuple(spelt_keys(keyed(a + b)) for a, b in zip(words, words[1:], strict=False))


def spelt_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    """A word's keys that spell it, without its legal-form class key (never joined)."""
    return tuple(key for key in keys if not key.startswith(LEGAL_KEY))


def _kept_words(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """The normalised words of a name that ``name_words`` keeps, with their keys."""
    words = [(w, keys) for w in normalize_name(name).split() if (keys := word_keys(w))]
    remaining = len(words)
    kept: list[tuple[str, tuple[str, ...]]] = []
    for i, (word, keys) in enumerate(words):
        if i < len(words) - 1 and remaining > 2 and _is_honorific(word):
            remaining -= 1
            continue
        kept.append((word, keys))
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
    names: list[str] = []
    for prop, _trust in NAME_PROPERTIES:
        if prop in entity.schema.properties:
            names.extend(v for v in entity.get(prop, quiet=True) if v not in names)
    if entity.schema.is_a("Person"):
        parts = [
            v
            for p in _NAME_PART_ORDER
            if p in entity.schema.properties
            for v in entity.get(p, quiet=True)[:1]
        ]
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
    for prop in ID_PROPERTIES:
        if prop in entity.schema.properties:
            for value in entity.get(prop, quiet=True):
                if cleaned := clean_identifier(value):
                    found.add(cleaned)
    return found

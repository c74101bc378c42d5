"""Name-part roles and the rules that assign them to the words of one person name.

Lists rarely say which word is the surname. The rules, in order of trust: what
the record states (firstName/lastName/fatherName properties); list conventions
(``SURNAME, Given``, an upper-case surname in a mixed-case name); morphology
(Slavic and Turkic patronymic endings, Arabic ``bin``/``ibn`` before a father's name,
``-ov``/``-ova``/``-zoda`` surnames); position relative to a found patronymic
(Russian ``Surname Given Patronymic`` vs ``Given Patronymic Surname``).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from commonlist.names.gender import PATRONYMIC_MARKERS, Gender, patronymic_form, surname_form
from commonlist.names.honorifics import is_honorific


class PartRole(str, Enum):
    """What a word of a name is."""

    GIVEN = "given"
    PATRONYMIC = "patronymic"
    SURNAME = "surname"
    UNKNOWN = "unknown"  # a name word whose role no rule decided
    PARTICLE = "particle"  # al-, ad-, bin, ibn, abu, van, de…
    KUNYA = "kunya"  # the name after abu/umm: "Abu Usama" is the father of an Usama
    HONORIFIC = "honorific"  # Haji, Mullah, Sheikh, Dr…
    LEGAL = "legal"  # an organisation's legal form
    GENERIC = "generic"  # an organisation's generic word: bank, company, international
    INITIAL = "initial"
    NUMBER = "number"


# ``PartRole.X`` is looked up through ``EnumType.__getattr__`` on Python 3.11, about
# ten times slower than a module global; code that runs per word reads these.
GIVEN = PartRole.GIVEN
PATRONYMIC = PartRole.PATRONYMIC
SURNAME = PartRole.SURNAME
UNKNOWN = PartRole.UNKNOWN
PARTICLE = PartRole.PARTICLE
KUNYA = PartRole.KUNYA
HONORIFIC = PartRole.HONORIFIC
LEGAL = PartRole.LEGAL
GENERIC = PartRole.GENERIC
INITIAL = PartRole.INITIAL
NUMBER = PartRole.NUMBER


#: Each role's position in ``PartRole``: ``NamePart.role_at``, by which per-role tables
#: are read as arrays (``matching.compare.names``).
ROLE_AT = {role: i for i, role in enumerate(PartRole)}

#: Roles that carry the identity of a name.
CORE_ROLES = frozenset(
    {GIVEN, PATRONYMIC, SURNAME, UNKNOWN, INITIAL,
     NUMBER, GENERIC, KUNYA}
)  # fmt: skip

#: Words that join or prefix Arabic, Persian, Turkic and European names.
PARTICLES = frozenset(
    {"al", "el", "ad", "ed", "ar", "as", "ash", "at", "az", "an", "ul", "ud", "ur", "us",
     "un", "bin", "ibn", "ben", "bint", "binti", "bn", "abu", "abou", "abo", "umm", "um",
     "ould", "ag", "de", "la", "le", "van", "von", "der", "den", "da", "di", "du", "dos",
     "das", "del", "y", "bte", "wa", "va", "and"}
)  # fmt: skip
#: Particles that make the next word a kunya ("father/mother of …"), not the person's own name.
_KUNYA_PREFIXES = frozenset({"abu", "abou", "abo", "umm", "um"})
#: How a kunya starts when it is written as one word with its name (Abubakar, Abolqasem).
JOINED_KUNYA = ("abu", "abo", "abi", "umm", "um")
#: Roles a word after abu/umm may have before it is read as a kunya (stated or none yet).
_KUNYA_ROLES = frozenset({None, GIVEN, SURNAME, UNKNOWN})
_FATHER_PREFIXES = frozenset({"bin", "ibn", "ben", "bint", "binti", "bn", "ould", "bte"})
_SURNAME_SUFFIXES = (
    "ov", "ova", "ev", "eva", "ski", "ska", "enko", "ian", "dze", "shvili", "zoda", "zade",
    "zada", "ic", "uk", "chuk",
)  # fmt: skip


class Word(NamedTuple):
    """One word of a name before tagging (a named tuple: built and hashed per name)."""

    form: str  # normalised, own script
    latin: str  # preferred ASCII spelling
    key: str  # phonetic key of ``latin``
    upper: bool = False  # written in capitals inside a mixed-case name
    before_comma: bool = False  # stands before the comma of ``SURNAME, Given``
    role: PartRole | None = None  # role already known (record property, legal form)


def assign_roles(words: Sequence[Word], *, person: bool) -> list[tuple[PartRole, Gender | None]]:
    """Give each word of a name its role and, for surnames and patronymics, its gender.

    Args:
        words: the words of one name, in written order.
        person: whether the name is a person's (organisation names get only
            particle, legal and number roles from here).

    Returns:
        One ``(role, gender)`` per word, in order.
    """
    roles: list[PartRole | None] = [w.role for w in words]
    for i, w in enumerate(words):
        if roles[i] is not None:
            continue
        if w.latin.isdigit():
            roles[i] = NUMBER
        elif w.latin in PARTICLES:
            roles[i] = PARTICLE
        elif person and len(w.latin) == 1 and len(w.form) == 1:
            roles[i] = INITIAL  # one letter written, not a short word spelt as one
    if roles.count(PARTICLE) == len(roles):
        # A name of particle words only ("Al", "Ar Ad") has nothing else to be.
        roles = [None] * len(words)
    if not person:
        return [(r or UNKNOWN, None) for r in roles]
    _tag_kunyas(words, roles)
    _tag_honorifics(words, roles)
    genders: list[Gender | None] = [None] * len(words)
    _tag_patronymics(words, roles, genders)
    _tag_surnames(words, roles)
    core = [i for i, r in enumerate(roles) if r is None]
    if SURNAME in roles and core:
        roles[core[0]] = GIVEN
    out: list[tuple[PartRole, Gender | None]] = []
    for i, w in enumerate(words):
        role = roles[i] or UNKNOWN
        gender = genders[i]
        if role in (SURNAME, UNKNOWN):
            gender = surname_form(w.key)[1]
            if role is UNKNOWN and w.key.endswith(("in", "ina")):
                gender = None
        elif role is PATRONYMIC and gender is None:
            gender = patronymic_form(w.key)[1]
        out.append((role, gender))
    return out


def spelling_flags(spelling: tuple[str, str]) -> tuple[object, ...]:
    """Everything ``assign_roles`` reads of a word's ``(latin, key)``.

    Two names whose words agree in these flags, stated roles and written hints get the
    same roles and genders, so roles can be cached by that shape (any new test of a
    word's spelling in the rules below must be added here).

    Args:
        spelling: a word's latin spelling and its phonetic key.

    Returns:
        A tuple of booleans and genders.
    """
    latin, key = spelling
    return (
        latin.isdigit(),
        latin in PARTICLES,
        len(latin) == 1,
        is_honorific(latin),
        latin in _FATHER_PREFIXES,
        latin in _KUNYA_PREFIXES,
        PATRONYMIC_MARKERS.get(key),
        patronymic_form(key)[1],
        surname_form(key)[1],
        key.endswith(("in", "ina")),
        key.endswith(_SURNAME_SUFFIXES),
    )


def _tag_kunyas(words: Sequence[Word], roles: list[PartRole | None]) -> None:
    """The name after abu/umm is a kunya, also when a list states it as a given name or
    surname ("Abu" / "Bakr") or writes it surname first ("Bakr, Abu")."""
    prefixes = [
        i for i, w in enumerate(words) if roles[i] is PARTICLE and w.latin in _KUNYA_PREFIXES
    ]
    if not prefixes:
        return
    named = [i for i, r in enumerate(roles) if r is not PARTICLE]
    if len(named) == 1:
        if roles[named[0]] in _KUNYA_ROLES:
            roles[named[0]] = KUNYA
        return
    for i in prefixes:
        j = next((k for k in range(i + 1, len(words)) if roles[k] is not PARTICLE), None)
        if j is not None and roles[j] in _KUNYA_ROLES:
            roles[j] = KUNYA


def _tag_honorifics(words: Sequence[Word], roles: list[PartRole | None]) -> None:
    # An honorific is never the last word, and at least two name words must remain:
    # in "Amir Khan" or "Mullah Omar" the first word is kept as a name.
    open_idx = [i for i, r in enumerate(roles) if r is None]
    remaining = len(open_idx)
    for i in open_idx[:-1]:
        if remaining > 2 and is_honorific(words[i].latin):
            roles[i] = HONORIFIC
            remaining -= 1


def _tag_patronymics(
    words: Sequence[Word], roles: list[PartRole | None], genders: list[Gender | None]
) -> None:
    for i, w in enumerate(words):
        if roles[i] is PATRONYMIC:
            genders[i] = patronymic_form(w.key)[1]
            continue
        if roles[i] is not None and roles[i] is not PARTICLE:
            continue
        if w.latin in _FATHER_PREFIXES:
            nxt = _next_open(roles, i)
            if nxt is not None:
                roles[nxt] = PATRONYMIC
        elif roles[i] is None and w.key in PATRONYMIC_MARKERS and i > 0:
            roles[i] = PARTICLE
            if roles[i - 1] is None:
                roles[i - 1] = PATRONYMIC
                genders[i - 1] = PATRONYMIC_MARKERS[w.key]
        elif roles[i] is None and i > 0:
            _, gender = patronymic_form(w.key)
            if gender is not None:
                roles[i] = PATRONYMIC
                genders[i] = gender


def _next_open(roles: Sequence[PartRole | None], i: int) -> int | None:
    for j in range(i + 1, len(roles)):
        if roles[j] is None:
            return j
        if roles[j] is not PARTICLE:
            return None
    return None


def _tag_surnames(words: Sequence[Word], roles: list[PartRole | None]) -> None:
    if SURNAME in roles:
        return
    open_idx = [i for i, r in enumerate(roles) if r is None]
    if len(open_idx) < 2:
        return
    marked = [i for i in open_idx if words[i].before_comma] or [
        i for i in open_idx if words[i].upper
    ]
    if marked and len(marked) < len(open_idx):
        for i in marked:
            roles[i] = SURNAME
        return
    patronymics = [i for i, r in enumerate(roles) if r is PATRONYMIC]
    if patronymics:
        # Russian order: "Surname Given Patronymic" or "Given Patronymic Surname".
        if open_idx[-1] > patronymics[-1]:
            roles[open_idx[-1]] = SURNAME
        elif len(open_idx) >= 2:
            roles[open_idx[0]] = SURNAME
        return
    by_suffix = [i for i in open_idx if words[i].key.endswith(_SURNAME_SUFFIXES)]
    if len(by_suffix) == 1:
        roles[by_suffix[0]] = SURNAME

"""One name string → its tagged, transliterated parts, computed once and cached.

This is the per-name work of matching (script, tokens, transliteration, phonetic
keys, roles, Wikidata name-group symbols); the comparison itself then only reads
these frozen objects. A word's spellings, keys and groups and each tagged part are
cached on their own, so a new name made of known words costs a few dictionary
look-ups; the words and roles of a name are not (they rarely recur without the
name, and every cached object is one more for the garbage collector to visit).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import count, repeat
from typing import Any

from rigour._core import person_name_prefixes_list
from rigour.names import NamePartTag, NameTypeTag, SymbolCategory, analyze_names
from rigour.names.prefix import remove_person_prefixes

from commonlist.names.gender import Gender, patronymic_form, surname_form
from commonlist.names.groups import person_name_groups
from commonlist.names.memo import EMPTY, memo, raise_collector_threshold
from commonlist.names.normalize import normalize_name, normalize_word
from commonlist.names.orgtypes import compare_form, legal_forms
from commonlist.names.parts import (
    CORE_ROLES,
    GENERIC,
    GIVEN,
    LEGAL,
    PARTICLE,
    PARTICLES,
    PATRONYMIC,
    ROLE_AT,
    SURNAME,
    UNKNOWN,
    PartRole,
    Word,
    assign_roles,
    spelling_flags,
)
from commonlist.names.script import detect_script
from commonlist.names.translit import consonant_key, latin_variants, load_transforms, phonetic_key

_GENERIC_CATEGORIES = (SymbolCategory.SYMBOL, SymbolCategory.DOMAIN, SymbolCategory.LOCATION)


class NamePart:
    """One word of an analysed name.

    Parts are made once per (word, role, gender, groups) and shared; ``serial``
    numbers them, so no two parts are equal, and keys the caches of part pairs with
    integers, which the garbage collector never has to look into. Compiled, this is
    an extension type (``analysis.pxd``): the aligner reads its fields as C struct
    members instead of through the interpreter's attribute look-up. Equality, hash,
    ``_replace`` and ``_make`` behave as the named tuple's that it replaces.
    """

    def __init__(
        self,
        form: str,  # normalised word in its own script
        latin: str,  # preferred lower-case ASCII spelling
        keys: tuple[str, ...],  # phonetic keys of all attested spellings, preferred first
        key: str,  # phonetic key of the preferred spelling (``keys[0]``)
        stem: str,  # key without gender inflection (rahmonova → rahmonov)
        role: PartRole,
        gender: Gender | None,
        symbols: frozenset[str],  # rigour name-group ids (Wikidata QIDs) of this word
        serial: int,  # unique among all parts made in this process
        ends: tuple[tuple[str, str], ...],  # (first letter, last letter) of each key
        #: two-consonant windows of each key and the name-group symbols (see AnalyzedName)
        blocks: tuple[str, ...],
    ) -> None:
        self.form = form
        self.latin = latin
        self.keys = keys
        self.key = key
        self.stem = stem
        self.role = role
        self.gender = gender
        self.symbols = symbols
        self.serial = serial
        self.ends = ends
        self.blocks = blocks
        #: the length of its longest key: the aligner's bound on the words it can be
        #: written as one with (``matching.compare.names``), read per pair of names
        self.longest = max([len(k) for k in keys], default=len(key))
        #: its role's position in ``PartRole`` (``parts.ROLE_AT``): the aligner reads its
        #: weights by role from arrays, per pair of names
        self.role_at = ROLE_AT[role]

    def _values(self) -> tuple[Any, ...]:
        return (self.form, self.latin, self.keys, self.key, self.stem, self.role,
                self.gender, self.symbols, self.serial, self.ends, self.blocks)  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NamePart):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = ", ".join(f"{n}={v!r}" for n, v in zip(_PART_FIELDS, self._values(), strict=True))
        return f"NamePart({values})"

    def __reduce__(self) -> tuple[Any, ...]:
        # A serial is only unique within the process that made the part: a part sent
        # from another process (a forked worker's result) is numbered again on arrival,
        # or its cached pair scores would be those of another part with its number.
        return (_revive_part, (self._values(),))

    def _replace(self, **changes: Any) -> NamePart:
        """A copy with some fields changed, as a named tuple's ``_replace``."""
        fields = dict(zip(_PART_FIELDS, self._values(), strict=True))
        fields.update(changes)
        return NamePart(**fields)

    @staticmethod
    def _make(fields: Iterable[Any]) -> NamePart:
        """A part of field values in order, as a named tuple's ``_make``."""
        return NamePart(*fields)


_PART_FIELDS = ("form", "latin", "keys", "key", "stem", "role", "gender", "symbols", "serial",
                "ends", "blocks")  # fmt: skip


class AnalyzedName:
    """A name with its parts tagged and transliterated.

    Compiled, an extension type (``analysis.pxd``), as ``NamePart`` is: the aligner reads
    a name's fields once or more per pair of names it compares, as struct members rather
    than through a named tuple's descriptors. Equality, hash and pickling are by value,
    as the named tuple's were.
    """

    def __init__(
        self,
        original: str,
        person: bool,
        parts: tuple[NamePart, ...],
        #: cheap keys two names must share to be worth aligning: two-consonant windows
        #: of each part and its name-group symbols
        blocks: frozenset[str],
        #: the parts without particles (al-, bin, van): the words a name is compared by;
        #: ``parts`` itself when there are none
        words: tuple[NamePart, ...],
    ) -> None:
        self.original = original
        self.person = person
        self.parts = parts
        self.blocks = blocks
        self.words = words
        #: ``blocks`` as this process numbers them, sorted: two names' shared blocks
        #: are counted by one merge of two short tuples (``compare.names``), not by
        #: set look-ups. Derived, so numbered again in a process that unpickles it.
        self.block_ids = _block_ids(blocks)

    def _values(self) -> tuple[Any, ...]:
        return (self.original, self.person, self.parts, self.blocks, self.words)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AnalyzedName):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"AnalyzedName(original={self.original!r}, person={self.person!r}, parts={self.parts!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (AnalyzedName, self._values())

    @property
    def script(self) -> str:
        """The script the name is written in (``detect_script``)."""
        return detect_script(self.original)

    @property
    def legal_forms(self) -> frozenset[str]:
        """Generic legal-form classes an organisation name carries (none for persons)."""
        return EMPTY if self.person else legal_forms(self.original)

    @property
    def core(self) -> tuple[NamePart, ...]:
        """The parts that carry identity (no particles, honorifics, legal forms)."""
        return tuple(p for p in self.parts if p.role in CORE_ROLES)

    @property
    def latin(self) -> str:
        """The whole name in lower-case ASCII."""
        return " ".join(p.latin for p in self.parts)


def analyze_name(
    text: str,
    *,
    person: bool,
    surnames: frozenset[str] = EMPTY,
    given: frozenset[str] = EMPTY,
    patronymics: frozenset[str] = EMPTY,
) -> AnalyzedName:
    """Analyse one name of a person or organisation.

    Person names are analysed word by word (each word's spellings, keys and name
    groups are cached), organisation names through rigour's organisation tagger
    (legal forms and generic words can span several words).

    Args:
        text: the name as written.
        person: True for persons, False for organisations and other entities.
        surnames: normalised words the record states to be surnames (lastName).
        given: normalised words the record states to be given names (firstName).
        patronymics: normalised words the record states to be patronymics.

    Returns:
        The analysed name; ``parts`` is empty if the text has no letters or digits.
    """
    return _analyze(text, person, surnames, given, patronymics)


@memo(131072)
def _analyze(
    text: str,
    person: bool,
    surnames: frozenset[str],
    given: frozenset[str],
    patronymics: frozenset[str],
) -> AnalyzedName:
    _warm_up()
    words, symbols = _words(text, person)
    stated: tuple[PartRole | None, ...] = ()
    if surnames or given or patronymics:
        by_word = {w: GIVEN for w in given}
        by_word.update({w: PATRONYMIC for w in patronymics})
        by_word.update({w: SURNAME for w in surnames})
        stated = tuple([by_word.get(w.form) for w in words])
    roles = _roles(words, stated, person)
    parts = tuple(
        map(
            _part,
            [
                (w.form, role, gender, syms)
                for w, syms, (role, gender) in zip(words, symbols, roles, strict=True)
            ],
        )
    )
    blocks = EMPTY.union(*[part.blocks for part in parts])
    compared = parts
    if any([part.role is PARTICLE for part in parts]):
        compared = tuple([part for part in parts if part.role is not PARTICLE])
    return AnalyzedName(text, person, parts, blocks, compared)


@cache
def _warm_up() -> None:
    """With the first name: load the reference tables, then raise the collector threshold."""
    load_transforms()
    raise_collector_threshold()


#: One word of a name: normalised form, name-group symbols, role known from tagging.
_Token = tuple[str, frozenset[str], PartRole | None]


def _words(text: str, person: bool) -> tuple[tuple[Word, ...], tuple[frozenset[str], ...]]:
    """The words of a name with what its writing says, before stated roles apply."""
    tokens: Iterable[_Token]
    if person:
        forms = _person_forms(text)
        tokens = zip(forms, person_name_groups(forms), repeat(None))
    else:
        tokens = _org_tokens(text)
    before_comma, upper = _written_hints(text)
    words: list[Word] = []
    symbols: list[frozenset[str]] = []
    for form, syms, role in tokens:
        variants = latin_variants(form)
        if not variants:
            continue
        latin = variants[0]
        words.append(
            _new_tuple(
                Word, (form, latin, phonetic_key(latin), form in upper, form in before_comma, role)
            )
        )
        symbols.append(syms)
    return tuple(words), tuple(symbols)


#: A named tuple's own ``__new__`` is a Python function (a frame per call, thousands of
#: instructions); this builds the same tuple in C.
_new_tuple = tuple.__new__


def _person_forms(text: str) -> list[str]:
    """The normalised words of a person name, without a leading title (rigour's list)."""
    words = normalize_name(text).split()
    if words and words[0] in _prefix_words():
        words = normalize_name(remove_person_prefixes(text)).split()
    return words


def _org_tokens(text: str) -> list[_Token]:
    rnames = analyze_names(NameTypeTag.ORG, [text], phonetics=False, consolidate=False)
    tokens: list[_Token] = []
    for rname in rnames:
        span_syms: dict[int, set[str]] = {}
        generic: set[int] = set()
        for span in rname.spans:
            for part in span.parts:
                if span.symbol.category in _GENERIC_CATEGORIES:
                    generic.add(part.index)
                span_syms.setdefault(part.index, set()).add(span.symbol.id)
        for part in rname.parts:
            role: PartRole | None = None
            if part.tag is NamePartTag.LEGAL:
                role = LEGAL
            elif part.index in generic:
                role = GENERIC
            tokens.append((part.form, frozenset(span_syms.get(part.index, ())), role))
    return tokens


@cache
def _prefix_words() -> frozenset[str]:
    """First words of the titles rigour strips from the head of a person name."""
    return frozenset(normalize_name(p).partition(" ")[0] for p in person_name_prefixes_list())


def _roles(
    words: tuple[Word, ...], stated: tuple[PartRole | None, ...], person: bool
) -> tuple[tuple[PartRole, Gender | None], ...]:
    """Roles of a name's words; ``stated`` gives each word's role from the record, if any."""
    if any(stated):
        # A stated lastName "al-Houthi" names the surname, not the particle.
        words = tuple(
            [
                Word(w.form, w.latin, w.key, w.upper, w.before_comma, role)
                if role is not None and w.role is None and w.latin not in PARTICLES
                else w
                for w, role in zip(words, stated, strict=True)
            ]
        )
    shape = (
        person,
        *[(_flag_id(w.latin), len(w.form) == 1, w.role, w.upper, w.before_comma) for w in words],
    )
    found = _roles_by_shape.get(shape)
    if found is None:
        found = tuple(
            [_role_genders.setdefault(rg, rg) for rg in assign_roles(words, person=person)]
        )
        if len(_roles_by_shape) >= _MAX_SHAPES:
            _roles_by_shape.clear()
        _roles_by_shape[shape] = found
    return found


#: Roles and genders by name shape: per word, its spelling flags (as a small integer),
#: whether it is written as one letter (an initial), stated role and written hints.
#: Shapes repeat far more than names.
_roles_by_shape: dict[tuple[object, ...], tuple[tuple[PartRole, Gender | None], ...]] = {}
_MAX_SHAPES = 65536
#: One shared tuple per (role, gender) pair: a few dozen, however many shapes.
_role_genders: dict[tuple[PartRole, Gender | None], tuple[PartRole, Gender | None]] = {}
#: Distinct spelling flags, numbered in order of first sight.
_flag_numbers: dict[tuple[object, ...], int] = {}


@memo(262144)
def _flag_id(latin: str) -> int:
    """The number of a word's spelling flags; by its latin spelling alone (a word's key is
    ``phonetic_key(latin)``), so the cache holds no tuple per word."""
    return _flag_numbers.setdefault(
        spelling_flags((latin, phonetic_key(latin))), len(_flag_numbers)
    )


#: What makes a part: its word's form, role, gender and name-group symbols.
_PartSpec = tuple[str, PartRole, Gender | None, frozenset[str]]


@memo(262144)
def _part(spec: _PartSpec) -> NamePart:
    """The shared part of a spec; a one-argument cache, so a part met before costs one
    dictionary look-up in C."""
    form, role, gender, symbols = spec
    variants = latin_variants(form)
    if len(variants) == 1:  # all but attested Arabic spellings: no duplicates to drop
        key = phonetic_key(variants[0])
        # Shared tuples where the values allow: fewer objects for the collector to visit.
        keys: tuple[str, ...] = variants if key == variants[0] else (key,)
        ends: tuple[tuple[str, str], ...] = _single_ends(key[:1] + key[-1:])
    else:
        keys = tuple(dict.fromkeys(phonetic_key(v) for v in variants))
        ends = tuple(dict.fromkeys((k[:1], k[-1:]) for k in keys))
    return NamePart(
        form,
        variants[0],
        keys,
        keys[0],
        _stem(keys[0], role),
        role,
        gender,
        symbols,
        next(_serials),
        ends,
        _blocks(keys, symbols),
    )


_serials = count()


@memo(65536)
def _single_ends(first_last: str) -> tuple[tuple[str, str], ...]:
    """``ends`` of a part with one key, shared by every part whose key starts and ends alike.

    Args:
        first_last: the key's first and last letter (one letter twice for a one-letter key).
    """
    return ((first_last[:1], first_last[1:]),)


def _revive_part(fields: tuple[Any, ...]) -> NamePart:
    """A part received from another process, with a serial of this process."""
    return NamePart._make(fields)._replace(serial=next(_serials))


#: Every block met in this process, numbered in order of meeting. Blocks are two-letter
#: consonant windows and rigour's name-group symbols: a bounded set.
_BLOCK_NUMBERS: dict[str, int] = {}
_block_counter = count()


def _block_ids(blocks: frozenset[str]) -> tuple[int, ...]:
    """The numbers of blocks in this process, sorted."""
    numbers = _BLOCK_NUMBERS
    found = []
    for block in blocks:
        number = numbers.get(block)
        if number is None:
            # two threads numbering one block: both draw a number, the first stored wins
            number = numbers.setdefault(block, next(_block_counter))
        found.append(number)
    found.sort()
    return tuple(found)


def _blocks(keys: tuple[str, ...], symbols: frozenset[str]) -> tuple[str, ...]:
    """Two-consonant windows of every key of a part, and the part's name groups."""
    blocks = set(symbols)
    for key in keys:
        cons = consonant_key(key) or key
        if len(cons) > 2:
            blocks.add(cons[:2])
            blocks.add(cons[1:3])
        else:
            blocks.add(cons)
    return tuple(blocks)


def _stem(key: str, role: PartRole) -> str:
    if role is PATRONYMIC:
        return patronymic_form(key)[0]
    if role in (SURNAME, UNKNOWN):
        return surname_form(key)[0]
    return key


def _written_hints(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Words before a single comma, and words in capitals within a mixed-case name."""
    before: frozenset[str] = frozenset()
    if text.count(",") == 1:
        head, _, tail = text.partition(",")
        if head.strip() and tail.strip():
            before = frozenset(normalize_name(head).split())
    raw = text.replace(",", " ").replace("-", " ").split()
    caps = [w for w in raw if w.isupper() and len(w) > 1]
    if not caps or len(caps) == len(raw):
        return before, frozenset()
    mixed = any([not w.isupper() and any([c.isalpha() for c in w]) for w in raw])
    upper = frozenset([normalize_name(w) for w in caps]) if mixed else frozenset()
    return before, upper


def clear_caches() -> None:
    """Forget every cached analysis of a name or word; reference tables stay loaded.

    For benchmarks that time analysis from cold, and for tests.
    """
    for cached in (_analyze, _part, _single_ends, normalize_name,
                   normalize_word, latin_variants, phonetic_key, consonant_key,
                   surname_form, patronymic_form, _flag_id,
                   detect_script, legal_forms, compare_form):  # fmt: skip
        cached.cache_clear()
    _roles_by_shape.clear()

"""One name string → its tagged, transliterated parts, computed once and cached.

This is the per-name work of matching (script, tokens, transliteration, phonetic
keys, roles, Wikidata name-group symbols); the comparison itself then only reads
these frozen objects. Every step below the name (a word's spellings, keys and
groups; the roles of a word sequence; a tagged part) is cached on its own, so a
new name made of known words costs a few dictionary look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rigour.names import NamePartTag, NameTypeTag, SymbolCategory, analyze_names
from rigour.names.prefix import remove_person_prefixes

from commonlist.names.gender import Gender, patronymic_form, surname_form
from commonlist.names.groups import person_name_groups
from commonlist.names.normalize import normalize_name
from commonlist.names.orgtypes import legal_forms
from commonlist.names.parts import CORE_ROLES, PARTICLES, PartRole, Word, assign_roles
from commonlist.names.script import detect_script
from commonlist.names.translit import consonant_key, latin_variants, phonetic_key

_GENERIC_CATEGORIES = (SymbolCategory.SYMBOL, SymbolCategory.DOMAIN, SymbolCategory.LOCATION)


@dataclass(frozen=True, slots=True)
class NamePart:
    """One word of an analysed name."""

    form: str  # normalised word in its own script
    latin: str  # preferred lower-case ASCII spelling
    keys: tuple[str, ...]  # phonetic keys of all attested spellings, preferred first
    stem: str  # key without gender inflection (rahmonova → rahmonov)
    role: PartRole
    gender: Gender | None
    symbols: frozenset[str]  # rigour name-group ids (Wikidata QIDs) of this word

    @property
    def key(self) -> str:
        """Phonetic key of the preferred spelling."""
        return self.keys[0]


@dataclass(frozen=True, slots=True)
class AnalyzedName:
    """A name with its parts tagged and transliterated."""

    original: str
    script: str
    person: bool
    parts: tuple[NamePart, ...]
    legal_forms: frozenset[str]
    #: cheap keys two names must share to be worth aligning: two-consonant windows
    #: of each part and its name-group symbols
    blocks: frozenset[str]

    @property
    def core(self) -> tuple[NamePart, ...]:
        """The parts that carry identity (no particles, honorifics, legal forms)."""
        return tuple(p for p in self.parts if p.role in CORE_ROLES)

    @property
    def latin(self) -> str:
        """The whole name in lower-case ASCII."""
        return " ".join(p.latin for p in self.parts)


@lru_cache(maxsize=131072)
def analyze_name(
    text: str,
    *,
    person: bool,
    surnames: frozenset[str] = frozenset(),
    given: frozenset[str] = frozenset(),
    patronymics: frozenset[str] = frozenset(),
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
    tokens = _person_tokens(text) if person else _org_tokens(text)
    stated = {**{w: PartRole.GIVEN for w in given}, **{w: PartRole.PATRONYMIC for w in patronymics}}
    stated.update({w: PartRole.SURNAME for w in surnames})
    before_comma, upper = _written_hints(text)
    words: list[Word] = []
    symbols: list[frozenset[str]] = []
    for form, syms, tag in tokens:
        variants = latin_variants(form)
        if not variants:
            continue
        role = tag
        if role is None and variants[0] not in PARTICLES:
            # A stated lastName "al-Houthi" names the surname, not the particle.
            role = stated.get(form)
        words.append(
            Word(
                form=form,
                latin=variants[0],
                key=phonetic_key(variants[0]),
                upper=form in upper,
                before_comma=form in before_comma,
                role=role,
            )
        )
        symbols.append(syms)
    roles = _roles(tuple(words), person)
    parts = tuple(
        _part(word.form, role, gender, syms)
        for word, syms, (role, gender) in zip(words, symbols, roles, strict=True)
    )
    return AnalyzedName(
        original=text,
        script=detect_script(text),
        person=person,
        parts=parts,
        legal_forms=frozenset() if person else legal_forms(text),
        blocks=frozenset(b for p in parts for b in _blocks(p)),
    )


#: One word of a name: normalised form, name-group symbols, role known from tagging.
_Token = tuple[str, frozenset[str], PartRole | None]


def _person_tokens(text: str) -> list[_Token]:
    words = normalize_name(remove_person_prefixes(text)).split()
    return [(w, g, None) for w, g in zip(words, person_name_groups(words), strict=True)]


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
                role = PartRole.LEGAL
            elif part.index in generic:
                role = PartRole.GENERIC
            tokens.append((part.form, frozenset(span_syms.get(part.index, ())), role))
    return tokens


@lru_cache(maxsize=65536)
def _roles(words: tuple[Word, ...], person: bool) -> list[tuple[PartRole, Gender | None]]:
    return assign_roles(words, person=person)


@lru_cache(maxsize=262144)
def _part(form: str, role: PartRole, gender: Gender | None, symbols: frozenset[str]) -> NamePart:
    variants = latin_variants(form)
    keys = tuple(dict.fromkeys(phonetic_key(v) for v in variants))
    return NamePart(
        form=form,
        latin=variants[0],
        keys=keys,
        stem=_stem(keys[0], role),
        role=role,
        gender=gender,
        symbols=symbols,
    )


def _blocks(part: NamePart) -> frozenset[str]:
    return _key_blocks(part.keys, part.symbols)


@lru_cache(maxsize=262144)
def _key_blocks(keys: tuple[str, ...], symbols: frozenset[str]) -> frozenset[str]:
    blocks = set(symbols)
    for key in keys:
        cons = consonant_key(key) or key
        blocks.update((cons[:2], cons[1:3]) if len(cons) > 2 else (cons,))
    return frozenset(blocks)


def _stem(key: str, role: PartRole) -> str:
    if role is PartRole.PATRONYMIC:
        return patronymic_form(key)[0]
    if role in (PartRole.SURNAME, PartRole.UNKNOWN):
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
    mixed = [w for w in raw if not w.isupper() and any(c.isalpha() for c in w)]
    upper = frozenset(normalize_name(w) for w in caps) if caps and mixed else frozenset()
    return before, upper

"""A followthemoney entity prepared for comparison: names analysed, values cleaned, once."""

from __future__ import annotations

import re
from typing import NamedTuple

from followthemoney.proxy import EntityProxy

from commonlist.names.analysis import AnalyzedName, analyze_name
from commonlist.names.memo import EMPTY, memo
from commonlist.names.normalize import normalize_name
from commonlist.names.parts import KUNYA
from commonlist.names.translit import phonetic_key, to_latin

#: Name properties and how much a match on each can be trusted.
NAME_PROPERTIES: tuple[tuple[str, float], ...] = (
    ("name", 1.0),
    ("alias", 1.0),
    ("previousName", 1.0),
    ("weakAlias", 0.9),
)
#: The trust of a name that is only a kunya ("Abu Bakr"): a by-name, weaker than a weak alias.
KUNYA_TRUST = 0.8
_ID_PROPERTIES = ("passportNumber", "idNumber", "registrationNumber", "taxNumber", "innCode",
                  "ogrnCode", "vatCode", "leiCode", "imoNumber", "swiftBic")  # fmt: skip
_COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction")
_NOT_ID = re.compile(r"[^0-9A-Z]")
_STATED_ORDER = ("firstName", "secondName", "middleName", "fatherName", "patronymic", "lastName")


class PreparedRecord(NamedTuple):
    """Everything matching reads from one entity (a named tuple: see ``NamePart``)."""

    id: str
    schema: str
    person: bool
    names: tuple[tuple[AnalyzedName, float], ...]  # (name, trust)
    birth_dates: tuple[str, ...]  # ISO prefixes
    countries: frozenset[str]
    genders: frozenset[str]
    identifiers: frozenset[str]  # upper-case alphanumeric, at least 4 characters
    birth_places: frozenset[str]  # transliterated words of the birth place
    #: bit k set: the field at position k holds something (what matching checks before a
    #: feature that needs that evidence, for both records at once)
    evidence: int


def prepare(entity: EntityProxy) -> PreparedRecord:
    """Analyse an entity's names and clean its other evidence for matching.

    The analysis is cached by the entity's schema and the values of the properties
    matching reads (not by its id): a record compared against many others is
    analysed once, an edited record is analysed anew, and its id is never stale.
    Name analysis is also cached by name text, so a name shared by many records is
    analysed once. Stated name parts (lastName, firstName, fatherName) steer the
    tagging of every name of the record.

    Args:
        entity: a followthemoney entity (Person, Organization, LegalEntity…).

    Returns:
        The prepared record.
    """
    props = entity.properties
    content = tuple(sorted([(p, tuple(v)) for p, v in props.items() if p in _READ_PROPERTIES]))
    found = _prepare_content(entity.schema.name, entity.schema.is_a("Person"), content)
    # The cached record with this entity's id, built in C (a named tuple's own
    # ``__new__`` is a Python function).
    return _new_tuple(PreparedRecord, (entity.id or "", *found[1:]))


#: Properties whose values ``prepare`` reads: the cache key of a prepared record.
_READ_PROPERTIES = frozenset(
    {p for p, _ in NAME_PROPERTIES} | set(_ID_PROPERTIES) | set(_COUNTRY_PROPERTIES)
    | set(_STATED_ORDER) | {"lastName", "birthDate", "gender", "birthPlace"}
)  # fmt: skip


@memo(16384)
def _prepare_content(
    schema: str, person: bool, content: tuple[tuple[str, tuple[str, ...]], ...]
) -> PreparedRecord:
    props = dict(content)
    surnames = _words(props, "lastName") if person else EMPTY
    given = _words(props, "firstName") if person else EMPTY
    patronymics = (
        (_words(props, "fatherName") | _words(props, "patronymic")) or EMPTY if person else EMPTY
    )
    named = [(value, trust) for prop, trust in NAME_PROPERTIES for value in props.get(prop, ())]
    if person and (stated := _stated_name(props)):
        named.append((stated, 1.0))
    names: dict[object, tuple[AnalyzedName, float]] = {}
    for value, trust in named:
        analyzed = analyze_name(
            value, person=person, surnames=surnames, given=given, patronymics=patronymics
        )
        if analyzed.parts:
            if analyzed.words and all(p.role is KUNYA for p in analyzed.words):
                trust = min(trust, KUNYA_TRUST)  # "Abu Bakr" alone: many men are called so
            # Aliases that differ only in case, punctuation or script spelling align alike.
            same = tuple([(p.key, p.role) for p in analyzed.parts])
            if same not in names:
                names[same] = (analyzed, trust)
    present = props.keys()
    record = PreparedRecord(
        id="",
        schema=schema,
        person=person,
        names=tuple(names.values()),
        birth_dates=tuple(sorted(set(props["birthDate"]))) if "birthDate" in props else (),
        countries=frozenset([c for p in present & _COUNTRY_SET for c in props[p]]) or EMPTY,
        genders=frozenset(props.get("gender", ())) or EMPTY,
        identifiers=frozenset(
            [i for p in present & _ID_SET for v in props[p] if len(i := _clean_id(v)) >= 4]
        )
        or EMPTY,
        birth_places=frozenset(
            [
                phonetic_key(w)
                for v in props.get("birthPlace", ())
                for w in to_latin(v).split()
                if len(w) > 2
            ]
        )
        or EMPTY,
        evidence=0,
    )
    return _new_tuple(PreparedRecord, (*record[:-1], _evidence_bits(record)))


def _evidence_bits(record: PreparedRecord) -> int:
    """``PreparedRecord.evidence``: bit k set when the field at position k holds
    something."""
    bits = 0
    bit = 1
    for value in record:
        if value:
            bits |= bit
        bit <<= 1
    return bits


_COUNTRY_SET = frozenset(_COUNTRY_PROPERTIES)
_new_tuple = tuple.__new__
_ID_SET = frozenset(_ID_PROPERTIES)


def clear_record_cache() -> None:
    """Forget every prepared record (the name analyses they hold stay cached)."""
    _prepare_content.cache_clear()


def _words(props: dict[str, tuple[str, ...]], prop: str) -> frozenset[str]:
    if prop not in props:
        return EMPTY
    return frozenset([w for v in props.get(prop, ()) for w in normalize_name(v).split()]) or EMPTY


def _stated_name(props: dict[str, tuple[str, ...]]) -> str | None:
    """A full name built from stated parts, given-name first, if the record has any."""
    parts = [props[prop][0] for prop in _STATED_ORDER if props.get(prop)]
    return " ".join(parts) if len(parts) >= 2 else None


def _clean_id(value: str) -> str:
    return _NOT_ID.sub("", value.upper())

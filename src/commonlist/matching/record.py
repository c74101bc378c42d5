"""A followthemoney entity prepared for comparison: names analysed, values cleaned, once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthemoney.proxy import EntityProxy

from commonlist.names.analysis import AnalyzedName, analyze_name
from commonlist.names.normalize import normalize_name
from commonlist.names.translit import phonetic_key, to_latin

#: Name properties and how much a match on each can be trusted.
NAME_PROPERTIES: tuple[tuple[str, float], ...] = (
    ("name", 1.0),
    ("alias", 1.0),
    ("previousName", 1.0),
    ("weakAlias", 0.9),
)
_ID_PROPERTIES = ("passportNumber", "idNumber", "registrationNumber", "taxNumber", "innCode",
                  "ogrnCode", "vatCode", "leiCode", "imoNumber", "swiftBic")  # fmt: skip
_COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction")
_NOT_ID = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """Everything matching reads from one entity."""

    id: str
    schema: str
    person: bool
    names: tuple[tuple[AnalyzedName, float], ...]  # (name, trust)
    birth_dates: tuple[str, ...]  # ISO prefixes
    countries: frozenset[str]
    genders: frozenset[str]
    identifiers: frozenset[str]  # upper-case alphanumeric, at least 4 characters
    birth_places: frozenset[str]  # transliterated words of the birth place


def prepare(entity: EntityProxy) -> PreparedRecord:
    """Analyse an entity's names and clean its other evidence for matching.

    Name analysis is cached by name text, so a name shared by many records is
    analysed once. Stated name parts (lastName, firstName, fatherName) steer the
    tagging of every name of the record.

    Args:
        entity: a followthemoney entity (Person, Organization, LegalEntity…).

    Returns:
        The prepared record.
    """
    person = entity.schema.is_a("Person")
    surnames = _words(entity, "lastName") if person else frozenset()
    given = _words(entity, "firstName") if person else frozenset()
    patronymics = (
        (_words(entity, "fatherName") | _words(entity, "patronymic")) if person else frozenset()
    )
    names: dict[object, tuple[AnalyzedName, float]] = {}
    for prop, trust in NAME_PROPERTIES:
        if prop not in entity.schema.properties:
            continue
        for value in entity.get(prop, quiet=True):
            analyzed = analyze_name(
                value, person=person, surnames=surnames, given=given, patronymics=patronymics
            )
            # Aliases that differ only in case, punctuation or script spelling align alike.
            same = tuple((p.key, p.role) for p in analyzed.parts)
            if analyzed.parts and same not in names:
                names[same] = (analyzed, trust)
    if person:
        stated = _stated_name(entity)
        if stated:
            analyzed = analyze_name(
                stated, person=True, surnames=surnames, given=given, patronymics=patronymics
            )
            same = tuple((p.key, p.role) for p in analyzed.parts)
            if analyzed.parts and same not in names:
                names[same] = (analyzed, 1.0)
    return PreparedRecord(
        id=entity.id or "",
        schema=entity.schema.name,
        person=person,
        names=tuple(names.values()),
        birth_dates=tuple(sorted(set(_values(entity, "birthDate")))),
        countries=frozenset(c for p in _COUNTRY_PROPERTIES for c in _values(entity, p)),
        genders=frozenset(_values(entity, "gender")),
        identifiers=frozenset(
            i for p in _ID_PROPERTIES for v in _values(entity, p) if len(i := _clean_id(v)) >= 4
        ),
        birth_places=frozenset(
            phonetic_key(w)
            for v in _values(entity, "birthPlace")
            for w in to_latin(v).split()
            if len(w) > 2
        ),
    )


def _values(entity: EntityProxy, prop: str) -> list[str]:
    if prop not in entity.schema.properties:
        return []
    return entity.get(prop, quiet=True)


def _words(entity: EntityProxy, prop: str) -> frozenset[str]:
    return frozenset(w for v in _values(entity, prop) for w in normalize_name(v).split())


def _stated_name(entity: EntityProxy) -> str | None:
    """A full name built from stated parts, given-name first, if the record has any."""
    order = ("firstName", "secondName", "middleName", "fatherName", "patronymic", "lastName")
    parts = [v for prop in order for v in _values(entity, prop)[:1]]
    return " ".join(parts) if len(parts) >= 2 else None


def _clean_id(value: str) -> str:
    return _NOT_ID.sub("", value.upper())

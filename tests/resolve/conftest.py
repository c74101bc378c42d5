"""Helpers for resolution tests: member snapshots written through the registry, scorers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest
from followthemoney.proxy import EntityProxy
from sqlalchemy import Engine

from commonlist.registry.db import transaction
from commonlist.registry.imports import write_records
from commonlist.registry.members import add_member, list_members
from commonlist.resolve.matcher import Matcher
from commonlist.sources.model import NameKind, ParsedRecord, RecordBuilder


def person(native_id: str, name: str, *, birth: str | None = "1970-01-01") -> ParsedRecord:
    builder = RecordBuilder(native_id, "Person", ref=native_id)
    builder.add_name(name, NameKind.PRIMARY)
    if birth:
        builder.add("birthDate", birth)
    return builder.build()


def snapshot(engine: Engine, member: str, records: Iterable[ParsedRecord]) -> None:
    """Import a full snapshot of one member's list (the member is created if new)."""
    with transaction(engine) as session:
        if member not in {m.code for m in list_members(session)}:
            add_member(session, member, name_en=member, name_ru=member, actor="test")
        write_records(
            session,
            list(records),
            member=member,
            file_name=f"{member}.test",
            sha256="0" * 64,
            format_name="test",
            actor="test",
        )


def table_matcher(scores: Mapping[frozenset[str], float], name: str = "table") -> Matcher:
    """Scores pairs by their two primary names from a table; 0 for any other pair.

    The scorer is a parameter of resolution; a table makes each clustering case exact.
    """

    def score(left: EntityProxy, right: EntityProxy) -> float:
        return scores.get(frozenset((left.first("name") or "", right.first("name") or "")), 0.0)

    return Matcher(name, score)


@pytest.fixture
def chain() -> Matcher:
    """A, B, C, D (one letter names): A–B and B–C merge, C–D is uncertain."""
    return table_matcher(
        {
            frozenset(("Anna Alpha", "Anna Alfa")): 0.97,
            frozenset(("Anna Alfa", "Ana Alpha")): 0.95,
            frozenset(("Ana Alpha", "Ana Alpha Omar")): 0.8,
        }
    )

"""A small real index: records of the bundled UN list (with Arabic script names), plus merged entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy

from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.scoring import warm_up
from commonlist.sources.un_xml import parse

DATA = Path(__file__).resolve().parents[2] / "data" / "lists"


def un_entities() -> Iterator[EntityProxy]:
    path = DATA / "un_sc_consolidated" / "consolidated.xml"
    for rec in parse(path, max_bytes=50_000_000):
        entity = rec.to_entity("UN")
        entity.context["referents"] = [f"UN:{rec.native_id}"]
        yield entity


def extra_entities() -> list[EntityProxy]:
    """Two common entries with several member records, one of them absorbing a merged ID."""
    merged = model.make_entity("Person")
    merged.id = "CL-000001"
    merged.add("name", ["Ivan Petrovich SIDOROV", "Иван Петрович Сидоров"])
    merged.add("birthDate", "1970-05-01")
    merged.add("nationality", "ru")
    merged.add("passportNumber", "7512 345678")
    merged.context["referents"] = ["RU:1234", "EU:EU.99.1"]
    org = model.make_entity("Organization")
    org.id = "CL-000002"
    org.add("name", ["Northern Lights Charity Foundation", "Фонд Северное сияние"])
    org.context["referents"] = ["UK:XYZ0001"]
    return [merged, org]


@pytest.fixture(scope="session")
def entities() -> list[EntityProxy]:
    return [*un_entities(), *extra_entities()]


@pytest.fixture(scope="session")
def index(entities: list[EntityProxy]) -> ScreenIndex:
    built = build_index(
        entities, name="test", version="test-1", redirects={"CL-000009": "CL-000001"}
    )
    warm_up(built)
    return built

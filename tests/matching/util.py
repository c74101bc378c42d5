"""Build followthemoney entities for matching tests."""

from __future__ import annotations

import itertools

from followthemoney import model
from followthemoney.proxy import EntityProxy

from commonlist.matching import RecordPair, prepare
from commonlist.matching.compare.names import match_names

_ids = itertools.count()


def make(schema: str = "Person", **props: str | list[str]) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = f"t{next(_ids)}"
    for prop, values in props.items():
        entity.add(prop, values)
    return entity


def pair(left: EntityProxy, right: EntityProxy) -> RecordPair:
    a, b = prepare(left), prepare(right)
    return RecordPair(a, b, match_names(a.names, b.names))

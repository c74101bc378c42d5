"""A reloaded index is prepared for the matcher before it is served; a swapped-out one is freed."""

from __future__ import annotations

import gc
import weakref

from followthemoney.proxy import EntityProxy

from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.scoring import query_entity, score_query
from commonlist.screen.service import IndexHolder


def test_reload_prepares_entries_before_the_swap(
    index: ScreenIndex, entities: list[EntityProxy]
) -> None:
    holder = IndexHolder(index, lambda: build_index(entities[:200], version="test-2"))
    fresh = holder.reload()
    assert holder.current is fresh and fresh.info.version == "test-2"
    assert fresh._prepared.missing(range(len(fresh))) == []
    unserved = build_index(entities[:200])
    assert len(unserved._prepared.missing(range(len(unserved)))) == len(unserved)


def test_a_swapped_out_index_is_freed_from_the_frozen_heap(entities: list[EntityProxy]) -> None:
    served = build_index(entities[:200], version="test-a")
    holder = IndexHolder(served)
    assert gc.get_freeze_count() > 0  # the served index is out of the collector's passes
    served.prepare_entries()
    name = entities[0].first("name")
    assert name and score_query(served, query_entity("Person", {"name": [name]}))[0]
    released = weakref.ref(served)
    del served
    holder.swap(build_index(entities[200:400], version="test-b"))
    # frozen, it is out of reach of the collector: only its references going frees it
    assert released() is None
    assert holder.current.info.version == "test-b"

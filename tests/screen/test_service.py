"""A reloaded index is prepared for the matcher before it is served."""

from __future__ import annotations

from followthemoney.proxy import EntityProxy

from commonlist.screen.index import ScreenIndex, build_index
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

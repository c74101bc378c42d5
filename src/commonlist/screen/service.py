"""The index being served, and swapping in a new one without dropping a request.

Each request takes the current index once and uses that object to the end; a
swap only rebinds the reference, so requests in flight finish on the old index
and new ones start on the new. Building happens before the swap, outside any lock.

The served index is millions of objects that never change; after it is loaded and
after each swap the heap is frozen (``freeze_heap``) so that the garbage collector
no longer walks it: a full collection over a million-name index paused every
request for over a second.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

import structlog

from commonlist.exc import NotFound
from commonlist.screen.index import ScreenIndex

log = structlog.get_logger(__name__)

#: The dataset name that always means the index currently served.
DEFAULT_DATASET = "default"


def freeze_heap() -> None:
    """Collect the garbage made since the last freeze, then keep every object alive out of
    later collections.

    The collection walks only the objects not frozen yet (after a swap, mostly the new
    index), so a swap pauses requests for one pass over the new index, not over the whole
    heap. Frozen objects are still freed when their last reference goes: a swapped-out
    index is released when the last request using it ends, as it holds no reference
    cycle (a test checks it). A cycle frozen and dropped later would never be collected.
    """
    gc.collect()
    gc.freeze()


class IndexHolder:
    """Holds the served index; ``swap`` and ``reload`` replace it atomically."""

    def __init__(self, index: ScreenIndex, loader: Callable[[], ScreenIndex] | None = None) -> None:
        self._index = index
        self._loader = loader
        self._reloading = threading.Lock()
        freeze_heap()

    @property
    def current(self) -> ScreenIndex:
        return self._index

    def get(self, dataset: str) -> ScreenIndex:
        """The served index if ``dataset`` names it (``default``, its name or version).

        Raises:
            NotFound: another dataset name.
        """
        index = self._index
        if dataset in (DEFAULT_DATASET, index.info.name, index.info.version):
            return index
        raise NotFound(
            f"no dataset {dataset!r}: this service screens {index.info.version!r} (use 'default')"
        )

    def swap(self, index: ScreenIndex) -> ScreenIndex:
        """Serve ``index`` from now on (the heap frozen again); returns the one it replaces."""
        old, self._index = self._index, index
        freeze_heap()
        log.info("index swapped", old=old.info.version, new=index.info.version, entries=len(index))
        return old

    def reload(self) -> ScreenIndex:
        """Build a new index with the loader and swap it in; one reload at a time.

        The new index's entries are prepared for the matcher before the swap, so
        queries after it do not pay the preparation.
        """
        if self._loader is None:
            raise NotFound("this service has no source to reload from")
        with self._reloading:
            index = self._loader()
            index.prepare_entries()
            self.swap(index)
        return index

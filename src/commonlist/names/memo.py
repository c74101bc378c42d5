"""Bounded memo caches for the per-word and per-name work of matching.

``functools.lru_cache`` keeps a linked list cell per entry (and a key object per
call with several arguments): objects the garbage collector traverses on every
full pass. Matching caches hundreds of thousands of words, names and part pairs,
so those cells made the collector's passes a third of the cost of scoring new
records. These caches are dicts of the arguments, which hold no extra objects;
when a cache is full it is emptied at once instead of evicting the least recently
used entry. A one-argument cache is itself the dict, called as its look-up, so a
hit runs no Python code at all (the words of names are looked up a few hundred
thousand times per thousand records).

``raise_collector_threshold`` is the one process-wide setting matching makes: see
its docstring.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable
from functools import update_wrapper
from typing import Generic, ParamSpec, Protocol, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

#: The one empty frozenset that cached values share: each ``frozenset()`` is a new
#: object the collector tracks.
EMPTY: frozenset[str] = frozenset()

#: Net allocations of container objects between two young-generation collections
#: once a name has been analysed (Python's default is 700).
COLLECTOR_THRESHOLD = 10_000


def raise_collector_threshold() -> None:
    """Collect the garbage collector's young generation less often, process-wide.

    Analysing a name allocates many small containers that live on in the caches;
    at Python's default threshold they are traversed again by every young and middle
    generation pass they survive, and the passes triggered by new records took a
    seventh of the time of scoring them. At 10,000 the collector takes about a
    twentieth, on the same scores. Cyclic garbage waits a little longer to be freed;
    a threshold the application has set higher, or disabled collection (0), stays.
    """
    first, *older = gc.get_threshold()
    if 0 < first < COLLECTOR_THRESHOLD:
        gc.set_threshold(COLLECTOR_THRESHOLD, *older)


class Memoized(Protocol, Generic[P, R_co]):
    """A memoised function: called like the function, emptied by ``cache_clear``."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    def cache_clear(self) -> None: ...

    @property
    def __wrapped__(self) -> Callable[P, R_co]:
        """The function itself, without the cache (for values not worth keeping)."""
        ...


class _Table(dict[Hashable, object]):
    """A one-argument cache: calling it is a dict look-up, in C when the entry exists."""

    __call__ = dict.__getitem__  # misses go to __missing__

    def __init__(self, func: Callable[[Hashable], object], maxsize: int) -> None:
        super().__init__()
        self.func = func
        self.maxsize = maxsize
        update_wrapper(self, func)

    def __missing__(self, key: Hashable) -> object:
        value = self.func(key)
        if len(self) >= self.maxsize:
            self.clear()
        self[key] = value
        return value

    def cache_clear(self) -> None:
        """Forget every entry."""
        self.clear()


def memo(maxsize: int) -> Callable[[Callable[P, R]], Memoized[P, R]]:
    """Cache a function of hashable positional arguments in a dict of at most ``maxsize``.

    Args:
        maxsize: entries kept; the cache is emptied when it would grow past this.

    Returns:
        A decorator. The cached function takes positional arguments only.
    """

    def decorate(func: Callable[P, R]) -> Memoized[P, R]:
        code = func.__code__
        if code.co_kwonlyargcount or code.co_flags & 0x0C:  # *args, **kwargs
            raise TypeError(f"memo caches positional arguments only: {func.__name__}")
        if code.co_argcount == 1:
            return cast(Memoized[P, R], _Table(cast(Callable[[Hashable], object], func), maxsize))
        call = cast(Callable[..., R], func)
        table: dict[Hashable, R] = {}
        get = table.get

        def several(*args: Hashable) -> R:
            found = get(args, table)
            if found is not table:
                return found  # type: ignore[return-value]  # a value stored, not the table
            value = call(*args)
            if len(table) >= maxsize:
                table.clear()
            table[args] = value
            return value

        update_wrapper(several, func)
        several.cache_clear = table.clear  # type: ignore[attr-defined]
        return cast(Memoized[P, R], several)

    return decorate

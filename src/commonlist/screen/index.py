"""The screening index: every name of every entry, keyed for retrieval that does not lose matches.

Retrieval works on words. Each word of each name gives phonetic keys (all
attested Latin spellings, any script), and each key is found again by the query
through three doors: the same key, a key one edit away (a deletion
neighbourhood over the vocabulary, as in SymSpell), or the same consonant
skeleton (Arabic script writes no short vowels). Adjacent words are also indexed
joined, both as their keys end to end (a query's ``Abdul Rahman`` finds a listed
``Abdulrahman``) and as the key of the joined word (a query's ``AzizJafari`` finds a
listed ``Aziz Jafari``, where that key is ``azizafari``); a query's adjacent words look
up the key of their joined word too (``Abdul Jabbar`` finds a listed ``Abduljabbar``,
keyed ``abdulabar``), particles beside a word included on both sides (``Abu Bakr`` ~
``Abubakr``). Identifier numbers are indexed as they are. A name is a candidate when
the query's words found in it carry at least ``MIN_COVERAGE`` of the query's weight
(words weigh by rarity).

Each candidate also gets a cheap score, its word overlap: the harmonic mean of
the share of query words found in its best name and the share of that name's
words found (``2k / (m + n)`` for k of m query words in a name of n words; a
merged word counts whole on the name side, and an organisation's legal-form words
do not count in n), halved when a query name of several
words shares only one of them (Ivan Petrov ≠ Sergei Petrov, Ivan ≠ Ivan Petrov). The
matcher aligns the same words, so an entry with a low overlap cannot reach a
high name score; ``screen.scoring`` uses it to skip the matcher for entries that
cannot reach the threshold. When it scores every candidate instead (a cut-off below the
threshold), it still tells the index which names cannot be matches: of those, only the
best few by overlap and retrieval score fill the candidates (``filler_below``), so that a
query of common words on a big index does not spell out thousands of names sharing one
of them.

Entities are kept as compact JSON and parsed on demand, so a million names fit
in memory; parsed and prepared entries are cached.
"""

from __future__ import annotations

import math
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt
import orjson
from followthemoney import model, registry
from followthemoney.proxy import EntityProxy
from rapidfuzz.distance import Levenshtein

from commonlist.exc import InvalidInput, NotFound
from commonlist.matching import PreparedRecord, prepare
from commonlist.screen.counting import count_bounded, count_words, word_tables
from commonlist.screen.keys import (
    LEGAL_KEY,
    clean_identifier,
    deletions,
    entity_identifiers,
    entity_names,
    name_size,
    name_words,
    referent_members,
    skeleton,
    spelt_keys,
    word_joins,
)
from commonlist.screen.ranking import best_entries, most_overlapping
from commonlist.screen.spellings import pack_spellings, spelling_ranks

#: Share of the query's word weight a name must contain to be a candidate. The lowest
#: share among pairs the matcher scores >= 0.7 on the real list was 0.42 (450 queries).
MIN_COVERAGE = 0.35
#: How much the query side counts in a name's retrieval score (the rest: the name's side).
QUERY_SIDE = 0.7
#: Names of one query name whose spelling is compared (the best by overlap, and those
#: tied with the last): bounds the cost of a name made of common words on a big index.
SPELLED_NAMES = 1000
#: Names found of one query name up to which all are spelt: below it, finding those that
#: cannot rank costs more than spelling them (measured on 1M names and the real list).
SPELT_ALL_UPTO = 600
#: Two keys with the same first letter, the longer at least this long, are found two edits
#: apart (Ziurinda ~ Zimurinda, Saameh ~ Salameh, Mamluk ~ Malik): the matcher aligns such
#: words, weakly, and a weak pair beside a shared word can reach the threshold. 6 rather
#: than 7 found 4 of the 9 misses left on two 600-query recall samples (0.998 / 0.984 ->
#: 0.998 / 0.992), for 10 % more bulk CPU (1M rows: 0.243 -> 0.268 ms a row, 170 more
#: matched rows).
TWO_EDITS_FROM = 6
#: Least similarity of two keys one edit apart for the index to treat them as one word.
MIN_KEY_SIMILARITY = 0.6

#: The index's layout, in the names of files that keep it (``source.registry_index``): an
#: index kept by an older layout is built again. 2: joined words keyed as one word. 3: and
#: joined to particles beside them (``keys.word_joins``).
INDEX_FORMAT = 3

#: Words of a query name whose names found are told apart by one bit each of a byte
#: (``screen.counting``); a name of more words found is counted a word at a time.
WORD_BITS = 8
#: Names holding a generating word from which a look-up with a filler bound reads the
#: names holding one word in order of size (``counting.count_bounded``): below it,
#: marking the index's names costs more than merging them (measured on 1M names and the
#: real list).
BOUNDED_FROM = 1024

IntArray = npt.NDArray[np.int32]
_EMPTY: IntArray = np.zeros(0, dtype=np.int32)

#: a look-up of one query name: the name, ``min_coverage``, and the filler bound (overlap
#: below which, names kept: 0, none) or ``_UNBOUNDED`` (``ScreenIndex._name_candidates``)
_LookUp = tuple[str, float, float, int]
#: no filler bound: every name found is kept
_UNBOUNDED = (0.0, 0)
#: a cheap filter of the names found: their entries and overlaps -> whether each is kept
Admit = Callable[[IntArray, npt.NDArray[np.float64]], npt.NDArray[np.bool_]]
#: names found for one query name: positions, retrieval scores, word overlaps
_Found = tuple[IntArray, npt.NDArray[np.float64], npt.NDArray[np.float64]]
#: A word's keys between the keys of the words before and after it (``()`` at an end), and
#: the keys of it written as one with its neighbours (``keys.word_joins``).
_Context = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _contexts(
    words: tuple[tuple[str, ...], ...], joins: tuple[tuple[str, ...], ...]
) -> Iterator[_Context]:
    for i, keys in enumerate(words):
        before = words[i - 1] if i > 0 else ()
        yield (before, keys, words[i + 1] if i + 1 < len(words) else (), joins[i])


K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A thread-safe dict that forgets its oldest items beyond ``size``."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[K, V] = OrderedDict()  # pops its oldest item in O(1)
        self._lock = threading.Lock()

    def __getstate__(self) -> int:
        return self._size  # a pickled cache starts empty

    def __setstate__(self, size: int) -> None:
        self.__init__(size)  # type: ignore[misc]

    @property
    def size(self) -> int:
        return self._size

    def missing(self, keys: Iterable[K]) -> list[K]:
        with self._lock:
            return [k for k in keys if k not in self._data]

    def put(self, key: K, value: V) -> None:
        """Store a value as the newest item."""
        with self._lock:
            self._data.pop(key, None)
            if len(self._data) >= self._size:
                self._data.popitem(last=False)
            self._data[key] = value

    def peek(self, key: K) -> V | None:
        """The value kept for a key, if any: none is made."""
        return self._data.get(key)

    def get(self, key: K, make: Callable[[K], V]) -> V:
        found = self._data.get(key)  # one look-up is atomic: only changes take the lock
        if found is not None:
            return found
        value = make(key)
        with self._lock:
            if len(self._data) >= self._size:
                self._data.popitem(last=False)
            self._data[key] = value
        return value

    def get_many(self, keys: Iterable[K], make: Callable[[K], V]) -> list[V]:
        """``get`` for each key, the values found without a call per key."""
        data = self._data
        return [v if (v := data.get(k)) is not None else self.get(k, make) for k in keys]


class Candidate(NamedTuple):
    """An entry the index found for a query, with its retrieval score in [0, 1].

    A named tuple, built by ``tuple.__new__`` where many are made (``_new_tuple``): a
    frozen dataclass's ``__init__`` cost more than ranking the candidates."""

    entry: int
    retrieval: float
    overlap: float  # word overlap of the best name (see module doc); 1.0 for an identifier hit


_new_tuple = tuple.__new__


class EntryFilter(NamedTuple):
    """Which entries a query may find: yente's result filters (``ScreenIndex.entry_filter``).

    Each array is a sorted list of entries. An entry passes when, for each group of
    ``require``, one of the group's arrays holds it, and no array of ``exclude`` does.
    """

    require: tuple[tuple[IntArray, ...], ...]
    exclude: tuple[IntArray, ...]

    def admits(self, entries: IntArray) -> npt.NDArray[np.bool_]:
        """Whether each of ``entries`` (any order, repeats allowed) passes."""
        keep = np.ones(len(entries), dtype=bool)
        for group in self.require:
            found = np.zeros(len(entries), dtype=bool)
            for held in group:
                found |= holds(held, entries)
            keep &= found
        for held in self.exclude:
            keep &= ~holds(held, entries)
        return keep

    def select(self, entries: list[int]) -> list[int]:
        """The entries that pass, in their order."""
        if not entries:
            return entries
        admitted = self.admits(np.asarray(entries, dtype=np.int32)).tolist()
        return [e for e, ok in zip(entries, admitted, strict=True) if ok]


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """What an index was built from and how big it is."""

    name: str  # the dataset name clients use: "default" resolves to it
    version: str  # e.g. "release-12" or "working-2026-03-01T10:00"
    entries: int
    names: int
    words: int


class ScreenIndex:
    """An immutable index of common entries; build one with ``build_index``."""

    def __init__(
        self,
        *,
        info: IndexInfo,
        ids: list[str],
        schemas: list[str],
        captions: list[str],
        data: list[bytes],
        redirects: Mapping[str, str],
        name_entry: IntArray,
        name_size: npt.NDArray[np.uint8],
        vocab: dict[str, int],
        postings: list[IntArray],
        deletes: dict[str, list[int]],
        skeletons: dict[str, list[int]],
        identifiers: dict[str, IntArray],
        birth_dates: list[tuple[str, ...]],
        spellings: list[str],
        tags: EntryTags,
    ) -> None:
        self.info = info
        self.ids = ids
        self.schemas = schemas
        self.captions = captions
        self._data = data
        self._pos = {eid: i for i, eid in enumerate(ids)}
        self._redirects = dict(redirects)
        self._name_entry = name_entry
        self._name_size = name_size
        self._vocab = vocab
        self._keys = list(vocab)
        self._postings = postings
        self._deletes = deletes
        #: the two-edit search: hashed two-deletion forms of the keys of single words (not of
        #: two joined), sorted, and the key of each; numpy arrays, shared by forked workers
        self._two_edit_hashes, self._two_edit_vids = two_edit_table(
            (vid, self._keys[vid]) for vid in sorted({v for vids in deletes.values() for v in vids})
        )
        self._two_edit_buckets = two_edit_buckets(self._two_edit_hashes)
        self._skeletons = skeletons
        self._identifiers = identifiers
        #: the sorted entries of each dataset (listing member), topic and schema, keyed
        #: ``dataset:UN``, ``topic:sanction``, ``schema:Person``: yente's result filters
        #: (``entry_filter``)
        self._tagged = tags.tagged
        #: each member record behind an entry (``MEMBER:NATIVE_ID``), to its entry
        self._referents = tags.referents
        #: per entry, when the release that added or last amended it was made (POSIX
        #: seconds; NaN: not known, as for the working list)
        self._changed = tags.changed
        self.birth_dates = birth_dates
        #: per name, its words' first keys in sorted order (``spelling``), packed: name i's
        #: at ``_spelt_at[i]:_spelt_at[i + 1]`` of ``_spelt`` (``screen.spellings``)
        self._spelt, self._spelt_at = pack_spellings(spellings)
        #: every entry's birth dates as numbers (see ``date_parts``), entry i's at
        #: ``dates_start[i]:dates_start[i + 1]``: the pre-filter compares them vectorised
        self.dates_start = np.zeros(len(birth_dates) + 1, dtype=np.int64)
        self.dates_start[1:] = np.cumsum([len(d) for d in birth_dates])
        parts = [date_parts(d) for dates in birth_dates for d in dates]
        self.date_parts = np.asarray(parts, dtype=np.int16).reshape(len(parts), 3)
        self.birth_months = BirthMonths.of(self.dates_start, self.date_parts)
        self._entities: BoundedCache[int, EntityProxy] = BoundedCache(50_000)
        self._prepared: BoundedCache[int, PreparedRecord] = BoundedCache(50_000)
        self._word_cache: BoundedCache[tuple[str, ...], _WordHits] = BoundedCache(200_000)
        self._joined_cache: BoundedCache[_Context, IntArray] = BoundedCache(20_000)
        self._size_orders = _size_orders()
        # the last names looked up: bulk screening asks for a row's names twice (pre-filter,
        # then scoring); small, as one name of a big index can find 100k names
        self._found: BoundedCache[_LookUp, tuple[_Found | None]] = BoundedCache(64)

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        # derived again when loaded: from the hashes, and from the dates
        del state["_two_edit_buckets"], state["birth_months"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Restore a pickled index, one pickled before the buckets were kept, the
        spellings packed or the entries tagged included."""
        if "_spellings" in state:
            spelt = state.pop("_spellings")
            state["_spelt"], state["_spelt_at"] = pack_spellings(spelt)  # type: ignore[arg-type]
        if "_changed" not in state:
            tags = EntryTags.of(state["_data"])  # type: ignore[arg-type]
            state["_tagged"], state["_referents"] = tags.tagged, tags.referents
            state["_changed"] = tags.changed
        self.__dict__.update(state)
        if "_size_orders" not in state:
            self._size_orders = _size_orders()
        self._two_edit_buckets = two_edit_buckets(self._two_edit_hashes)
        self.birth_months = BirthMonths.of(self.dates_start, self.date_parts)

    def __len__(self) -> int:
        return len(self.ids)

    def entity(self, entry: int) -> EntityProxy:
        """The entry as a followthemoney entity (with its ``referents``)."""
        return self._entities.get(
            entry, lambda i: EntityProxy.from_dict(orjson.loads(self._data[i]))
        )

    def prepared(self, entry: int) -> PreparedRecord:
        """The entry prepared for the matcher, computed once."""
        return self._prepared.get(entry, self._prepare)

    def prepared_many(self, entries: Iterable[int]) -> list[PreparedRecord]:
        """``prepared`` for each entry: the matcher's candidates for one query."""
        return self._prepared.get_many(entries, self._prepare)

    def _prepare(self, entry: int) -> PreparedRecord:
        return prepare(self.entity(entry))

    def prepare_entries(self) -> None:
        """Prepare every entry for the matcher ahead of a bulk run or of serving (once).

        Forked bulk workers then share the prepared entries copy-on-write instead of
        each preparing again every entry it meets, and served queries do not pay it.
        Skipped for an index with more entries than the cache holds: there the last
        entries met stay prepared.
        """
        if len(self) > self._prepared.size:
            return
        for i in self._prepared.missing(range(len(self))):
            self.prepared(i)

    def resolve_id(self, entity_id: str) -> int:
        """The entry position of an ID, following redirects from merged or split entries.

        Raises:
            NotFound: no entry has, or had, that ID.
        """
        seen: set[str] = set()
        current = entity_id
        while current not in self._pos:
            if current in seen or current not in self._redirects:
                raise NotFound(f"no entry {entity_id!r} in {self.info.version}")
            seen.add(current)
            current = self._redirects[current]
        return self._pos[current]

    def candidates(
        self,
        query: EntityProxy,
        *,
        limit: int,
        min_coverage: float = MIN_COVERAGE,
        only: EntryFilter | None = None,
        filler_below: float = 0.0,
    ) -> list[Candidate]:
        """Entries whose names share enough of the query's name words, best first.

        Entries that share a cleaned identifier with the query always come first.
        ``only``: the entries that may be found (``entry_filter``); ``filler_below``: see
        ``candidates_for_names``.
        """
        return self.candidates_for_names(
            entity_names(query),
            entity_identifiers(query),
            limit=limit,
            min_coverage=min_coverage,
            only=only,
            filler_below=filler_below,
        )

    def candidates_for_names(
        self,
        names: Iterable[str],
        identifiers: Iterable[str] = (),
        *,
        limit: int,
        min_coverage: float = MIN_COVERAGE,
        admit: Admit | None = None,
        only: EntryFilter | None = None,
        filler_below: float = 0.0,
        admits_from: float = 0.0,
    ) -> list[Candidate]:
        """``candidates`` for names and cleaned identifiers, without building an entity.

        ``admit(entries, overlaps)`` is a cheap filter applied to every name found
        before ranking and the ``limit`` cut (identifier hits always pass). ``only``
        says which entries may be found at all, by name or identifier. ``admits_from``:
        an overlap below which ``admit`` refuses every name (``screen.scoring``'s
        pre-filter: its least cut-off for the query's dates), so that such names are
        dropped while counting, not found to be refused; on a big index, the thousands
        that share one word of a query name.

        ``filler_below``: the caller knows that names found with a word overlap below it
        cannot be matches, only fill the ``limit`` with weak results (``screen.scoring``:
        the pre-filter's cut-off, for a query without birth dates). Of those, only the
        ``limit`` best by overlap and retrieval score are ranked (``_bounded_filler``); on
        a big index a query name of common words finds thousands that share one word.

        Ranked by overlap plus the spelling similarity of the name's keys (rapidfuzz
        token-sort ratio, the order of words aside): among many entries sharing two
        of three words, those whose third word is spelt alike come first, as the
        matcher would rank them.
        """
        if admits_from > 0.0 and (admit is None or filler_below > 0.0):
            raise ValueError("admits_from is the cut-off of an admit without filler")
        if only is not None:
            admit = _admitting(only, admit)
        found_names: list[IntArray] = []
        columns: list[tuple[npt.NDArray[np.float64], ...]] = []
        # the names the filter would refuse dropped while counting, or the filler bounded,
        # unless the filter must see every name first
        if admits_from > 0.0:
            counted = (admits_from, 0)
        elif filler_below > 0.0 and admit is None:
            counted = (filler_below, limit)
        else:
            counted = _UNBOUNDED
        for name in names:
            # every name found, when kept (bulk screening looks rows' names up ahead), is
            # as good: the filter refuses those below ``admits_from`` anyway
            kept = self._found.peek((name, min_coverage, *_UNBOUNDED)) if admits_from else None
            found = (kept or self._found.get((name, min_coverage, *counted), self._look_up))[0]
            if found is not None and admit is not None:
                keep = admit(self._name_entry[found[0]], found[2])
                found = (found[0][keep], found[1][keep], found[2][keep])
            if found is None or not len(found[0]):
                continue
            if filler_below > 0.0 and admit is not None:
                found = _bounded_filler(found, filler_below, limit)
            if len(found[0]) > SPELLED_NAMES:
                # a name of common words finds many: spell out only the best by overlap,
                # with every name tied with the last (still in index order)
                top = most_overlapping(found[1], found[2], SPELLED_NAMES, True)
                found = (found[0][top], found[1][top], found[2][top])
            spelt = spelling(name_words(name))
            found = self._rankable(spelt, found, limit)
            found_names.append(found[0])
            columns.append((found[1], found[2], self._ranks(spelt, found)))
        known = sorted(
            {e for ident in identifiers for e in self._identifiers.get(ident, _EMPTY).tolist()}
        )
        if only is not None:
            known = only.select(known)
        # identifier hits first, by entry, then the entries of names found by rank
        ranked = [_new_tuple(Candidate, (entry, 1.0, 1.0)) for entry in known[:limit]]
        if found_names and not known:  # most queries: the best entries as they come
            best = self._best_entries(found_names, columns, limit)
            return [_new_tuple(Candidate, entry) for entry in zip(*best, strict=True)]
        if found_names and len(ranked) < limit:
            entries, score, overlap = self._best_entries(found_names, columns, limit + len(known))
            seen = set(known)
            for entry, sc, ov in zip(entries, score, overlap, strict=True):
                if entry not in seen:
                    ranked.append(_new_tuple(Candidate, (entry, sc, ov)))
                    if len(ranked) == limit:
                        break
        return ranked

    def _best_entries(
        self,
        found_names: list[IntArray],
        columns: list[tuple[npt.NDArray[np.float64], ...]],
        limit: int,
    ) -> tuple[list[int], list[float], list[float]]:
        """The best ``limit`` entries of the names found, by rank then entry, with the
        best retrieval score (at most 1) and overlap of each over its names.

        Names of one entry are consecutive in the index, and each query name's names found
        are in index order: those of one query name need no sort to be grouped by entry.
        """
        if len(found_names) == 1:
            names = found_names[0]
            score, overlap, rank = columns[0]
        else:
            names = np.concatenate(found_names)
            order = np.argsort(self._name_entry[names], kind="stable")
            names = names[order]
            score, overlap, rank = (
                np.concatenate([c[k] for c in columns])[order] for k in range(3)
            )
        return best_entries(self._name_entry, names, score, overlap, rank, limit)

    def _ranks(self, spelt: str, found: _Found) -> npt.NDArray[np.float64]:
        """The rank of each name found: overlap plus spelling similarity (rapidfuzz
        token-sort ratio of the keys, as a share), then the retrieval score for ties.

        ``spelt`` and the index's spellings have their words sorted already, so the
        token-sort ratio is their plain ratio (``fuzz.ratio``), compared where the
        spellings lie (``spellings.spelling_ranks``).
        """
        return spelling_ranks(
            self._spelt, self._spelt_at, found[0], spelt.encode(), found[1], found[2]
        )

    def _rankable(self, spelt: str, found: _Found, limit: int) -> _Found:
        """The names found that can still rank among the best ``limit`` entries.

        A name's rank is at most its overlap and retrieval score's hundredth plus 1 (a
        perfect spelling). The names best on those are ranked first; once ``limit``
        distinct entries are known to rank at or above some floor, every name that
        cannot reach it is dropped before its spelling is compared (on a big index,
        most names found share one word of the query). The best ``limit`` entries stay
        exactly the same. A few hundred names are all kept: spelling them is cheaper.
        """
        names, retrieval, overlap = found
        if len(names) <= max(4 * limit, SPELT_ALL_UPTO):
            return found
        top = most_overlapping(retrieval, overlap, 2 * limit)
        some = (names[top], retrieval[top], overlap[top])
        entries = self._name_entry[some[0]]  # in index order: one entry's names together
        per_entry = np.maximum.reduceat(
            self._ranks(spelt, some), np.flatnonzero(run_starts(entries))
        )
        if len(per_entry) < limit:
            return found
        floor = np.partition(per_entry, len(per_entry) - limit)[len(per_entry) - limit]
        keep = overlap + retrieval / 100.0 + 1.0 + 1e-9 >= floor
        return names[keep], retrieval[keep], overlap[keep]

    def overlaps(
        self, names: Iterable[str], *, min_coverage: float = MIN_COVERAGE
    ) -> tuple[IntArray, npt.NDArray[np.float64]]:
        """Every entry ``candidates`` would consider for names, with its overlap: no ranking.

        The cheap path of bulk screening, where most rows match nothing. Entries may repeat.
        """
        entries: list[IntArray] = []
        overlaps: list[npt.NDArray[np.float64]] = []
        for name in names:
            found = self._found.get((name, min_coverage, *_UNBOUNDED), self._look_up)[0]
            if found is not None:
                entries.append(self._name_entry[found[0]])
                overlaps.append(found[2])
        if not entries:
            return _EMPTY, np.zeros(0)
        return np.concatenate(entries), np.concatenate(overlaps)

    def overlaps_many(
        self,
        queries: Sequence[Sequence[str]],
        *,
        min_coverage: float = MIN_COVERAGE,
        remember: Callable[[IntArray, IntArray, npt.NDArray[np.float64]], npt.NDArray[np.bool_]]
        | None = None,
    ) -> tuple[IntArray, IntArray, npt.NDArray[np.float64]]:
        """``overlaps`` for many queries at once: query position, entry, overlap per name found.

        Bulk screening's batch path: each distinct name of the batch is looked up once
        (``_name_candidates``, its words counted in compiled loops), and the pairs of all
        come back as three arrays for the pre-filter's vectorised passes. Pairs may repeat.

        ``remember(queries, entries, overlaps)``, given the result, says which queries'
        names to keep in the cache of recent look-ups, as ``look_up_many`` would: bulk
        screening's rows that pass the pre-filter, scored next, are not looked up again.
        """
        looked: dict[str, _Found | None] = {}
        owners: list[int] = []  # the query of each array found
        found: list[IntArray] = []
        overlaps: list[npt.NDArray[np.float64]] = []
        for q, names in enumerate(queries):
            for name in names:
                if name not in looked:
                    looked[name] = self._name_candidates(name, min_coverage)
                value = looked[name]
                if value is not None and len(value[0]):
                    owners.append(q)
                    found.append(value[0])
                    overlaps.append(value[2])
        if found:
            sizes = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
            owner = np.repeat(np.asarray(owners, dtype=np.int32), sizes)
            entries = self._name_entry[np.concatenate(found)]
            overlap = np.concatenate(overlaps)
        else:
            owner, entries, overlap = _EMPTY, _EMPTY, np.zeros(0)
        if remember is not None:
            wanted = remember(owner, entries, overlap)
            for q in np.flatnonzero(wanted).tolist():
                for name in queries[q]:
                    self._found.put((name, min_coverage, *_UNBOUNDED), (looked[name],))
        return owner, entries, overlap

    def look_up_many(self, names: Iterable[str], *, min_coverage: float = MIN_COVERAGE) -> None:
        """Look names up ahead of ``candidates`` for them, keeping them cached in this order
        (the last names stay cached longest); names still cached are not looked up again."""
        for name in dict.fromkeys(names):
            key = (name, min_coverage, *_UNBOUNDED)
            self._found.put(key, self._found.get(key, self._look_up))

    def identifier_entries(self, value: str) -> list[int]:
        """Entries carrying an identifier (compared in upper-case alphanumeric form)."""
        cleaned = clean_identifier(value)
        return self._identifiers.get(cleaned, _EMPTY).tolist() if cleaned else []

    def entry_filter(
        self,
        *,
        include_datasets: Iterable[str] = (),
        exclude_datasets: Iterable[str] = (),
        exclude_schemata: Iterable[str] = (),
        topics: Iterable[str] = (),
        exclude_ids: Iterable[str] = (),
        changed_since: str | None = None,
    ) -> EntryFilter | None:
        """yente's result filters, for ``candidates``: None when there is nothing to filter.

        Args:
            include_datasets: only entries listed by one of these members.
            exclude_datasets: no entry listed by one of these members.
            exclude_schemata: no entry of one of these schemata (the schema itself, as
                yente filters: ``LegalEntity`` leaves ``Organization`` in).
            topics: only entries with one of these followthemoney topics.
            exclude_ids: no entry with one of these IDs: an entry's, an ID a merge
                retired, or a member record behind it (``MEMBER:NATIVE_ID``). IDs that
                name no entry are left aside.
            changed_since: only entries added or amended by a release made at or after
                this ISO 8601 date or time (UTC unless it says otherwise).

        Raises:
            InvalidInput: a dataset this index does not hold, a schema or topic
                followthemoney does not know, or ``changed_since`` not a date or asked of
                an index whose entries carry no change dates.
        """
        for value in [*include_datasets, *exclude_datasets]:
            if f"dataset:{value}" not in self._tagged:
                datasets = sorted(
                    t.removeprefix("dataset:") for t in self._tagged if t.startswith("dataset:")
                )
                raise InvalidInput(
                    f"unknown dataset {value!r}: the datasets of {self.info.version!r} "
                    f"are its listing members, {', '.join(datasets) or 'none'}"
                )
        for value in exclude_schemata:
            if model.get(value) is None:
                raise InvalidInput(f"unknown schema {value!r} in exclude_schema")
        for value in topics:
            if value not in registry.topic.names:
                raise InvalidInput(f"unknown topic {value!r}")
        require = tuple(
            tuple(self._tagged.get(f"{kind}:{v}", _EMPTY) for v in values)
            for kind, values in (("dataset", set(include_datasets)), ("topic", set(topics)))
            if values
        )
        if changed_since is not None:
            since = _posix(changed_since)
            if np.isnan(self._changed).all():
                raise InvalidInput(
                    f"changed_since: the entries of {self.info.version!r} carry no change "
                    "dates (a release served from its release folder does)"
                )
            recent = np.flatnonzero(self._changed >= since).astype(np.int32)
            require = (*require, (recent,))
        exclude = [self._tagged[f"dataset:{v}"] for v in set(exclude_datasets)]
        exclude += [self._tagged.get(f"schema:{v}", _EMPTY) for v in set(exclude_schemata)]
        excluded = sorted({e for i in exclude_ids if (e := self._entry_of(i)) is not None})
        if excluded:
            exclude.append(np.asarray(excluded, dtype=np.int32))
        if not require and not exclude:
            return None
        return EntryFilter(require, tuple(exclude))

    def _entry_of(self, entity_id: str) -> int | None:
        """The entry an ID names (its own, a retired one, a member record), if any."""
        if (entry := self._referents.get(entity_id)) is not None:
            return entry
        try:
            return self.resolve_id(entity_id)
        except NotFound:
            return None

    def _look_up(self, key: _LookUp) -> tuple[_Found | None]:
        return (self._name_candidates(*key),)

    def _names_in_context(self, context: _Context, hits: _WordHits) -> IntArray:
        """The names holding a word, or, beside other words, also written joined to them."""
        if not (context[0] or context[2] or context[3]):
            return hits.names
        names = self._joined_cache.peek(context)
        if names is not None:
            return names
        joined = self._joined(context)
        if not joined:
            return hits.names  # most words are written joined with neither neighbour
        return self._joined_cache.get(context, lambda c: self._with_joined(c, joined))

    def _joined(self, context: _Context) -> list[int]:
        """Vocabulary IDs of a word written as one with the word before or after it: their
        keys end to end (``Abdul Rahman`` ~ ``Abdulrahman``) and the keys of the joined word
        (``Abdul Jabbar`` ~ ``Abduljabbar``, keyed ``abdulabar``)."""
        before, keys, after, joins = context
        vocab = self._vocab
        joined = [a + b for a in before for b in keys] + [a + b for a in keys for b in after]
        return [v for k in (*joined, *joins) if (v := vocab.get(k)) is not None]

    def _name_candidates(
        self, name: str, min_coverage: float, below: float = 0.0, keep: int = 0
    ) -> _Found | None:
        """Names sharing enough of the query name's weight: positions, retrieval, overlap.

        With ``below``, of the names found with a lower overlap only the ``keep`` best
        (``_bounded_filler``; none if 0), the others never written out (``count_words``).
        """
        words = name_words(name)
        if not words:
            return None
        arrays: list[IntArray] = []
        weights: list[float] = []
        total = 0.0
        for context in _contexts(words, word_joins(name)):
            hits = self._word_cache.get(context[1], self._word_hits)
            total += hits.weight
            names = self._names_in_context(context, hits)
            if len(names):
                arrays.append(names)
                weights.append(hits.weight)
        if not arrays or total <= 0:
            return None
        # Only names holding one of the rarer words can reach the coverage: the common
        # words together weigh less than it. Their (long) lists are only looked up in.
        # (The words are few: plain Python beats numpy's cost per call here.)
        generating = _generating(weights, min_coverage * total)
        generators = [names for names, gen in zip(arrays, generating, strict=True) if gen]
        if not generators:
            return None  # the words found weigh less than the coverage together
        if len(arrays) > WORD_BITS:
            counted = self._counted(words, arrays, weights, total, generators, min_coverage)
            return _bounded_filler(counted, below, keep) if below > 0.0 else counted
        common = (
            *word_tables(weights, total),
            min_coverage,
            self._name_size,
            len(words),
            QUERY_SIDE,
            1 - QUERY_SIDE,
            below,
            keep,
        )
        if below > 0.0 and sum(len(names) for names in generators) >= BOUNDED_FROM:
            by_size = [
                self._by_size(names) if gen else None
                for names, gen in zip(arrays, generating, strict=True)
            ]
            return count_bounded(arrays, by_size, generating, *common)
        return count_words(arrays, generating, *common)

    def _by_size(self, names: IntArray) -> IntArray:
        """A word's names (``names``) in order of size (at least 1), then of position:
        kept for the next query while ``names`` is, which they keep alive."""
        key = id(names)
        kept = self._size_orders.get(key, lambda _: (names, self._ordered_by_size(names)))
        if kept[0] is not names:  # not the array that had this id, gone with its entry
            kept = (names, self._ordered_by_size(names))
            self._size_orders.put(key, kept)
        return kept[1]

    def _ordered_by_size(self, names: IntArray) -> IntArray:
        return names[np.argsort(np.maximum(self._name_size[names], 1), kind="stable")]

    def _counted(
        self,
        words: tuple[tuple[str, ...], ...],
        arrays: list[IntArray],
        weights: list[float],
        total: float,
        generators: list[IntArray],
        min_coverage: float,
    ) -> _Found:
        """``_name_candidates`` for a name of more words found than a byte has bits: each
        word's names looked up in one at a time (numpy)."""
        found = generators[0] if len(generators) == 1 else distinct(np.concatenate(generators))
        counts = np.zeros(len(found), dtype=np.int64)
        matched = np.zeros(len(found))
        for names, weight in zip(arrays, weights, strict=True):
            hit = np.ones(len(found), dtype=bool) if names is found else holds(names, found)
            counts += hit
            matched += hit * weight
        matched /= total
        keep = matched >= min_coverage
        found, matched, counts = found[keep], matched[keep], counts[keep]
        retrieval, overlap = self._scores(found, counts, matched, len(words))
        return found.astype(np.int32), retrieval, overlap

    def _scores(
        self,
        found: npt.NDArray[np.integer[Any]],
        counts: npt.NDArray[np.integer[Any]],
        matched: npt.NDArray[np.float64],
        n_words: int | npt.NDArray[np.integer[Any]],
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Retrieval score and word overlap of names found, from the query words each
        holds (``counts``), their share of the query's weight and the query's words."""
        size = np.maximum(self._name_size[found], 1)
        shared = np.minimum(counts, size)
        name_side = shared / size
        query_side = counts / n_words
        overlap = 2.0 * query_side * name_side / (query_side + name_side)
        # one shared word of several: the others conflict
        overlap[(np.asarray(n_words) >= 2) & (counts < 2)] /= 2
        return QUERY_SIDE * matched + (1 - QUERY_SIDE) * name_side, overlap

    def _with_joined(self, context: _Context, joined: list[int]) -> IntArray:
        """Names holding a word, or it written as one with a neighbour (Abdul Rahman ~
        Abdulrahman): ``context`` is the word's keys between its neighbours' (or ``()``),
        ``joined`` its ``_joined`` vocabulary IDs."""
        names = self._word_cache.get(context[1], self._word_hits).names
        more = [self._postings[v] for v in joined]
        return distinct(np.concatenate([names, *more]))

    def _word_hits(self, keys: tuple[str, ...]) -> _WordHits:
        vids: set[int] = set()
        df = 0
        for key in keys:
            vid = self._vocab.get(key)
            if vid is not None:
                df = max(df, len(self._postings[vid]))
            vids |= self._expand(key)
        weight = math.log(1.0 + self.info.names / (1.0 + df))
        if not vids:
            return _WordHits(_EMPTY, weight)
        if len(vids) == 1:
            return _WordHits(self._postings[next(iter(vids))], weight)
        hits = distinct(np.concatenate([self._postings[v] for v in vids]))
        return _WordHits(hits.astype(np.int32), weight)

    def _expand(self, key: str) -> set[int]:
        found: set[int] = set()
        if (vid := self._vocab.get(key)) is not None:
            found.add(vid)
        if key.startswith(LEGAL_KEY):
            return found  # a legal-form class is found as it is, never spelt near another
        for form in deletions(key):
            for vid in self._deletes.get(form, ()):
                if Levenshtein.normalized_similarity(key, self._keys[vid]) >= MIN_KEY_SIMILARITY:
                    found.add(vid)
        skel = skeleton(key)
        if skel is not None:
            found.update(self._skeletons.get(skel, ()))
        if len(key) + 2 >= TWO_EDITS_FROM:
            # two edits apart when the longer key is long: a short key finds long ones
            # (Saameh ~ Salameh), as a long key finds short ones
            found.update(self._two_edits(key))
        return found

    def _two_edits(self, key: str) -> list[int]:
        """Single-word keys with the same first letter two edits or less from ``key``, the
        longer of the two at least ``TWO_EDITS_FROM`` long: those sharing one of its
        two-deletion forms (a hash may collide: each is checked)."""
        forms = two_edit_forms(key)
        hashes = np.fromiter(
            (zlib.crc32(form.encode()) for form in forms), dtype=np.uint32, count=len(forms)
        )
        # the sorted hashes of each form's bucket (its top bits), then those equal to it
        buckets = self._two_edit_buckets
        bucket = hashes >> np.uint32(33 - (len(buckets) - 1).bit_length())  # 32 - bucket bits
        starts = buckets[bucket]
        lengths = buckets[bucket + 1] - starts
        at = spans(starts, lengths)
        if not len(at):
            return []
        at = at[self._two_edit_hashes[at] == np.repeat(hashes, lengths)]
        vids = distinct(self._two_edit_vids[at])
        keys = self._keys
        return [
            vid
            for vid in vids.tolist()
            if (other := keys[vid])[0] == key[0]
            and max(len(other), len(key)) >= TWO_EDITS_FROM
            and Levenshtein.distance(key, other, score_cutoff=2) <= 2
        ]


def _size_orders() -> BoundedCache[int, tuple[IntArray, IntArray]]:
    """Words' names in order of size (``ScreenIndex._by_size``), by the ID of the array
    of their names, each with that array: the generating words of look-ups that find
    ``BOUNDED_FROM`` names or more, mostly the index's commonest words (a few hundred on
    1M names)."""
    return BoundedCache(2_000)


def spelling(words: Sequence[tuple[str, ...]]) -> str:
    """What rapidfuzz compares of a name, in the index and in a query: its words' first
    keys, sorted, so that a plain ratio of two spellings is their token-sort ratio."""
    return " ".join(sorted([keys[0] for keys in words]))


def _generating(weights: list[float], least: float) -> list[bool]:
    """Which of a name's words generate its candidates: added from the commonest (lightest)
    up, the words from the one where the running weight reaches ``least`` on. The others
    together weigh less than the coverage, so a name holding only them cannot reach it."""
    running = 0.0
    generating = [False] * len(weights)
    for i in sorted(range(len(weights)), key=weights.__getitem__):
        running += weights[i]
        generating[i] = running >= least
    return generating


def two_edit_forms(key: str) -> set[str]:
    """The key with up to two letters after its first deleted.

    Two keys with the same first letter are two edits or less apart only if they
    share one of these forms (the deletion neighbourhood of SymSpell, one letter
    deleted per side for a substitution, on the longer side for an insertion).
    """
    n = len(key)
    ones = {key[:i] + key[i + 1 :] for i in range(1, n)}
    # each pair of positions once: deleting twice from every one-deletion form makes each
    # form twice over
    twos = {key[:i] + key[i + 1 : j] + key[j + 1 :] for i in range(1, n) for j in range(i + 1, n)}
    return {key} | ones | twos


def two_edit_table(keys: Iterable[tuple[int, str]]) -> tuple[npt.NDArray[np.uint32], IntArray]:
    """For the two-edit search: the CRC-32 of every two-deletion form of every key long
    enough to be found two edits away, sorted, and the vocabulary ID of each form's key."""
    hashes = array("I")
    vids = array("i")
    for vid, key in keys:
        if len(key) + 2 < TWO_EDITS_FROM:
            continue  # too short to be two edits from a key of TWO_EDITS_FROM letters
        forms = two_edit_forms(key)
        hashes.extend(zlib.crc32(form.encode()) for form in forms)
        vids.extend([vid] * len(forms))
    table = np.frombuffer(hashes, dtype=np.uint32)
    order = np.argsort(table, kind="stable")
    return table[order], np.frombuffer(vids, dtype=np.int32)[order]


def two_edit_buckets(hashes: npt.NDArray[np.uint32]) -> IntArray:
    """Where each bucket of the sorted two-edit hashes starts, a bucket per value of their
    top bits (about one hash each), and where the last ends: a form's hashes are found in
    two reads of this array instead of a binary search over the whole table."""
    bits = min(max(len(hashes), 1).bit_length(), 24)
    edges = np.arange((1 << bits) + 1, dtype=np.uint64) << np.uint64(32 - bits)
    return np.searchsorted(hashes, edges, side="left").astype(np.int32)


def _bounded_filler(found: _Found, below: float, keep: int) -> _Found:
    """The names found of overlap ``below`` or more, and of the others (filler) only the
    ``keep`` of highest overlap plus retrieval score (``most_overlapping``), in index order.

    Filler names are mostly those that share one word of a query name of several: their
    retrieval score says how rare that word is and how few other words they hold. Spelling
    them all out to choose the best filler costs more, on a big index, than the rest of
    the query.
    """
    names, retrieval, overlap = found
    filler = np.flatnonzero(overlap < below)
    if len(filler) <= keep:
        return found
    kept = overlap >= below
    kept[filler[most_overlapping(retrieval[filler], overlap[filler], keep)]] = True
    return names[kept], retrieval[kept], overlap[kept]


def _admitting(only: EntryFilter, admit: Admit | None) -> Admit:
    """One filter of the names found: their entries pass ``only``, and ``admit`` if given."""

    def both(entries: IntArray, overlaps: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        keep = only.admits(entries)
        if admit is not None:
            keep &= admit(entries, overlaps)
        return keep

    return both


def holds(held: IntArray, values: IntArray) -> npt.NDArray[np.bool_]:
    """Whether ``held`` (sorted) holds each of ``values``, by binary search."""
    if not len(held):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(held, values), len(held) - 1)
    hit: npt.NDArray[np.bool_] = held[at] == values
    return hit


def distinct(values: IntArray) -> IntArray:
    """The sorted distinct values, as ``np.unique`` gives them: by a sort, which for these
    integer arrays is several times faster than numpy's hash-based ``unique``."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[run_starts(ordered)]


def run_starts(values: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Whether each value of a sorted array differs from the one before it (the first
    does): ``np.r_[True, values[1:] != values[:-1]]`` without ``np.r_``'s own cost,
    which on arrays of a few hundred values was most of it."""
    starts = np.empty(len(values), dtype=bool)
    starts[:1] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    return starts


def spans(starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The positions of ranges laid end to end: ``starts[k]`` to ``starts[k] + lengths[k]``
    for each k in turn (``np.concatenate`` of ``np.arange``s, in one pass)."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())


def date_parts(date: str) -> tuple[int, int, int]:
    """Year, month and day of an ISO-prefix date; -1 for a year that is not a number, 0 for
    a month or day the date does not state."""
    year = int(date[:4]) if date[:4].isdigit() else -1
    month = int(date[5:7]) if date[5:7].isdigit() else 0
    day = int(date[8:10]) if date[8:10].isdigit() else 0
    return year, month, day


class BirthMonths(NamedTuple):
    """The entries born in each month: what answers the pre-filter's commonest date question
    (does a query's birth date agree with an entry's to the month, ``overlap_cutoff``'s
    strongest case?) by looking the query's months up, not by comparing the dates of every
    entry found. Keys are year * 10,000 + month * 100 (+ day)."""

    months: npt.NDArray[np.int64]  # sorted keys of the entries' dates stating a month
    month_entries: IntArray  # the entry of each
    days: npt.NDArray[np.int64]  # sorted keys of the entries' full dates
    day_entries: IntArray

    @classmethod
    def of(cls, dates_start: npt.NDArray[np.int64], parts: npt.NDArray[np.int16]) -> BirthMonths:
        """From the index's dates: entry i's are ``parts[dates_start[i]:dates_start[i + 1]]``."""
        owner = np.repeat(np.arange(len(dates_start) - 1, dtype=np.int32), np.diff(dates_start))
        year, month, day = parts.astype(np.int64).T
        key = year * 10_000 + month * 100
        stated = (year >= 0) & (month > 0)
        full = stated & (day > 0)
        months, days = key[stated], key[full] + day[full]
        by_month, by_day = np.argsort(months, kind="stable"), np.argsort(days, kind="stable")
        return cls(months[by_month], owner[stated][by_month], days[by_day], owner[full][by_day])

    def sharing(self, queries: IntArray, parts: npt.NDArray[np.int64]) -> tuple[IntArray, IntArray]:
        """The (query, entry) pairs whose birth dates agree to the month, as the pre-filter's
        rule decides (``scoring._same_month``): query ``queries[k]`` has the date ``parts[k]``
        (year, month, day). The same year and month, or a full date with day and month
        swapped. Pairs may repeat."""
        year, month, day = parts.T
        stated = (year >= 0) & (month > 0)
        swapped = stated & (day > 0)
        owners = [queries[stated], queries[swapped]]
        wanted = [
            year[stated] * 10_000 + month[stated] * 100,
            year[swapped] * 10_000 + day[swapped] * 100 + month[swapped],
        ]
        found_queries: list[IntArray] = []
        found_entries: list[IntArray] = []
        for keys, entries, asked, owner in zip(
            (self.months, self.days),
            (self.month_entries, self.day_entries),
            wanted,
            owners,
            strict=True,
        ):
            start = np.searchsorted(keys, asked, side="left")
            counts = np.searchsorted(keys, asked, side="right") - start
            found_queries.append(np.repeat(owner, counts))
            found_entries.append(entries[spans(start, counts)])
        return np.concatenate(found_queries), np.concatenate(found_entries)


@dataclass(frozen=True, slots=True)
class _WordHits:
    names: IntArray  # name positions containing the word or a close spelling of it
    weight: float  # rarity of the word: log(1 + names / (1 + names with it))


class EntryTags:
    """The datasets (listing members, from the ``referents``), topics and schema of each
    entry, and the member records behind it, gathered one entry at a time."""

    def __init__(self) -> None:
        self._tagged: dict[str, list[int]] = {}
        #: each member record behind an entry (``MEMBER:NATIVE_ID``), to its entry
        self.referents: dict[str, int] = {}
        self._changed = array("d")  # per entry, its last change (POSIX seconds) or NaN

    def add(self, entry: int, entity: Mapping[str, Any]) -> None:
        """Tag an entry from its followthemoney dict (``EntityProxy.to_dict``)."""
        referents = [str(r) for r in entity.get("referents", [])]
        tags = {f"schema:{entity['schema']}"}
        tags.update(f"dataset:{member}" for member in referent_members(referents))
        tags.update(f"topic:{t}" for t in entity.get("properties", {}).get("topics", []))
        for tag in tags:
            self._tagged.setdefault(tag, []).append(entry)
        for referent in referents:
            self.referents.setdefault(referent, entry)
        changed = entity.get("last_change")
        self._changed.append(_posix(changed) if changed else math.nan)

    @property
    def tagged(self) -> dict[str, IntArray]:
        """The sorted entries of each tag, keyed ``dataset:UN``, ``topic:sanction``,
        ``schema:Person``."""
        return {tag: np.asarray(e, dtype=np.int32) for tag, e in self._tagged.items()}

    @property
    def changed(self) -> npt.NDArray[np.float64]:
        """Per entry, when it last changed (``last_change``, POSIX seconds), NaN if unknown."""
        return np.frombuffer(self._changed, dtype=np.float64).copy()

    @classmethod
    def of(cls, data: Iterable[bytes]) -> EntryTags:
        """The tags of entries kept as JSON (an index pickled before it kept them)."""
        tags = cls()
        for entry, raw in enumerate(data):
            tags.add(entry, orjson.loads(raw))
        return tags


def _posix(moment: str) -> float:
    """An ISO 8601 date or time as POSIX seconds (UTC when no zone is given).

    Raises:
        InvalidInput: not a date.
    """
    try:
        parsed = datetime.fromisoformat(moment)
    except (TypeError, ValueError):
        raise InvalidInput(f"not an ISO 8601 date or time: {moment!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def build_index(
    entities: Iterable[EntityProxy],
    *,
    name: str = "default",
    version: str = "working",
    redirects: Mapping[str, str] | None = None,
) -> ScreenIndex:
    """Index common entries (followthemoney entities, ideally with ``referents``).

    Args:
        entities: the entries of a release export or of the working list.
        name: dataset name that clients ask for (``default`` always works too).
        version: label of what was indexed, shown in responses.
        redirects: old entry ID → its successor, for IDs retired by merges.

    Returns:
        The index, ready to share between threads.
    """
    ids: list[str] = []
    schemas: list[str] = []
    captions: list[str] = []
    data: list[bytes] = []
    name_entry: list[int] = []
    sizes: list[int] = []  # per name: the words that count on its side of the overlap
    vocab: dict[str, int] = {}
    singles: set[int] = set()
    postings: list[list[int]] = []
    identifiers: dict[str, list[int]] = {}
    birth_dates: list[tuple[str, ...]] = []
    spellings: list[str] = []  # per name, its words' first keys, sorted: what rapidfuzz compares
    tags = EntryTags()

    def posting(key: str) -> list[int]:
        vid = vocab.get(key)
        if vid is None:
            vid = vocab[key] = len(postings)
            postings.append([])
        return postings[vid]

    for entity in entities:
        if not entity.id:
            continue
        entry = len(ids)
        ids.append(entity.id)
        schemas.append(entity.schema.name)
        captions.append(entity.caption)
        as_dict = entity.to_dict()
        data.append(orjson.dumps(as_dict))
        tags.add(entry, as_dict)
        person = entity.schema.is_a("Person")
        dates = entity.get("birthDate", quiet=True)
        birth_dates.append(tuple(dates) if dates else ())
        for text in entity_names(entity):
            words = name_words(text)
            if not words:
                continue
            joins = word_joins(text)
            nid = len(name_entry)
            spellings.append(spelling(words))
            name_entry.append(entry)
            sizes.append(min(name_size(text, len(words), person=person), 255))
            for i, keys in enumerate(words):
                for key in keys:
                    target = posting(key)
                    if not target or target[-1] != nid:
                        target.append(nid)
                    singles.add(vocab[key])
                # written as one with the next word: each key end to end (what a query's
                # words beside each other look up, ``_joined``); and the keys of the word
                # joined to its neighbours (what a query's one word is: ``AzizJafari`` ~
                # ``Aziz Jafari``, ``Abubakr`` ~ ``Abu Bakr``)
                both = (
                    [a + b for a in spelt_keys(keys) for b in spelt_keys(words[i + 1])]
                    if i + 1 < len(words)
                    else []
                )
                for key in (*both, *joins[i]):
                    target = posting(key)
                    if not target or target[-1] != nid:
                        target.append(nid)
        for ident in entity_identifiers(entity):
            identifiers.setdefault(ident, []).append(entry)
    deletes: dict[str, list[int]] = {}
    skeletons: dict[str, list[int]] = {}
    for key, vid in vocab.items():
        if vid not in singles or key.startswith(LEGAL_KEY):
            continue
        for form in deletions(key):
            deletes.setdefault(form, []).append(vid)
        skel = skeleton(key)
        if skel is not None:
            skeletons.setdefault(skel, []).append(vid)
    info = IndexInfo(name, version, len(ids), len(name_entry), len(singles))
    return ScreenIndex(
        info=info,
        ids=ids,
        schemas=schemas,
        captions=captions,
        data=data,
        redirects=redirects or {},
        name_entry=np.asarray(name_entry, dtype=np.int32),
        name_size=np.asarray(sizes, dtype=np.uint8),
        vocab=vocab,
        postings=[np.asarray(p, dtype=np.int32) for p in postings],
        deletes=deletes,
        skeletons=skeletons,
        identifiers={k: distinct(np.asarray(v, dtype=np.int32)) for k, v in identifiers.items()},
        birth_dates=birth_dates,
        spellings=spellings,
        tags=tags,
    )

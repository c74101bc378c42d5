"""Score a query against the index's candidates with the matcher: one function, as in yente.

Before the matcher, a cheap pre-filter drops candidates that cannot reach the
threshold: match_v1 needs a name alignment of about 0.76 with no other evidence,
and an entry whose best name shares few of the query's words (low ``overlap``,
see ``screen.index``) cannot align that well. The cut-offs were measured on the
real list (``benchmarks/screening.py`` reports the lowest overlap among pairs the
matcher scores >= 0.7 in each run) and keep a margin below it. Agreeing birth
years can lift a weak name over the threshold, so those pairs get a low cut-off;
birth dates far apart pull the score down, so those need nearly every word.
The filter applies only when the caller wants no score below the default
threshold; the names below its least cut-off for the query's dates are then dropped
while the index counts the query's words, never found to be refused. Below the
threshold, every retrieved candidate is scored, but of the names the filter would drop
(a query without birth dates), only the best few by overlap and retrieval score are
retrieved to fill the candidates (``query_candidates``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from commonlist.exc import InvalidInput
from commonlist.matching import (
    DEFAULT_ALGORITHM,
    DEFAULT_THRESHOLD,
    MatchResult,
    get_algorithm,
    prepare,
)
from commonlist.screen.index import (
    Candidate,
    EntryFilter,
    IntArray,
    ScreenIndex,
    date_parts,
    run_starts,
    spans,
)
from commonlist.screen.keys import entity_identifiers, entity_names

FloatArray = npt.NDArray[np.float64]
_new_tuple = tuple.__new__

#: Candidates the index hands to the matcher per query.
CANDIDATES = 30
#: The same with the pre-filter: survivors are few, and those ranked beyond 30 are
#: entries whose spelling the index and the matcher judge differently.
FILTERED_CANDIDATES = 60
#: Scores below this are not returned at all.
DEFAULT_CUTOFF = 0.5
#: Least word overlap for the matcher to run, by what the birth dates say (see module doc).
#: Lowest overlap among matches >= 0.7 on the real list (450 queries): 0.667 with no or
#: unclear dates, 0.167 with the same birth day (one word of three); margins below both.
OVERLAP_CUTOFF = 0.55
OVERLAP_CUTOFF_SAME_DATE = 0.12
#: The same year only earns half the date weight: one shared word of two (0.25) or of
#: three (0.17) cannot reach the threshold with it, two of four (0.5) can.
OVERLAP_CUTOFF_SAME_YEAR = 0.45
OVERLAP_CUTOFF_OTHER_YEAR = 0.9

__all__ = [
    "CANDIDATES",
    "DEFAULT_CUTOFF",
    "DateCutoffs",
    "DEFAULT_THRESHOLD",
    "Hit",
    "may_match",
    "may_match_many",
    "overlap_cutoff",
    "prefilter_many",
    "query_candidates",
    "query_entity",
    "score_query",
]


class Hit(NamedTuple):
    """One entry found for a query, with the matcher's explained score (a named tuple, built
    by ``tuple.__new__`` in ``score_query``: cheaper than a frozen dataclass's ``__init__``)."""

    entry: int  # position in the index
    id: str
    score: float
    match: bool  # score ≥ threshold
    retrieval: float  # the index's own coverage score, for diagnostics
    result: MatchResult


def query_entity(
    schema: str, properties: Mapping[str, str | Sequence[str]], *, entity_id: str | None = None
) -> EntityProxy:
    """A followthemoney entity from a query example (yente's ``EntityExample``).

    Unknown properties are refused; values are cleaned by their followthemoney type
    (``nationality: Russia`` becomes ``ru``).

    Raises:
        InvalidInput: unknown schema or property, or no name to screen.
    """
    found = model.get(schema)
    if found is None:
        raise InvalidInput(f"unknown schema {schema!r}")
    if not found.matchable:
        raise InvalidInput(f"schema {schema!r} cannot be screened")
    entity = model.make_entity(found)
    entity.id = entity_id or "query"
    for prop, values in properties.items():
        if prop not in found.properties:
            raise InvalidInput(f"schema {schema} has no property {prop!r}")
        items = [values] if isinstance(values, str) else list(values)
        try:
            entity.add(prop, [v for v in items if isinstance(v, str) and v.strip()], fuzzy=True)
        except InvalidData as exc:
            raise InvalidInput(f"{prop}: {exc}") from exc
    return entity


def overlap_cutoff(query_dates: Sequence[str], entry_dates: Sequence[str]) -> float:
    """The least word overlap with which a pair can still reach the default threshold.

    Birth dates decide: the same month or day (strong evidence, day and month
    swapped included), the same year only (weaker), years more than one apart (a
    certain conflict), or anything else.
    """
    if not query_dates or not entry_dates:
        return OVERLAP_CUTOFF
    pairs = [(a, b) for a in query_dates for b in entry_dates]
    if any(_same_month(a, b) for a, b in pairs):
        return OVERLAP_CUTOFF_SAME_DATE
    if any(a[:4] == b[:4] for a, b in pairs):
        return OVERLAP_CUTOFF_SAME_YEAR
    years = [(a[:4], b[:4]) for a, b in pairs]
    if all(a.isdigit() and b.isdigit() and abs(int(a) - int(b)) > 1 for a, b in years):
        return OVERLAP_CUTOFF_OTHER_YEAR
    return OVERLAP_CUTOFF


def _same_month(left: str, right: str) -> bool:
    """Two dates agree at month precision or finer, or are one day with day and month swapped."""
    n = min(len(left), len(right))
    if n >= 7 and left[:7] == right[:7]:
        return True
    return (
        n == 10 and left[:4] == right[:4] and (left[5:7], left[8:10]) == (right[8:10], right[5:7])
    )


def may_match(
    index: ScreenIndex, names: Sequence[str], identifiers: Iterable[str], dates: Sequence[str]
) -> bool:
    """Whether any entry could score >= the default threshold: the pre-filter alone.

    Looks at every entry the index finds (not only the best ``CANDIDATES``), so a
    row it rejects has no match that ``score_query`` could find.
    """
    if any(index.identifier_entries(i) for i in identifiers):
        return True
    entries, overlaps = index.overlaps(names)
    if not dates or (overlaps >= OVERLAP_CUTOFF_OTHER_YEAR).any():
        return bool((overlaps >= OVERLAP_CUTOFF).any())  # no date to tell, or a sure pass
    # only entries whose dates can decide need them compared
    open_ = overlaps >= OVERLAP_CUTOFF_SAME_DATE
    entries, overlaps = entries[open_], overlaps[open_]
    return bool((overlaps >= overlap_cutoffs(index, dates, entries)).any())


def may_match_many(
    index: ScreenIndex,
    queries: Sequence[tuple[Sequence[str], Iterable[str], Sequence[str]]],
) -> list[bool]:
    """``may_match`` for many (names, identifiers, dates) queries in one vectorised pass."""
    return [found is not None for found in prefilter_many(index, queries)]


@dataclass(frozen=True, slots=True)
class DateCutoffs:
    """The birth-date cut-offs the pre-filter computed for one query, handed on to scoring.

    ``entries`` (sorted, distinct) are those whose overlap with one of the query's names
    was undecided without the dates (at least ``OVERLAP_CUTOFF_SAME_DATE``, below
    ``OVERLAP_CUTOFF_OTHER_YEAR``); ``cutoffs`` their cut-offs for the query's ``dates``.
    An entry whose names found all share less than ``OVERLAP_CUTOFF_SAME_YEAR`` could only
    pass with dates agreeing to the month: its cut-off is ``OVERLAP_CUTOFF_SAME_DATE`` if
    they do, else infinite (the exact one, higher than its overlaps, was not computed).
    """

    dates: tuple[str, ...]
    entries: IntArray
    cutoffs: FloatArray

    def lookup(
        self, dates: Sequence[str], entries: IntArray, overlaps: FloatArray
    ) -> FloatArray | None:
        """The cut-offs of ``entries`` (names found with these ``overlaps``) for ``dates``;
        None unless all were computed for them, for overlaps as high."""
        if tuple(dates) != self.dates:
            return None
        if not len(entries):
            return np.zeros(0)
        if not len(self.entries):
            return None
        at = np.minimum(np.searchsorted(self.entries, entries), len(self.entries) - 1)
        if not (self.entries[at] == entries).all():
            return None
        cut = self.cutoffs[at]
        unknown = np.isinf(cut)
        if unknown.any() and (overlaps[unknown] >= OVERLAP_CUTOFF_SAME_YEAR).any():
            return None  # a name sharing more than the pre-filter saw: the exact cut-off
        return cut


def prefilter_many(
    index: ScreenIndex,
    queries: Sequence[tuple[Sequence[str], Iterable[str], Sequence[str]]],
) -> list[DateCutoffs | None]:
    """The pre-filter for many (names, identifiers, dates) queries in one vectorised pass.

    None for a query that cannot match; for one that may, the birth-date cut-offs it
    computed (``DateCutoffs``), so that scoring does not compare the same dates again.
    The look-ups of the names of queries that pass stay in the index's cache of recent
    look-ups for their scoring.
    """
    passed = np.asarray(
        [any(index.identifier_entries(i) for i in idents) for _n, idents, _d in queries],
        dtype=bool,
    )
    dated = np.asarray([bool(dates) for _n, _i, dates in queries], dtype=bool)
    query_dates = [dates for _n, _i, dates in queries]
    decided: list[tuple[npt.NDArray[np.bool_], IntArray, IntArray, FloatArray]] = []

    def decide(owners: IntArray, entries: IntArray, overlaps: FloatArray) -> npt.NDArray[np.bool_]:
        pair_dated = dated[owners]
        # without dates the cut-off is the general one; at the highest cut-off a pair passes
        # whatever the dates say, below the lowest it cannot pass: only the others need dates
        sure = overlaps >= OVERLAP_CUTOFF_OTHER_YEAR
        sure |= ~pair_dated & (overlaps >= OVERLAP_CUTOFF)
        open_ = pair_dated & (overlaps >= OVERLAP_CUTOFF_SAME_DATE)
        open_ &= overlaps < OVERLAP_CUTOFF_OTHER_YEAR
        owners_open, entries_open, overlaps_open = owners[open_], entries[open_], overlaps[open_]
        # most pairs share one word: only dates agreeing to the month let those pass, which
        # the index's months answer; the few sharing more get their cut-offs computed
        weak = overlaps_open < OVERLAP_CUTOFF_SAME_YEAR
        cut = np.full(len(entries_open), np.inf)
        cut[weak & _months_agree(index, query_dates, owners_open, entries_open)] = (
            OVERLAP_CUTOFF_SAME_DATE
        )
        strong = ~weak
        cut[strong] = overlap_cutoffs_many(
            index, query_dates, owners_open[strong], entries_open[strong]
        )
        found = passed.copy()
        found[owners[sure]] = True
        found[owners_open[overlaps_open >= cut]] = True
        decided.append((found, owners_open, entries_open, cut))
        return found

    index.overlaps_many([names for names, _i, _d in queries], remember=decide)
    found, owners_open, entries_open, cut = decided[0]
    # one (query, entry) row per pair of the queries that pass, in order, with the lowest
    # cut-off found for it: the exact one where an entry's names were also found sharing more
    keep = found[owners_open]
    key = owners_open[keep].astype(np.int64) * len(index) + entries_open[keep]
    cut = cut[keep]
    order = np.lexsort((cut, key))
    key, cut = key[order], cut[order]
    first = run_starts(key)
    key, cut = key[first], cut[first]
    query_of, entry_of = np.divmod(key, len(index))
    ends = np.searchsorted(query_of, np.arange(len(queries) + 1))
    return [
        DateCutoffs(
            tuple(queries[q][2]),
            entry_of[ends[q] : ends[q + 1]].astype(np.int32),
            cut[ends[q] : ends[q + 1]],
        )
        if ok
        else None
        for q, ok in enumerate(found.tolist())
    ]


def _months_agree(
    index: ScreenIndex, dates: Sequence[Sequence[str]], queries: IntArray, entries: IntArray
) -> npt.NDArray[np.bool_]:
    """Whether query ``queries[i]``'s ``dates`` and entry ``entries[i]``'s agree to the month
    (``_same_month``), from the entries born in each of the queries' months."""
    asked = [(q, date_parts(d)) for q, ds in enumerate(dates) for d in ds]
    if not asked or not len(entries):
        return np.zeros(len(entries), dtype=bool)
    query_of, entry_of = index.birth_months.sharing(
        np.asarray([q for q, _p in asked], dtype=np.int32),
        np.asarray([p for _q, p in asked], dtype=np.int64).reshape(len(asked), 3),
    )
    agreeing = np.unique(query_of.astype(np.int64) * len(index) + entry_of)
    if not len(agreeing):
        return np.zeros(len(entries), dtype=bool)
    key = queries.astype(np.int64) * len(index) + entries
    at = np.minimum(np.searchsorted(agreeing, key), len(agreeing) - 1)
    same: npt.NDArray[np.bool_] = agreeing[at] == key
    return same


def overlap_cutoffs(index: ScreenIndex, dates: Sequence[str], entries: IntArray) -> FloatArray:
    """``overlap_cutoff`` for many entries at once, over the index's dates as numbers."""
    return overlap_cutoffs_many(index, [dates], np.zeros(len(entries), dtype=np.int32), entries)


def overlap_cutoffs_many(
    index: ScreenIndex, dates: Sequence[Sequence[str]], queries: IntArray, entries: IntArray
) -> FloatArray:
    """``overlap_cutoff`` for many (query, entry) pairs: query ``queries[i]``'s ``dates``
    against entry ``entries[i]``'s, vectorised over the index's dates as numbers."""
    cut = np.full(len(entries), OVERLAP_CUTOFF)
    query_dates = [[date_parts(d) for d in ds] for ds in dates]
    n_dates = np.asarray([len(ds) for ds in query_dates], dtype=np.int64)
    if not len(entries) or not n_dates.any():
        return cut
    first = index.dates_start[entries]
    # a pair whose query states no date keeps the general cut-off
    counts = np.where(n_dates[queries] > 0, index.dates_start[entries + 1] - first, 0)
    if not counts.any():
        return cut
    # one row per (pair, entry date), owner = the pair's position
    owner = np.repeat(np.arange(len(entries)), counts)
    at = spans(first, counts)
    year, month, day = index.date_parts[at].astype(np.int32).T
    asked = queries[owner]
    same_month = np.zeros(len(at), dtype=bool)
    same_year = np.zeros(len(at), dtype=bool)
    far = np.ones(len(at), dtype=bool)
    for k in range(int(n_dates.max())):
        # the k-th date of every query (none: a year that matches nothing)
        parts = np.asarray([ds[k] if k < len(ds) else (-1, 0, 0) for ds in query_dates])
        y, m, d = parts.astype(np.int32)[asked].T
        stated = n_dates[asked] > k
        years = (year == y) & (y >= 0)
        same_month |= years & (month == m) & (m > 0)
        same_month |= years & (day > 0) & (d > 0) & (month == d) & (day == m)  # swapped
        same_year |= years
        far &= ~stated | ((y >= 0) & (year >= 0) & (np.abs(year - y) > 1))
    n = len(entries)
    cut[(counts > 0) & (np.bincount(owner, weights=~far, minlength=n) == 0)] = (
        OVERLAP_CUTOFF_OTHER_YEAR
    )
    cut[np.bincount(owner, weights=same_year, minlength=n) > 0] = OVERLAP_CUTOFF_SAME_YEAR
    cut[np.bincount(owner, weights=same_month, minlength=n) > 0] = OVERLAP_CUTOFF_SAME_DATE
    return cut


def _passes(
    index: ScreenIndex,
    dates: Sequence[str],
    entries: IntArray,
    overlaps: FloatArray,
    known: DateCutoffs | None = None,
) -> npt.NDArray[np.bool_]:
    """Which entries' overlaps reach their cut-off; dates compared only where they can decide
    (or the cut-offs taken from ``known``, when it holds them for these dates)."""
    passes = overlaps >= OVERLAP_CUTOFF_SAME_DATE
    if not dates:
        passes &= overlaps >= OVERLAP_CUTOFF
        return passes
    if known is not None:
        open_ = passes & (overlaps < OVERLAP_CUTOFF_OTHER_YEAR)
        cut = known.lookup(dates, entries[open_], overlaps[open_])
        if cut is not None:
            passes[open_] = overlaps[open_] >= cut
            return passes
    passes[passes] = overlaps[passes] >= overlap_cutoffs(index, dates, entries[passes])
    return passes


def score_query(
    index: ScreenIndex,
    query: EntityProxy,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    cutoff: float = DEFAULT_CUTOFF,
    limit: int = 5,
    candidates: int | None = None,
    algorithm: str = DEFAULT_ALGORITHM,
    known: DateCutoffs | None = None,
    only: EntryFilter | None = None,
    weights: Mapping[str, float] | None = None,
) -> tuple[int, list[Hit]]:
    """Retrieve candidates for a query and score them with the matcher.

    Args:
        index: the screening index.
        query: the entity to screen (a customer, a traveller, a company).
        threshold: score at and above which a hit is a match.
        cutoff: scores below this are dropped; at or above the default threshold,
            candidates that cannot reach it are not scored at all. Below it, of the
            names the pre-filter judges cannot reach it (a query without birth dates, the
            algorithm's own weights, a threshold no lower than the default), only the best
            by word overlap and retrieval score fill the candidates (``filler_below``).
        limit: hits to return, best first.
        candidates: entries the index hands to the matcher (default: ``CANDIDATES``,
            or ``FILTERED_CANDIDATES`` of those that pass the pre-filter).
        algorithm: registered matching algorithm.
        known: the pre-filter's birth-date cut-offs for this query (``prefilter_many``),
            used where they were computed for the query's own dates.
        only: the entries that may be found (``ScreenIndex.entry_filter``): the others
            are left out before the best are chosen for the matcher.
        weights: feature name → weight, replacing the algorithm's (yente's ``weights``).
            The pre-filter, measured with the algorithm's own weights, is then not used:
            every candidate is scored.

    Returns:
        The number of hits at or above the cutoff, and the best ``limit`` of them.
    """
    # refuses unknown weights first; pairs that cannot reach the cutoff are not explained
    compare_all = get_algorithm(algorithm, weights).compare_all
    found = query_candidates(
        index,
        query,
        threshold=threshold,
        cutoff=cutoff,
        candidates=candidates,
        known=known,
        only=only,
        weights=weights,
    )
    if not found:
        return 0, []
    prepared = prepare(query)
    ids = index.ids
    hits: list[Hit] = []
    records = index.prepared_many([c.entry for c in found])
    for cand, result in zip(found, compare_all(prepared, records, cutoff), strict=True):
        if result is not None and (score := result.score) >= cutoff:
            entry = cand.entry
            hits.append(
                _new_tuple(
                    Hit, (entry, ids[entry], score, score >= threshold, cand.retrieval, result)
                )
            )
    hits.sort(key=_hit_order)
    return len(hits), hits[:limit]


def query_candidates(
    index: ScreenIndex,
    query: EntityProxy,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    cutoff: float = DEFAULT_CUTOFF,
    candidates: int | None = None,
    known: DateCutoffs | None = None,
    only: EntryFilter | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """The candidates ``score_query`` hands the matcher, best first (its arguments)."""
    if not weights and min(threshold, cutoff) >= DEFAULT_THRESHOLD:
        # the cheap filter first, over every entry found, then the best for the matcher
        dates = query.get("birthDate", quiet=True)
        return index.candidates_for_names(
            entity_names(query),
            entity_identifiers(query),
            limit=candidates or FILTERED_CANDIDATES,
            admit=lambda entries, overlaps: _passes(index, dates, entries, overlaps, known),
            only=only,
            # below its least cut-off for the dates, ``_passes`` refuses every name
            admits_from=OVERLAP_CUTOFF_SAME_DATE if dates else OVERLAP_CUTOFF,
        )
    # without birth dates, names sharing less than the pre-filter's cut-off are no matches
    # by its measure (the few the matcher still scores at the default threshold, the
    # pre-filter misses too: the benchmark's recall). They only fill the candidates with
    # weak results, and the index spells out few of them
    plain = not weights and threshold >= DEFAULT_THRESHOLD
    filler = OVERLAP_CUTOFF if plain and not query.get("birthDate", quiet=True) else 0.0
    return index.candidates(query, limit=candidates or CANDIDATES, only=only, filler_below=filler)


def _hit_order(hit: Hit) -> tuple[float, str]:
    return -hit.score, hit.id


def warm_up(index: ScreenIndex) -> None:
    """Screen one query so the matcher loads its reference data (rigour's name tables).

    That load takes seconds once per process; a server does it before it listens,
    and the bulk engine before it forks its workers.
    """
    score_query(index, query_entity("Person", {"name": ["Warm Up"]}), limit=1)

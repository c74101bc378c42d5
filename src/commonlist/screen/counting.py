# cython: annotation_typing=False, boundscheck=False, wraparound=False
"""Which of a query name's words each name of the index holds, and what that makes it score.

The inner loop of single-query retrieval (``ScreenIndex._name_candidates``), compiled
(``setup.py``; C types in ``counting.pxd``). The query name's words each found a sorted
array of name positions. The names found are those holding one of the *generating*
words (the rarer ones): their arrays are merged, each name with one bit per word it
holds. The other words' arrays, often long, are only looked up in, by galloping search.
The bits index tables of the words' summed share of the query's weight and of their
number; from those come each name's retrieval score and word overlap, by the same float
operations, in the same order, as ``ScreenIndex._scores`` does them over numpy arrays.

Every array is read in order, never a table over all names but one byte of each name
found: on an index of a million names, a query name meets thousands of them, and
numpy's calls over such arrays (a mask over all names written and read at scattered
places, a sort, a dozen temporaries) cost several times these passes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["count_words"]


def count_words(
    arrays: list[npt.NDArray[np.int32]],
    generating: list[bool],
    shares: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int32],
    least: float,
    name_size: npt.NDArray[np.uint8],
    n_words: int,
    query_side: float,
    name_side: float,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The names holding enough of a query name's words: positions, retrieval, overlap.

    Args:
        arrays: per word found (at most 8), the sorted positions of the names holding it.
        generating: per word, whether the names holding it are found (else only looked up
            in); at least one is.
        shares: per set of words (bit i: word i), their summed weight over the query's.
        counts: per set of words, their number.
        least: the share a name must hold to be found (``min_coverage``).
        name_size: per name, the words that count on its side of the overlap.
        n_words: the query name's words.
        query_side: the weight of the query's side in the retrieval score; ``name_side``
            that of the name's side (``1 - query_side``, as the caller computes it).

    Returns:
        The names found, sorted, with their retrieval scores and word overlaps.
    """
    found_names, held_words = _merged(arrays, generating)
    found = found_names  # compiled: typed views of the arrays
    held = held_words
    bit = 1
    for names, gen in zip(arrays, generating, strict=True):
        if not gen:
            _look_in(names, bit, found, held)
        bit <<= 1
    positions_found = np.empty(len(found), dtype=np.int32)
    retrieval_found = np.empty(len(found), dtype=np.float64)
    overlap_found = np.empty(len(found), dtype=np.float64)
    positions = positions_found
    retrieval = retrieval_found
    overlap = overlap_found
    kept = 0
    for k in range(len(found)):
        name = found[k]
        words = held[k]
        share = shares[words]
        if share < least:
            continue
        count = counts[words]
        size = name_size[name]
        if size < 1:
            size = 1
        shared = count if count < size else size
        by_name = shared / size
        by_query = count / n_words
        value = 2.0 * by_query * by_name / (by_query + by_name)
        if n_words >= 2 and count < 2:
            value /= 2  # one shared word of several: the others conflict
        positions[kept] = name
        retrieval[kept] = query_side * share + name_side * by_name
        overlap[kept] = value
        kept += 1
    return positions_found[:kept], retrieval_found[:kept], overlap_found[:kept]


def _merged(
    arrays: list[npt.NDArray[np.int32]], generating: list[bool]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint8]]:
    """The names holding a generating word, sorted, and the bits of the generating words
    each holds."""
    found: npt.NDArray[np.int32] | None = None
    held = np.zeros(0, dtype=np.uint8)
    bit = 1
    for names, gen in zip(arrays, generating, strict=True):
        if gen:
            if found is None:
                found = names
                held = np.full(len(names), bit, dtype=np.uint8)
            else:
                size = len(found) + len(names)
                merged = np.empty(size, dtype=np.int32)
                merged_held = np.empty(size, dtype=np.uint8)
                n = _merge(found, held, names, bit, merged, merged_held)
                found, held = merged[:n], merged_held[:n]
        bit <<= 1
    if found is None:
        raise ValueError("no generating word")
    return found, held


def _merge(
    left: npt.NDArray[np.int32],
    left_held: npt.NDArray[np.uint8],
    right: npt.NDArray[np.int32],
    bit: int,
    out: npt.NDArray[np.int32],
    out_held: npt.NDArray[np.uint8],
) -> int:
    """Merge two sorted arrays of distinct names into ``out``, each name once, with the
    words it holds: those of ``left_held`` and ``bit`` for a name of ``right``; the length."""
    i = 0
    j = 0
    n = 0
    m = len(left)
    k = len(right)
    while i < m and j < k:
        a = left[i]
        b = right[j]
        if a < b:
            out[n] = a
            out_held[n] = left_held[i]
            i += 1
        elif b < a:
            out[n] = b
            out_held[n] = bit
            j += 1
        else:
            out[n] = a
            out_held[n] = left_held[i] | bit
            i += 1
            j += 1
        n += 1
    while i < m:
        out[n] = left[i]
        out_held[n] = left_held[i]
        i += 1
        n += 1
    while j < k:
        out[n] = right[j]
        out_held[n] = bit
        j += 1
        n += 1
    return n


def _look_in(
    names: npt.NDArray[np.int32],
    bit: int,
    found: npt.NDArray[np.int32],
    held: npt.NDArray[np.uint8],
) -> None:
    """Set ``bit`` in ``held`` for each name of ``found`` (sorted) that ``names`` (sorted)
    holds.

    Galloping search: from where the last name found stopped, steps of 1, 2, 4, ... then
    a binary search; a long array is read in few places when ``found`` is short, and
    nearly in order when it is long.
    """
    m = len(names)
    j = 0
    for k in range(len(found)):
        if j >= m:
            return
        target = found[k]
        if names[j] < target:
            low = j  # names[low] < target
            step = 1
            high = j + 1
            while high < m and names[high] < target:
                low = high
                step <<= 1
                high = j + step
            if high > m:
                high = m
            while high - low > 1:  # names[low] < target <= names[high] (or high == m)
                middle = (low + high) >> 1
                if names[middle] < target:
                    low = middle
                else:
                    high = middle
            j = high
        if j < m and names[j] == target:
            held[k] |= bit

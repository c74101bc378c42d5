# cython: annotation_typing=False, boundscheck=False, wraparound=False
"""The ranking steps of single-query retrieval after the count, compiled (``setup.py``; C
types in ``ranking.pxd``).

``most_overlapping`` picks the names a query name found that are worth spelling out:
those of most word overlap (then retrieval score), with every name tied at the cut or
the first of them, kept in index order. It reads the two columns once, where numpy's
``argpartition`` over their sum wrote three temporaries the size of the names found
(tens of thousands for a name of common words on a big index) and left tied names in no
set order: on the real list, *Магомедов Магомед Магомедович* finds 2,324 names, over
1,000 of them tied on overlap 1 (its words one edit from *Ахмед*, *Магомедович*…), and
whether the listed name spelt the same was among those spelt depended on where the
selection left it.

``best_entries`` is the last step (``ScreenIndex._best_entries``). A query name finds a
few hundred names on a big index, each with a retrieval score, a word overlap and a
rank; an entry takes the best of each over its names, and the entries are ordered by
rank, then by position (ties go to the first entry). The same numbers as numpy's
``maximum.reduceat`` and ``lexsort`` over the same arrays, in one pass and a selection
among ``limit`` kept, instead of a dozen numpy calls of a few microseconds each over
arrays this short.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["best_entries", "most_overlapping"]


def best_entries(
    name_entry: npt.NDArray[np.int32],
    names: npt.NDArray[np.int32],
    retrieval: npt.NDArray[np.float64],
    overlap: npt.NDArray[np.float64],
    ranks: npt.NDArray[np.float64],
    limit: int,
) -> tuple[list[int], list[float], list[float]]:
    """The best ``limit`` entries by rank, then by entry, with each one's best retrieval
    score (at most 1) and overlap over its names.

    Args:
        name_entry: per name of the index, its entry.
        names: the names found, those of one entry consecutive.
        retrieval: per name found, its retrieval score.
        overlap: per name found, its word overlap.
        ranks: per name found, its rank.
        limit: the entries wanted.

    Returns:
        The entries, best first, their retrieval scores and their overlaps.
    """
    n = len(names)
    keep = limit if limit < n else n
    if keep <= 0:
        return [], [], []
    # each entry's best of each column, over its run of names, offered as the run ends to
    # the best ``keep`` so far (best first)
    top_entry_array = np.empty(keep, dtype=np.int32)
    top_array = np.empty((3, keep), dtype=np.float64)  # retrieval, overlap, rank
    entries_array = np.empty(n, dtype=np.int32)
    top_entry = top_entry_array  # compiled: typed views of the arrays
    top = top_array
    entries = entries_array
    # the names' entries first, in a loop of independent reads (on a big index they lie
    # far apart: many are in flight at once), then compared
    for i in range(n):
        entries[i] = name_entry[names[i]]
    held = 0
    i = 0
    while i < n:
        entry = entries[i]
        score = retrieval[i]
        best_overlap = overlap[i]
        rank = ranks[i]
        i += 1
        while i < n and entries[i] == entry:
            if retrieval[i] > score:
                score = retrieval[i]
            if overlap[i] > best_overlap:
                best_overlap = overlap[i]
            if ranks[i] > rank:
                rank = ranks[i]
            i += 1
        if held == keep:
            if rank < top[2, held - 1] or (
                rank == top[2, held - 1] and entry > top_entry[held - 1]
            ):
                continue
            held -= 1  # the last makes room
        at = held
        while at > 0 and (
            rank > top[2, at - 1] or (rank == top[2, at - 1] and entry < top_entry[at - 1])
        ):
            top_entry[at] = top_entry[at - 1]
            top[0, at] = top[0, at - 1]
            top[1, at] = top[1, at - 1]
            top[2, at] = top[2, at - 1]
            at -= 1
        top_entry[at] = entry
        top[0, at] = score
        top[1, at] = best_overlap
        top[2, at] = rank
        held += 1
    chosen_entries: list[int] = []
    chosen_scores: list[float] = []
    chosen_overlaps: list[float] = []
    for k in range(held):
        chosen_entries.append(top_entry[k])
        score = top[0, k]
        chosen_scores.append(score if score < 1.0 else 1.0)
        chosen_overlaps.append(top[1, k])
    return chosen_entries, chosen_scores, chosen_overlaps


def most_overlapping(
    retrieval: npt.NDArray[np.float64],
    overlap: npt.NDArray[np.float64],
    keep: int,
    all_tied: bool = False,
) -> npt.NDArray[np.intp]:
    """The positions of the ``keep`` names of highest ``overlap + retrieval / 100`` (the
    least rank a name can have, ``ScreenIndex._rankable``), in order.

    Args:
        retrieval: per name found, its retrieval score.
        overlap: per name found, its word overlap.
        keep: the names wanted; all of them when there are no more.
        all_tied: also every name tied with the last one kept (so that no name is left
            out for its place in the index alone); else, of names tied at the cut, the
            first.
    """
    n = len(retrieval)
    if keep >= n:
        return np.arange(n, dtype=np.intp)
    if keep <= 0:
        return np.zeros(0, dtype=np.intp)
    least_array = np.empty(n, dtype=np.float64)
    work_array = np.empty(n, dtype=np.float64)
    least = least_array  # compiled: typed views of the arrays
    work = work_array
    for i in range(n):
        value = overlap[i] + retrieval[i] / 100.0
        least[i] = value
        work[i] = value
    # the keep-th highest value: quickselect of index n - keep in ascending order (Hoare's
    # partition around the middle element; the values are few and repeat a lot)
    target = n - keep
    low = 0
    high = n - 1
    while low < high:
        pivot = work[(low + high) >> 1]
        i = low
        j = high
        while i <= j:
            while work[i] < pivot:
                i += 1
            while work[j] > pivot:
                j -= 1
            if i <= j:
                swap = work[i]
                work[i] = work[j]
                work[j] = swap
                i += 1
                j -= 1
        if target <= j:
            high = j
        elif target >= i:
            low = i
        else:
            break
    cut = work[target]
    above = 0
    tied = 0
    for i in range(n):
        if least[i] > cut:
            above += 1
        elif least[i] == cut:
            tied += 1
    ties = tied if all_tied else keep - above  # names at the cut kept: all, or the first
    chosen_array = np.empty(above + ties, dtype=np.intp)
    chosen = chosen_array
    k = 0
    for i in range(n):
        value = least[i]
        if value > cut:
            chosen[k] = i
            k += 1
        elif value == cut and ties > 0:
            chosen[k] = i
            k += 1
            ties -= 1
    return chosen_array

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
    entries: npt.NDArray[np.int32],
    retrieval: npt.NDArray[np.float64],
    overlap: npt.NDArray[np.float64],
    ranks: npt.NDArray[np.float64],
    limit: int,
) -> tuple[list[int], list[float], list[float]]:
    """The best ``limit`` entries by rank, then by entry, with each one's best retrieval
    score (at most 1) and overlap over its names.

    Args:
        entries: per name found, its entry; the names of one entry are consecutive.
        retrieval: per name, its retrieval score.
        overlap: per name, its word overlap.
        ranks: per name, its rank.
        limit: the entries wanted.

    Returns:
        The entries, best first, their retrieval scores and their overlaps.
    """
    n = len(entries)
    keep = limit if limit < n else n
    if keep <= 0:
        return [], [], []
    # per entry met: its best of each column; then the best ``keep`` of them, in order
    run_entry_array = np.empty(n, dtype=np.int32)
    run_score_array = np.empty(n, dtype=np.float64)
    run_overlap_array = np.empty(n, dtype=np.float64)
    run_rank_array = np.empty(n, dtype=np.float64)
    top_array = np.empty(keep, dtype=np.intp)
    run_entry = run_entry_array  # compiled: typed views of the arrays
    run_score = run_score_array
    run_overlap = run_overlap_array
    run_rank = run_rank_array
    top = top_array
    runs = 0
    for i in range(n):
        entry = entries[i]
        if runs and run_entry[runs - 1] == entry:
            r = runs - 1
            if retrieval[i] > run_score[r]:
                run_score[r] = retrieval[i]
            if overlap[i] > run_overlap[r]:
                run_overlap[r] = overlap[i]
            if ranks[i] > run_rank[r]:
                run_rank[r] = ranks[i]
        else:
            run_entry[runs] = entry
            run_score[runs] = retrieval[i]
            run_overlap[runs] = overlap[i]
            run_rank[runs] = ranks[i]
            runs += 1
    held = 0  # top[:held]: the best runs so far, best first
    for r in range(runs):
        rank = run_rank[r]
        entry = run_entry[r]
        if held == keep:
            last = top[held - 1]
            if rank < run_rank[last] or (rank == run_rank[last] and entry > run_entry[last]):
                continue
            held -= 1  # the last makes room
        at = held
        while at > 0:
            other = top[at - 1]
            if rank < run_rank[other] or (rank == run_rank[other] and entry > run_entry[other]):
                break
            top[at] = other
            at -= 1
        top[at] = r
        held += 1
    chosen_entries: list[int] = []
    chosen_scores: list[float] = []
    chosen_overlaps: list[float] = []
    for k in range(held):
        r = top[k]
        chosen_entries.append(run_entry[r])
        score = run_score[r]
        chosen_scores.append(score if score < 1.0 else 1.0)
        chosen_overlaps.append(run_overlap[r])
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

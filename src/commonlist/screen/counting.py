# cython: annotation_typing=False, boundscheck=False, wraparound=False, initializedcheck=False
"""Which of a query name's words each name of the index holds, and what that makes it score.

The inner loop of single-query retrieval (``ScreenIndex._name_candidates``), compiled
(``setup.py``; C types in ``counting.pxd``). The query name's words each found a sorted
array of name positions. The names found are those holding one of the *generating*
words (the rarer ones): their arrays are merged, each name with one bit per word it
holds. The other words' arrays, often long, are only looked up in: by galloping search
when they are much longer than the names found, else by marking their names in a bitmap
of the index's names (1 bit each) and testing each name found, which reads both arrays
once, in order, without the galloping search's unpredictable branches. The bits index tables of the words' summed share of the query's weight and of their
number; from those come each name's retrieval score and word overlap, by the same float
operations, in the same order, as ``ScreenIndex._scores`` does them over numpy arrays.

When the caller wants, of the names found below an overlap (filler,
``ScreenIndex._bounded_filler``), only the best few, they are chosen as the names are
scored, and the others never written out. When the words' names are many,
``count_bounded`` does not even read them all: the names holding two words or more are
those met again as every word's names are marked in a bitmap, and those holding one
word, which are most and score by that word and their size alone, are read from the
word's names in order of size only until none can be kept.

Every array is read in order. Of the tables over all names, only one byte of each name
found is read, and the bitmap (one bit per name, allocated zeroed once per call) is
cleared name by name: on an index of a million names, a query name meets thousands of them, and
numpy's calls over such arrays (a mask over all names written and read at scattered
places, a sort, a dozen temporaries) cost several times these passes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["count_bounded", "count_words", "word_tables"]

# what ``_Kept.offer`` did with a name
_REFUSED = 0
_FOUND = 1
_FILLER = 2
#: the bit of each of a 64-bit word's positions (a shift by a variable count is several
#: instructions, a read of this table one)
_BITS = np.array([1 << i for i in range(64)], dtype=np.uint64)


def word_tables(
    weights: list[float], total: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
    """Per set of a query name's words (bit i: word i), its share of the name's weight
    (``total``), the words' ``weights`` summed in word order, and its number of words:
    the ``shares`` and ``counts`` of ``count_words``."""
    size = 1 << len(weights)
    shares_array = np.empty(size, dtype=np.float64)
    counts_array = np.empty(size, dtype=np.int32)
    shares = shares_array  # compiled: typed views of the arrays
    counts = counts_array
    shares[0] = 0.0
    counts[0] = 0
    held = 1
    for i in range(len(weights)):
        weight = weights[i]
        for k in range(held):
            shares[held + k] = shares[k] + weight
            counts[held + k] = counts[k] + 1
        held <<= 1
    for k in range(size):
        shares[k] = shares[k] / total
    return shares_array, counts_array


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
    below: float = 0.0,
    keep: int = 0,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The names holding enough of a query name's words: positions, retrieval, overlap.

    With ``below``, of the names found with a lower overlap (filler) only the ``keep`` of
    highest ``overlap + retrieval / 100``, the first in index order among equals: the
    index's ``_bounded_filler`` (``ranking.most_overlapping``'s choice), chosen as the
    names are scored, so that the thousands of names a big index finds sharing one word
    of the query are never written out.

    Args:
        arrays: per word found (at most 8), the sorted positions of the names holding it.
        generating: per word, whether the names holding it are found (else only looked up
            in); at least one is.
        shares: per set of words (bit i: word i), their summed weight over the query's.
        counts: per set of words, their number (both from ``word_tables``).
        least: the share a name must hold to be found (``min_coverage``).
        name_size: per name, the words that count on its side of the overlap.
        n_words: the query name's words.
        query_side: the weight of the query's side in the retrieval score; ``name_side``
            that of the name's side (``1 - query_side``, as the caller computes it).
        below: names found with a lower overlap are filler (0: none is).
        keep: the filler names kept.

    Returns:
        The names found (and filler kept), sorted, with their retrieval scores and word
        overlaps.
    """
    found_names, held_words = _merged(arrays, generating)
    found = found_names  # compiled: typed views of the arrays
    held = held_words
    bit = 1
    marks = None  # one bit per name of the index, for looking up in long arrays
    for array, gen in zip(arrays, generating, strict=True):
        if not gen:
            if len(array) < 4 * len(found):  # read whole: cheaper than galloping through it
                if marks is None:
                    marks = np.zeros((len(name_size) >> 6) + 1, dtype=np.uint64)
                _look_in_marked(array, bit, found, held, marks)
            else:
                _look_in(array, bit, found, held)
        bit <<= 1
    kept = _Kept(len(found), keep)
    for k in range(len(found)):
        name = found[k]
        words = held[k]
        share = shares[words]
        if share < least:
            continue
        score, found_score = _scored(
            counts[words], name_size[name], n_words, share, query_side, name_side
        )
        kept.offer(name, found_score, score, below)
    return kept.in_index_order(False)


def count_bounded(
    arrays: list[npt.NDArray[np.int32]],
    by_size: list[npt.NDArray[np.int32] | None],
    generating: list[bool],
    shares: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int32],
    least: float,
    name_size: npt.NDArray[np.uint8],
    n_words: int,
    query_side: float,
    name_side: float,
    below: float,
    keep: int,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """``count_words`` with a filler bound (``below`` above 0), without reading every
    name found.

    On a big index, most names a query name of common words finds hold just one of its
    words. Such a name's overlap and retrieval score follow from that word and the name's
    size alone, and fall as the size grows: read from the word's names in order of size
    (``by_size``), they are filler (or found, below ``below``: a query name of one word)
    until none can be kept any more. The names holding two words or more are those met
    again while every word's names are marked in a bitmap of the index's names, each met
    again with the word it was met in; of the words before the first of those, the one
    that holds the name is found by a binary search (none when it is the first word).

    Args:
        arrays: per word found (at most 8), the sorted positions of the names holding it.
        by_size: per generating word, its names in order of size (at least 1), then of
            position; ``None`` for the others.
        generating, shares, counts, least, name_size, n_words, query_side, name_side,
        below, keep: as for ``count_words``.

    Returns:
        What ``count_words`` returns for the same arguments.
    """
    marks_array = np.zeros((len(name_size) >> 6) + 1, dtype=np.uint64)  # the names met
    marks = marks_array
    total = 0
    longest = 0
    for array in arrays:
        total += len(array)
        longest = max(longest, len(array))
    # each name met again, with the word it was met again in (a name of three words twice):
    # at most the names of all arrays but one name each, so no more than all but the
    # longest array's
    more = np.empty(total - longest, dtype=np.int64)
    met = more
    n_more = 0
    bits = _BITS
    word_at = 0
    for array in arrays:
        names = array
        for j in range(len(names)):
            name = int(names[j])  # a C int compiled, a Python int (not numpy's) plainly
            at = name >> 6
            mark = bits[name & 63]
            word = marks[at]
            if word & mark:
                key = name
                met[n_more] = key << 3 | word_at
                n_more += 1
            else:
                marks[at] = word | mark
        word_at += 1
    # Each name met again holds the words it was met again in, and the one word before
    # the first of those where it was first marked: the first word when that is the
    # second, else the one of the words before it that holds the name.
    met_sorted = np.sort(more[:n_more])
    pairs = met_sorted
    several_array = np.empty(n_more, dtype=np.int32)
    held_array = np.empty(n_more, dtype=np.uint8)
    out = several_array
    held = held_array
    first = arrays[0]
    n_several = 0
    k = 0
    while k < n_more:
        key = pairs[k]
        name = key >> 3
        word_at = key & 7
        words = 0
        while k < n_more and pairs[k] >> 3 == name:
            words |= 1 << (pairs[k] & 7)
            k += 1
        if word_at == 1 or _holds(first, name):
            words |= 1
        else:
            marked_at = word_at - 1
            for j in range(1, word_at - 1):
                if _holds(arrays[j], name):
                    marked_at = j
                    break
            words |= 1 << marked_at
        out[n_several] = name
        held[n_several] = words
        n_several += 1
    n_more = n_several
    several = several_array[:n_more]
    generators = 0
    bit = 1
    for gen in generating:
        if gen:
            generators |= bit
        bit <<= 1
    room = n_more
    if _scored(1, 1, n_words, 1.0, query_side, name_side)[0] >= below:
        for ordered in by_size:  # names holding one word can be found, not just filler
            if ordered is not None:
                room += len(ordered)
    kept = _Kept(room, keep)
    for k in range(n_more):
        words = held[k]
        share = shares[words]
        if not words & generators or share < least:
            continue
        name = several[k]
        score, found_score = _scored(
            counts[words], name_size[name], n_words, share, query_side, name_side
        )
        kept.offer(name, found_score, score, below)
    sort_found = False  # the names found so far are in index order
    bit = 1
    for ordered in by_size:
        share = shares[bit]
        if ordered is None or share < least:
            bit <<= 1
            continue
        names = ordered
        for j in range(len(names)):
            name = int(names[j])
            if _holds(several, name):
                continue  # holds another word: counted above
            score, found_score = _scored(1, name_size[name], n_words, share, query_side, name_side)
            taken = kept.offer(name, found_score, score, below)
            if taken == _REFUSED:
                # the names after are of its size and later in the index, or bigger: of a
                # lower rank (by far more than rounding: 1 / (n_words + size) and 1 / size
                # fall by steps of 1e-5 at least)
                break
            sort_found |= taken == _FOUND  # a query name of one word, or a low bound
        bit <<= 1
    return kept.in_index_order(sort_found)


def _scored(
    count: int, size: int, n_words: int, share: float, query_side: float, name_side: float
) -> tuple[float, float]:
    """The word overlap and retrieval score of a name of ``size`` words (at least 1)
    holding ``count`` of the query name's ``n_words``, of ``share`` of its weight."""
    if size < 1:
        size = 1
    shared = count if count < size else size
    by_name = shared / size
    by_query = count / n_words
    score = 2.0 * by_query * by_name / (by_query + by_name)
    if n_words >= 2 and count < 2:
        score /= 2  # one shared word of several: the others conflict
    return score, query_side * share + name_side * by_name


class _Kept:
    """The names found, and the best ``keep`` filler, as they are scored.

    The filler is kept best first by rank, then index order (``ranking.most_overlapping``'s
    order, whatever the order the names come in), the last giving way.
    """

    def __init__(self, found: int, keep: int) -> None:
        self.spare = found  # room for the names found; the filler kept from here
        self.keep = keep
        room = found + max(keep, 1)
        self.names_array = np.empty(room, dtype=np.int32)
        self.retrieval_array = np.empty(room, dtype=np.float64)
        self.overlap_array = np.empty(room, dtype=np.float64)
        self.names = self.names_array  # compiled: typed views of the arrays
        self.retrieval = self.retrieval_array
        self.overlap = self.overlap_array
        self.n_found = 0
        self.n_kept = 0

    def offer(self, name: int, retrieval: float, overlap: float, below: float) -> int:
        """A name scored: found if its overlap is ``below`` or more, else filler kept or
        refused; which of ``_FOUND``, ``_FILLER``, ``_REFUSED``."""
        if overlap >= below:
            self.add(name, retrieval, overlap)
            return _FOUND
        rank = overlap + retrieval / 100.0  # as ranking.most_overlapping ranks
        if self.refuses(name, rank):
            return _REFUSED
        self.fill(name, retrieval, overlap, rank)
        return _FILLER

    def add(self, name: int, retrieval: float, overlap: float) -> None:
        """A name found."""
        self.names[self.n_found] = name
        self.retrieval[self.n_found] = retrieval
        self.overlap[self.n_found] = overlap
        self.n_found += 1

    def refuses(self, name: int, rank: float) -> bool:
        """Whether filler of this rank is not kept: the kept are as many and all better
        (or none is kept)."""
        if self.n_kept < self.keep:
            return False
        if self.n_kept == 0:
            return True
        last = self.spare + self.n_kept - 1
        kept = self.rank_at(last)
        return bool(rank < kept or (rank == kept and name > self.names[last]))

    def rank_at(self, at: int) -> float:
        """The rank of the filler kept at ``at``, as ``offer`` computed it."""
        return float(self.overlap[at] + self.retrieval[at] / 100.0)

    def fill(self, name: int, retrieval: float, overlap: float, rank: float) -> None:
        """Keep filler that ``refuses`` does not refuse, in its place."""
        names = self.names
        spare = self.spare
        if self.n_kept == self.keep:
            i = spare + self.n_kept - 1
        else:
            i = spare + self.n_kept
            self.n_kept += 1
        while i > spare and (
            (kept := self.rank_at(i - 1)) < rank or (kept == rank and names[i - 1] > name)
        ):
            names[i] = names[i - 1]
            self.retrieval[i] = self.retrieval[i - 1]
            self.overlap[i] = self.overlap[i - 1]
            i -= 1
        names[i] = name
        self.retrieval[i] = retrieval
        self.overlap[i] = overlap

    def in_index_order(
        self, sort_found: bool
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The names found and the filler kept, in index order: the names found added
        in it unless ``sort_found``."""
        n_found = self.n_found
        n_kept = self.n_kept
        spare = self.spare
        if sort_found:
            order = np.argsort(self.names_array[:n_found], kind="stable")
            self.names_array[:n_found] = self.names_array[:n_found][order]
            self.retrieval_array[:n_found] = self.retrieval_array[:n_found][order]
            self.overlap_array[:n_found] = self.overlap_array[:n_found][order]
        if n_kept == 0:
            return (
                self.names_array[:n_found],
                self.retrieval_array[:n_found],
                self.overlap_array[:n_found],
            )
        names = self.names
        retrieval = self.retrieval
        overlap = self.overlap
        # the filler kept (best first, at most ``keep``: a few) put in index order in its
        # place, then merged with the names found
        for i in range(spare + 1, spare + n_kept):
            name = names[i]
            score = retrieval[i]
            share = overlap[i]
            k = i
            while k > spare and names[k - 1] > name:
                names[k] = names[k - 1]
                retrieval[k] = retrieval[k - 1]
                overlap[k] = overlap[k - 1]
                k -= 1
            names[k] = name
            retrieval[k] = score
            overlap[k] = share
        positions_array = np.empty(n_found + n_kept, dtype=np.int32)
        scores_array = np.empty(n_found + n_kept, dtype=np.float64)
        overlaps_array = np.empty(n_found + n_kept, dtype=np.float64)
        positions = positions_array
        scores = scores_array
        overlaps = overlaps_array
        i = 0
        j = spare
        for k in range(n_found + n_kept):
            if j >= spare + n_kept or (i < n_found and names[i] < names[j]):
                at = i
                i += 1
            else:
                at = j
                j += 1
            positions[k] = names[at]
            scores[k] = retrieval[at]
            overlaps[k] = overlap[at]
        return positions_array, scores_array, overlaps_array


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


def _holds(names: npt.NDArray[np.int32], name: int) -> bool:
    """Whether sorted ``names`` hold ``name`` (binary search)."""
    low = 0
    high = len(names)
    while low < high:
        middle = (low + high) >> 1
        if names[middle] < name:
            low = middle + 1
        else:
            high = middle
    return bool(low < len(names) and names[low] == name)


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


def _look_in_marked(
    names: npt.NDArray[np.int32],
    bit: int,
    found: npt.NDArray[np.int32],
    held: npt.NDArray[np.uint8],
    marks: npt.NDArray[np.uint64],
) -> None:
    """``_look_in`` by marking: each name of ``names`` marked in ``marks`` (one bit per
    name of the index, all clear), each of ``found`` tested, the marks cleared again."""
    one = 1
    for j in range(len(names)):
        name = int(names[j])  # a C int compiled, a Python int (not numpy's) plainly
        marks[name >> 6] |= one << (name & 63)
    for k in range(len(found)):
        name = int(found[k])
        if (marks[name >> 6] >> (name & 63)) & 1:
            held[k] |= bit
    for j in range(len(names)):
        marks[names[j] >> 6] = 0

# cython: annotation_typing=False, boundscheck=False, wraparound=False
"""The spellings of the index's names, packed in one bytes object, and gathered by position.

What rapidfuzz compares to rank the names found (``ScreenIndex._ranks``): each name's
words' first phonetic keys, sorted (``index.spelling``). Keys are lower-case ASCII
by construction (``names.translit``), so a spelling's bytes compare as its letters.
One bytes object with the offsets of each spelling holds a million of them in about a
third of the memory of a million separate strings, and a name's spelling is read from
one place instead of through a pointer to an object elsewhere: on a big index, gathering
the few hundred spellings a query ranks was mostly waiting on memory. The loops are
compiled (``setup.py``; C types in ``spellings.pxd``).

``spelling_ranks`` compares a query's spelling with the names found where they lie,
without a bytes object per name: rapidfuzz's ``fuzz.ratio`` (the Indel similarity: the
longest common subsequence, over the lengths' sum), the common subsequence counted
64 letters at a time by bit-parallel steps (Hyyrö's, as rapidfuzz counts it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

__all__ = ["pack_spellings", "spelling_ranks", "spellings_at"]

#: 64 bits set: compiled, arithmetic on bit masks wraps at 64 bits and masking with it
#: is a no-op.
_ALL = (1 << 64) - 1
#: The masks of ``_ones``' counts by pairs, nibbles and bytes (compiled: C integers).
_ODD = 0x5555555555555555
_PAIRS = 0x3333333333333333
_NIBBLES = 0x0F0F0F0F0F0F0F0F
_BYTES = 0x0101010101010101

try:
    import cython
except ImportError:  # no Cython at run time: this module runs interpreted
    COMPILED = False
else:
    COMPILED = cython.compiled


def pack_spellings(spellings: Sequence[str]) -> tuple[bytes, npt.NDArray[np.int64]]:
    """All spellings in one bytes object, and where each starts (the last: where all end)."""
    encoded = [s.encode() for s in spellings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return b"".join(encoded), offsets


def spellings_at(
    text: bytes, offsets: npt.NDArray[np.int64], positions: npt.NDArray[np.int32]
) -> list[bytes]:
    """The spellings of the names at ``positions``, in that order."""
    data = text  # compiled: a pointer to its bytes, sliced into new bytes objects
    found = []
    for k in range(len(positions)):
        at = positions[k]
        start = offsets[at]
        end = offsets[at + 1]
        found.append(data[start:end])
    return found


def spelling_ranks(
    text: bytes,
    offsets: npt.NDArray[np.int64],
    positions: npt.NDArray[np.int32],
    query: bytes,
    retrieval: npt.NDArray[np.float64],
    overlap: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The rank of each name at ``positions``: its ``overlap``, plus the ``fuzz.ratio``
    of its spelling and ``query``'s as a share, plus its ``retrieval`` score's
    hundredth (``ScreenIndex._ranks``).

    Compiled, the ratio is rapidfuzz's to the bit, held as the 32-bit float
    ``process.cdist(dtype=np.float32)`` gives, and the sum is numpy's, term by term
    (a 32-bit quotient of 32-bit floats rounded from a 64-bit one is the same). Run
    interpreted, or for a query spelling longer than one mask (rare), it is rapidfuzz's.
    """
    size = len(query)
    if size > 64 or not COMPILED:
        ratios = process.cdist(
            [query], spellings_at(text, offsets, positions), scorer=fuzz.ratio, dtype=np.float32
        )[0]
        ranks: npt.NDArray[np.float64] = (
            np.asarray(overlap) + ratios / 100.0 + np.asarray(retrieval) / 100.0
        )
        return ranks
    n = len(positions)
    found = np.empty(n + 1, dtype=np.float64)
    out = found  # compiled: typed views of the arrays, pointers to the bytes
    data = text
    letters = query
    # On a big index the names found lie far apart: each spelling's bounds, then its
    # first letter, are read in loops of independent reads (many in flight at once)
    # before they are compared, rather than one name's at a time. (The letters' sum is
    # written past the ranks, so that the compiler keeps the reads.)
    spans_array = np.empty(2 * n, dtype=np.int64)
    spans = spans_array
    for k in range(n):
        at = positions[k]
        spans[2 * k] = offsets[at]
        spans[2 * k + 1] = offsets[at + 1]
    first = 0
    for k in range(n):
        if spans[2 * k] < spans[2 * k + 1]:
            first += data[spans[2 * k]]
    masks = np.zeros(256, dtype=np.uint64)
    mask = masks  # bit i of mask[c]: the query's letter i is c
    one = 1
    for i in range(size):
        mask[letters[i]] |= one << i
    for k in range(n):
        start = spans[2 * k]
        end = spans[2 * k + 1]
        row = _ALL  # a zero bit: the query letter there ends a common subsequence
        for j in range(start, end):
            matched = row & mask[data[j]]
            row = ((row + matched) & _ALL) | ((row - matched) & _ALL)
        # the longest common subsequence: the bits cleared (none above the query's
        # letters, as only bits set are subtracted)
        common = _ones(~row & _ALL)
        total = size + (end - start)
        ratio = 100.0 if total == 0 else (1.0 - (total - 2 * common) / total) * 100.0
        kept = ratio  # compiled: a 32-bit float, as cdist keeps it
        share = kept / 100.0  # compiled: 32-bit
        out[k] = overlap[k] + share + retrieval[k] / 100.0
    out[n] = first
    return found[:n]


def _ones(bits: int) -> int:
    """The bits set in a 64-bit mask (compiled, the arithmetic wraps at 64 bits)."""
    bits = bits - ((bits >> 1) & _ODD)
    bits = (bits & _PAIRS) + ((bits >> 2) & _PAIRS)
    bits = (bits + (bits >> 4)) & _NIBBLES
    return ((bits * _BYTES) & _ALL) >> 56

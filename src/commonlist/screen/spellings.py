# cython: annotation_typing=False, boundscheck=False, wraparound=False
"""The spellings of the index's names, packed in one bytes object, and gathered by position.

What rapidfuzz compares to rank the names found (``ScreenIndex._ranks``): each name's
words' first phonetic keys, sorted (``index.spelling``). Keys are lower-case ASCII
by construction (``names.translit``), so a spelling's bytes compare as its letters.
One bytes object with the offsets of each spelling holds a million of them in about a
third of the memory of a million separate strings, and a name's spelling is read from
one place instead of through a pointer to an object elsewhere: on a big index, gathering
the few hundred spellings a query ranks was mostly waiting on memory. The gathering
loop is compiled (``setup.py``; C types in ``spellings.pxd``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["pack_spellings", "spellings_at"]


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

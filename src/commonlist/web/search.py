"""Cross-script name search for the list page: ``Рахмонов`` and ``Rakhmonov`` meet.

Every name word is transliterated to its Latin spellings and folded to a phonetic
key (``names.translit``); a query word matches an entry when it is a prefix of one
of the entry's keys, so a partly typed name still finds it. Keys are kept sorted,
so a prefix is a range found by bisection, not a scan.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from commonlist.names.normalize import normalize_name
from commonlist.names.translit import latin_variants, phonetic_key


def word_keys(word: str) -> set[str]:
    """Phonetic keys of every Latin spelling of one normalised word."""
    return {phonetic_key(v) for v in latin_variants(word) if v}


def name_keys(text: str) -> set[str]:
    """Keys of every word of a name in any script."""
    keys: set[str] = set()
    for word in normalize_name(text).split():
        keys |= word_keys(word)
    return keys


class NameIndex:
    """Entry IDs by the phonetic keys of their names."""

    def __init__(self, names: Iterable[tuple[str, Iterable[str]]]) -> None:
        postings: dict[str, set[str]] = {}
        for entry_id, entry_names in names:
            for name in entry_names:
                for key in name_keys(name):
                    postings.setdefault(key, set()).add(entry_id)
        self.keys = sorted(postings)
        self.postings = postings

    def _prefixed(self, prefix: str) -> set[str]:
        found: set[str] = set()
        i = bisect.bisect_left(self.keys, prefix)
        while i < len(self.keys) and self.keys[i].startswith(prefix):
            found |= self.postings[self.keys[i]]
            i += 1
        return found

    def search(self, query: str) -> set[str]:
        """IDs of entries having, for every query word, a name word that starts like it."""
        result: set[str] | None = None
        for word in normalize_name(query).split():
            keys = word_keys(word)
            if not keys:
                continue
            hits: set[str] = set()
            for key in keys:
                hits |= self._prefixed(key)
            result = hits if result is None else result & hits
            if not result:
                return set()
        return result or set()

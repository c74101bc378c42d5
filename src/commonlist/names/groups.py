"""Wikidata name groups of person-name words: which spellings name one name part.

A per-word table (``data/person_groups.tsv.gz``, derived from rigour's persons
corpus, see ``data/PROVENANCE.md``) replaces rigour's person tagger: the tagger
takes half a minute to build and is called once per name, while the table loads
in about a second and is read once per word. Group ids are Wikidata QIDs, so the
symbols are the ones rigour's tagger gives for the same corpus.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from functools import cache
from importlib import resources

from commonlist.names.memo import EMPTY, memo

#: Longest group form in words (``maria da graça``); longer forms are not kept.
MAX_SPAN = 3


@cache
def _table() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Normalised form (one to three words) → ids of the groups that list it, and the
    first words of the forms of more than one word."""
    path = resources.files("commonlist.names").joinpath("data/person_groups.tsv.gz")
    table: dict[str, tuple[str, ...]] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            gid, _, forms = line.rstrip("\n").partition("\t")
            for form in forms.split("|"):
                found = table.get(form)
                table[form] = (gid,) if found is None else (*found, gid)
    heads = frozenset(form.partition(" ")[0] for form in table if " " in form)
    return table, heads


@memo(262144)
def _word_groups(word: str) -> frozenset[str]:
    found = _table()[0].get(word)
    return EMPTY if found is None else frozenset(found)


def person_name_groups(words: Sequence[str]) -> list[frozenset[str]]:
    """The name groups of each word of a person name, multi-word forms included.

    A group found for ``abd al rahman`` is given to each of its three words, as
    rigour's tagger gives a span's symbol to every part of the span.

    Args:
        words: the normalised words of one name, in order.

    Returns:
        One set of group ids per word (empty for words in no group).
    """
    found = [_word_groups(w) for w in words]
    table, heads = _table()
    for start, head in enumerate(words[:-1]):
        if head not in heads:
            continue
        for end in range(start + 2, min(start + MAX_SPAN, len(words)) + 1):
            groups = table.get(" ".join(words[start:end]))
            if groups:
                for i in range(start, end):
                    found[i] = found[i].union(groups)
    return found

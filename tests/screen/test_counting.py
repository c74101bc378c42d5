"""The compiled loops of retrieval (word counting, spellings, the best entries) against the
same written plainly."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import numpy.typing as npt
import pytest
from followthemoney.proxy import EntityProxy
from rapidfuzz import fuzz, process

from commonlist.screen import counting, ranking, scoring, spellings
from commonlist.screen import index as index_module
from commonlist.screen.index import (
    BOUNDED_FROM,
    MIN_COVERAGE,
    QUERY_SIDE,
    WORD_BITS,
    ScreenIndex,
    _bounded_filler,
    _contexts,
    _generating,
)
from commonlist.screen.keys import name_words, word_joins
from commonlist.screen.spellings import pack_spellings, spelling_ranks, spellings_at


def _plain_tables(
    weights: list[float], total: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
    """Per set of words (bits), its share of the weight and its words, in plain Python."""
    sums, counts = [0.0], [0]
    for weight in weights:
        sums += [s + weight for s in sums]
        counts += [c + 1 for c in counts]
    return np.asarray(sums) / total, np.asarray(counts, dtype=np.int32)


def test_word_tables_are_the_plain_sums() -> None:
    """Each set of words' share is its weights summed in word order over the total: the
    same floats as plain Python's, for one word to eight."""
    rng = random.Random(6)
    for _ in range(300):
        weights = [rng.uniform(0.01, 9.0) for _ in range(rng.randint(1, 8))]
        total = sum(weights) * rng.choice([1.0, 1.7])
        shares, counts = counting.word_tables(weights, total)
        expected_shares, expected_counts = _plain_tables(weights, total)
        assert shares.tolist() == expected_shares.tolist()
        assert counts.tolist() == expected_counts.tolist()
        assert counts.dtype == np.int32


def _plain(
    arrays: list[list[int]],
    generating: list[bool],
    weights: list[float],
    total: float,
    least: float,
    sizes: list[int],
    n_words: int,
) -> list[tuple[int, float, float]]:
    """Each name holding a generating word, the words it holds counted one by one."""
    holding = [set(a) for a in arrays]
    rows = []
    for name in sorted({n for a, g in zip(arrays, generating, strict=True) if g for n in a}):
        held = [name in names for names in holding]
        matched = 0.0
        for weight, holds in zip(weights, held, strict=True):
            if holds:
                matched += weight
        share = matched / total
        if share < least:
            continue
        count = sum(held)
        size = max(sizes[name], 1)
        by_name = min(count, size) / size
        by_query = count / n_words
        overlap = 2.0 * by_query * by_name / (by_query + by_name)
        if n_words >= 2 and count < 2:
            overlap /= 2
        rows.append((name, QUERY_SIDE * share + (1 - QUERY_SIDE) * by_name, overlap))
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_counting_is_the_plain_count(seed: int) -> None:
    rng = random.Random(seed)
    n_names = rng.choice([50, 2_000, 100_000])
    n_arrays = rng.randint(1, 8)
    # lengths from one name to most of the index: the galloping search takes both long
    # steps over a long array and single ones through a dense one
    arrays = [
        sorted(
            rng.sample(range(n_names), rng.randint(1, min(n_names, rng.choice([5, 300, 30_000]))))
        )
        for _ in range(n_arrays)
    ]
    generating = [rng.random() < 0.5 for _ in arrays]
    generating[rng.randrange(n_arrays)] = True
    weights = [rng.uniform(0.1, 5.0) for _ in arrays]
    sizes = [rng.randint(0, 6) for _ in range(n_names)]
    n_words = n_arrays + rng.randint(0, 2)
    least = rng.choice([0.0, 0.35, 0.6])
    total = sum(weights)
    found = counting.count_words(
        [np.asarray(a, dtype=np.int32) for a in arrays],
        generating,
        *_plain_tables(weights, total),
        least,
        np.asarray(sizes, dtype=np.uint8),
        n_words,
        QUERY_SIDE,
        1 - QUERY_SIDE,
    )
    assert [a.dtype for a in found] == [np.int32, np.float64, np.float64]
    expected = _plain(arrays, generating, weights, total, least, sizes, n_words)
    assert list(zip(*(a.tolist() for a in found), strict=True)) == expected
    if least == 0.0:
        assert len(expected) == len(
            {n for a, g in zip(arrays, generating, strict=True) if g for n in a}
        )


def test_counting_needs_a_generating_word() -> None:
    with pytest.raises(ValueError):
        counting.count_words(
            [np.arange(3, dtype=np.int32)],
            [False],
            np.asarray([0.0, 1.0]),
            np.asarray([0, 1], dtype=np.int32),
            0.35,
            np.ones(3, dtype=np.uint8),
            1,
            QUERY_SIDE,
            1 - QUERY_SIDE,
        )


def test_the_loops_are_compiled() -> None:
    """The installed package runs the compiled loops (``setup.py``), not their source, and
    the index and scoring modules around them."""
    for module in (counting, spellings, ranking, index_module, scoring):
        assert not (module.__file__ or ".py").endswith(".py"), module.__name__


def _plain_best(
    entries: list[int], columns: list[list[float]], limit: int
) -> tuple[list[int], list[float], list[float]]:
    """Each entry's best of each column over its names, the entries sorted by rank
    (highest first), then by entry."""
    best: dict[int, list[float]] = {}
    for i, entry in enumerate(entries):
        values = [column[i] for column in columns]
        held = best.setdefault(entry, values)
        best[entry] = [max(a, b) for a, b in zip(held, values, strict=True)]
    chosen = sorted(best, key=lambda e: (-best[e][2], e))[:limit]
    return chosen, [min(best[e][0], 1.0) for e in chosen], [best[e][1] for e in chosen]


@pytest.mark.parametrize("seed", range(30))
def test_best_entries_are_the_plain_choice(seed: int) -> None:
    """One row per entry (the names of one consecutive), the best of each column, ranked
    by rank then entry: ties of rank (few distinct values here) go to the first entry,
    retrieval scores above 1 are capped, and a limit beyond the entries gives them all."""
    rng = random.Random(seed)
    n = rng.choice([0, 1, 5, 60, 400])
    entries = sorted(rng.randrange(max(n // 2, 1)) for _ in range(n))
    # the order of entries does not matter, only that one entry's names are consecutive
    relabel = rng.sample(range(10_000), max(n // 2, 1))
    entries = [relabel[e] for e in entries]
    columns = [
        [rng.randrange(13) / 10 for _ in range(n)],
        [rng.randrange(6) / 5 for _ in range(n)],
        [rng.randrange(9) / 4 if seed % 2 else rng.random() for _ in range(n)],
    ]
    limit = rng.choice([0, 1, 30, 1_000])
    # the names found are read through the index's table of each name's entry
    names = sorted(rng.sample(range(3 * n + 1), n))
    name_entry = np.full(3 * n + 1, -1, dtype=np.int32)
    name_entry[names] = entries
    got = ranking.best_entries(
        name_entry, np.asarray(names, dtype=np.int32), *(np.asarray(c) for c in columns), limit
    )
    assert got == _plain_best(entries, columns, limit)


def test_packed_spellings_are_gathered_as_written() -> None:
    """Spellings packed in one bytes object come back by position as their bytes, in the
    order asked, the empty one and repeats included."""
    rng = random.Random(3)
    texts = ["", "ivan petrov", "a", "abdulrahman"] + [
        " ".join(rng.choice(["omar", "kh", "zed", "alamin"]) for _ in range(rng.randint(1, 5)))
        for _ in range(500)
    ]
    text, offsets = pack_spellings(texts)
    positions = np.asarray([rng.randrange(len(texts)) for _ in range(2_000)] + [0, 3, 3], np.int32)
    assert spellings_at(text, offsets, positions) == [texts[i].encode() for i in positions]
    assert spellings_at(text, offsets, np.zeros(0, dtype=np.int32)) == []


def test_spelling_ranks_are_rapidfuzz_ratios_to_the_bit() -> None:
    """Names' ranks by their spelling are numpy's sum of overlap, rapidfuzz's ``fuzz.ratio``
    as cdist keeps it (32 bits) and retrieval: the same floats, whatever the lengths (the
    empty spelling, a query of exactly one mask, one longer than a mask)."""
    rng = random.Random(4)
    letters = "abcdefghkmnorstz "
    texts = ["", "a", "ivan petrov", "x" * 64, "ab" * 40] + [
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 70))) for _ in range(400)
    ]
    text, offsets = pack_spellings(texts)
    queries = [b"", b"a", b"ivan petrov", b"z" * 64, b"ab" * 33] + [
        texts[rng.randrange(len(texts))].encode() for _ in range(40)
    ]
    for query in queries:
        positions = np.asarray(sorted(rng.sample(range(len(texts)), 150)) + [0], np.int32)
        retrieval = np.asarray([rng.random() for _ in positions])
        overlap = np.asarray([rng.choice([0.25, 0.5, 2 / 3, 1.0]) for _ in positions])
        ratios = process.cdist(
            [query], spellings_at(text, offsets, positions), scorer=fuzz.ratio, dtype=np.float32
        )[0]
        expected = overlap + ratios / 100.0 + retrieval / 100.0
        got = spelling_ranks(text, offsets, positions, query, retrieval, overlap)
        assert got.dtype == np.float64
        assert got.tolist() == expected.tolist(), query


def test_look_ups_are_the_plain_count(
    index: ScreenIndex, entities: list[EntityProxy], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name's look-up in the index, in compiled loops or, for a name of more than
    ``WORD_BITS`` words found, with numpy, is the plain count over its words' names.
    With a filler bound, it is the same whether the names holding one word are read in
    order of size (``count_bounded``, from ``BOUNDED_FROM`` names) or merged."""
    names = [n for e in entities[:80] for n in e.get("name")]
    rng = random.Random(5)
    names += [" ".join(rng.sample(names, 4)) for _ in range(30)]  # long names too
    checked = long = 0
    for name in names:
        words = name_words(name)
        arrays: list[list[int]] = []
        weights: list[float] = []
        total = 0.0
        for context in _contexts(words, word_joins(name)):
            hits = index._word_hits(context[1])
            total += hits.weight
            held = index._names_in_context(context, hits)
            if len(held):
                arrays.append(held.tolist())
                weights.append(hits.weight)
        found = index._name_candidates(name, MIN_COVERAGE)
        # the filler bound while counting, compiled or (many words) with numpy, is the
        # bound after counting
        for (below, keep), bounded_from in itertools.product(
            ((0.55, 5), (0.2, 1), (0.9, 30), (0.55, 0)), (BOUNDED_FROM, 1)
        ):
            monkeypatch.setattr(index_module, "BOUNDED_FROM", bounded_from)
            bounded = index._name_candidates(name, MIN_COVERAGE, below, keep)
            if found is None:
                assert bounded is None
                continue
            assert bounded is not None
            cut = _bounded_filler(found, below, keep)
            assert [a.tolist() for a in bounded] == [a.tolist() for a in cut]
        generating = _generating(weights, MIN_COVERAGE * total)
        if not any(generating):
            assert found is None
            continue
        assert found is not None
        sizes = index._name_size.tolist()
        expected = _plain(arrays, generating, weights, total, MIN_COVERAGE, sizes, len(words))
        assert [a.dtype for a in found] == [np.int32, np.float64, np.float64]
        assert list(zip(*(a.tolist() for a in found), strict=True)) == expected
        checked += len(expected)
        long += len(arrays) > WORD_BITS
    assert checked > 100 and long >= 5


@pytest.mark.parametrize("seed", range(30))
def test_most_overlapping_names_are_the_plain_choice(seed: int) -> None:
    """The names of highest overlap plus a hundredth of the retrieval score, in index
    order; of names tied at the cut (few distinct values here), the first ones, or all."""
    rng = random.Random(seed)
    n = rng.choice([0, 1, 7, 1_500, 20_000])
    retrieval = [rng.randrange(5) / 4 if seed % 2 else rng.random() for _ in range(n)]
    overlap = [rng.randrange(4) / 3 for _ in range(n)]
    keep = rng.choice([0, 1, 60, 1_000, n, n + 3])
    least = [o + r / 100.0 for o, r in zip(overlap, retrieval, strict=True)]
    best_first = sorted(range(n), key=lambda i: (-least[i], i))[:keep]
    got = ranking.most_overlapping(np.asarray(retrieval), np.asarray(overlap), keep)
    assert got.tolist() == sorted(best_first)
    got = ranking.most_overlapping(np.asarray(retrieval), np.asarray(overlap), keep, True)
    cut = min((least[i] for i in best_first), default=math.inf)
    assert got.tolist() == [i for i in range(n) if least[i] >= cut]


@pytest.mark.parametrize("seed", range(100))
def test_bounded_counting_is_counting_then_the_filler_bound(seed: int) -> None:
    """With a filler bound, ``count_words`` keeps what it finds without, cut by the index's
    filler bound."""
    rng = random.Random(1000 + seed)
    n_names = rng.choice([50, 2_000, 100_000])
    n_arrays = rng.randint(1, 8)
    arrays = [
        np.asarray(
            sorted(
                rng.sample(
                    range(n_names), rng.randint(1, min(n_names, rng.choice([5, 300, 30_000])))
                )
            ),
            dtype=np.int32,
        )
        for _ in range(n_arrays)
    ]
    generating = [rng.random() < 0.5 for _ in arrays]
    generating[rng.randrange(n_arrays)] = True
    weights = [rng.uniform(0.1, 5.0) for _ in arrays]
    most = rng.choice([2, 6, 40])  # few sizes: names tied on rank, many of a size
    sizes = np.asarray([rng.randint(0, most) for _ in range(n_names)], dtype=np.uint8)
    n_words = n_arrays + rng.randint(0, 2)
    least = rng.choice([0.0, 0.2, 0.35, 0.6])
    below = rng.choice([0.0, 0.3, 0.55, 0.9, 2.0])
    keep = rng.choice([0, 1, 5, 30, 60])
    tables = (*_plain_tables(weights, sum(weights)), least, sizes)
    found = counting.count_words(arrays, generating, *tables, n_words, QUERY_SIDE, 1 - QUERY_SIDE)
    expected = _bounded_filler(found, below, keep) if len(found[0]) else found
    # read from the names of one word in order of size (with a bound): the same names,
    # scores and order
    by_size = [
        np.asarray(sorted(a.tolist(), key=lambda n: (max(int(sizes[n]), 1), n)), np.int32)
        if gen
        else None
        for a, gen in zip(arrays, generating, strict=True)
    ]
    ways = [
        counting.count_words(
            arrays, generating, *tables, n_words, QUERY_SIDE, 1 - QUERY_SIDE, below, keep
        )
    ]
    if below > 0.0:
        ways.append(
            counting.count_bounded(
                arrays,
                by_size,
                generating,
                *tables,
                n_words,
                QUERY_SIDE,
                1 - QUERY_SIDE,
                below,
                keep,
            )
        )
    for got in ways:
        assert [a.dtype for a in got] == [np.int32, np.float64, np.float64]
        for left, right in zip(got, expected, strict=True):
            assert left.tolist() == right.tolist()

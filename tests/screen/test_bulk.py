"""Bulk inputs are read a block at a time; workers give the rows in order, as one process does."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from followthemoney.proxy import EntityProxy
from tests.screen.test_batch import _rows

from commonlist.exc import SourceFormatError
from commonlist.matching import DEFAULT_THRESHOLD
from commonlist.screen.bulk import (
    ColumnMap,
    InputRow,
    _prefilter_query,
    read_rows,
    screen_local,
    to_entity,
)
from commonlist.screen.index import MIN_COVERAGE, ScreenIndex
from commonlist.screen.scoring import (
    OVERLAP_CUTOFF_OTHER_YEAR,
    OVERLAP_CUTOFF_SAME_DATE,
    OVERLAP_CUTOFF_SAME_YEAR,
    DateCutoffs,
    may_match,
    overlap_cutoff,
    overlap_cutoffs,
    prefilter_many,
    score_query,
)


def test_csv_streamed_with_short_rows_and_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    body = "".join(f"Person {i},1970\n" for i in range(50_000))
    path.write_text(f'\ufeffname,dob\n"Ivan\nSidorov",1970-05-01\nShort\n{body}', "utf-8")
    count, rows = read_rows(path, ColumnMap(birth_date="dob"), max_bytes=10**8)
    got = list(rows)
    assert count == len(got) == 50_002
    assert got[0].properties == {"name": ["Ivan\nSidorov"], "birthDate": ["1970-05-01"]}
    assert got[1].properties == {"name": ["Short"]} and got[1].schema == "LegalEntity"


def test_late_undecodable_byte_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    body = "".join(f"Person {i}\n" for i in range(300_000)).encode()
    path.write_bytes(b"name\n" + body + "Jos\xe9\n".encode("latin-1"))
    with pytest.raises(SourceFormatError, match="line 300002"):
        read_rows(path, ColumnMap(), max_bytes=10**8)
    count, _rows = read_rows(path, ColumnMap(), max_bytes=10**8, encoding="latin-1")
    assert count == 300_001


def test_parquet_batches(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    names = [f"Person {i}" for i in range(100_000)]
    pq.write_table(pa.table({"name": names, "other": list(range(100_000))}), path)
    count, rows = read_rows(path, ColumnMap(), max_bytes=10**8)
    got = [r.properties["name"][0] for r in rows]
    assert count == 100_000 and got == names


def test_workers_keep_order_and_results(index: ScreenIndex, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    lines = ["Ivan Petrovich Sidorov", "Nobody Here", "Иван Сидоров"] * 40
    path.write_text("name\n" + "\n".join(lines) + "\n", "utf-8")
    _n, rows = read_rows(path, ColumnMap(), max_bytes=10**6)
    one = list(screen_local(index, rows))
    _n, rows = read_rows(path, ColumnMap(), max_bytes=10**6)
    two = list(screen_local(index, rows, workers=2, chunk_size=7))
    assert one == two and len(two) == 120
    assert [r.match for r in two[:3]] == [True, False, True]


def test_rows_and_results_pickle_as_they_are(index: ScreenIndex) -> None:
    """Rows and results cross to the workers and back pickled: every field survives."""
    row = InputRow("c-1", "Person", {"name": ["Иван Сидоров"], "birthDate": ["1970-05-01"]})
    back = pickle.loads(pickle.dumps(row))
    assert back == row and type(back) is InputRow
    result = next(screen_local(index, [row]))
    assert result.match and result.score > 0.7
    again = pickle.loads(pickle.dumps(result))
    assert again == result and again.as_list() == result.as_list()


def test_prefilter_hands_on_the_cutoffs_of_the_rule(
    index: ScreenIndex, entities: list[EntityProxy]
) -> None:
    """The cut-offs ``prefilter_many`` hands to scoring are ``overlap_cutoff``'s, and cover
    every entry whose overlap the dates decide; an entry found only sharing too little to
    pass without dates agreeing to the month has an infinite one unless they do."""
    rows = _rows(entities, 600, seed=21)
    queries = [_prefilter_query(r) for r in rows]
    found = prefilter_many(index, queries)
    assert [f is not None for f in found] == [may_match(index, *q) for q in queries]
    used = weak = 0
    for (names, _i, dates), known in zip(queries, found, strict=True):
        if known is None or not dates:
            continue
        assert known.dates == tuple(dates)
        entries, overlaps = index.overlaps(names)
        for entry, cut in zip(known.entries.tolist(), known.cutoffs.tolist(), strict=True):
            expected = overlap_cutoff(dates, index.birth_dates[entry])
            if cut == math.inf:
                weak += 1
                assert expected >= OVERLAP_CUTOFF_SAME_YEAR
                open_ = (entries == entry) & (overlaps < OVERLAP_CUTOFF_OTHER_YEAR)
                assert overlaps[open_].max() < OVERLAP_CUTOFF_SAME_YEAR
            else:
                assert cut == expected
        undecided = (overlaps >= OVERLAP_CUTOFF_SAME_DATE) & (overlaps < OVERLAP_CUTOFF_OTHER_YEAR)
        cut = known.lookup(dates, entries[undecided], overlaps[undecided])
        assert cut is not None
        exact = overlap_cutoffs(index, dates, entries[undecided])
        assert ((overlaps[undecided] >= cut) == (overlaps[undecided] >= exact)).all()
        used += bool(undecided.any())
        # other dates
        assert known.lookup([*dates, "1900"], entries[undecided], overlaps[undecided]) is None
    assert used > 50 and weak > 10


def test_scoring_with_handed_on_cutoffs_scores_as_without(
    index: ScreenIndex, entities: list[EntityProxy]
) -> None:
    rows = [r for r in _rows(entities, 400, seed=22) if r.properties.get("birthDate")]
    found = prefilter_many(index, [_prefilter_query(r) for r in rows])
    compared = 0
    for row, known in zip(rows, found, strict=True):
        if known is None:
            continue
        entity = to_entity(row)
        with_known = score_query(index, entity, cutoff=DEFAULT_THRESHOLD, limit=1000, known=known)
        alone = score_query(index, entity, cutoff=DEFAULT_THRESHOLD, limit=1000)
        assert [(h.id, h.score) for h in with_known[1]] == [(h.id, h.score) for h in alone[1]]
        compared += 1
    assert compared > 50


def test_unknown_entries_are_not_looked_up(index: ScreenIndex) -> None:
    known = DateCutoffs(
        ("1970-05-01",), np.asarray([3, 9], dtype=np.int32), np.asarray([0.12, 0.55])
    )
    some = np.asarray([0.5, 0.3, 0.6])
    assert known.lookup(["1970-05-01"], np.asarray([9, 3, 9], dtype=np.int32), some).tolist() == [
        0.55,
        0.12,
        0.55,
    ]
    assert known.lookup(["1970-05-01"], np.asarray([3, 4], dtype=np.int32), some[:2]) is None
    assert known.lookup(["1970-05-01"], np.asarray([10], dtype=np.int32), some[:1]) is None
    assert known.lookup(["1971-05-01"], np.asarray([3], dtype=np.int32), some[:1]) is None


def test_an_infinite_cutoff_holds_only_for_overlaps_below_the_same_year() -> None:
    """An entry the pre-filter found sharing little, dates not agreeing to the month, has no
    exact cut-off: a name sharing as much as the same year's cut-off is not decided by it."""
    known = DateCutoffs(("1970-05-01",), np.asarray([3], dtype=np.int32), np.asarray([math.inf]))
    at = np.asarray([3, 3], dtype=np.int32)
    assert known.lookup(["1970-05-01"], at, np.asarray([0.2, 0.3])).tolist() == [math.inf] * 2
    assert known.lookup(["1970-05-01"], at, np.asarray([0.2, OVERLAP_CUTOFF_SAME_YEAR])) is None


def test_prefilter_leaves_the_look_ups_of_rows_that_pass(
    index: ScreenIndex, entities: list[EntityProxy]
) -> None:
    """The names of rows that pass stay looked up, as ``_name_candidates`` finds them alone;
    the names of rows that fail are not kept."""
    rows = _rows(entities, 120, seed=23)
    queries = [_prefilter_query(r) for r in rows]
    index.look_up_many(["Nobody Here"])  # a cache in use: what the pre-filter keeps comes after
    found = prefilter_many(index, queries)
    cached = dict(index._found._data)
    passing = {n for q, known in zip(queries, found, strict=True) if known for n in q[0]}
    kept = 0
    for (names, _i, _d), known in zip(queries, found, strict=True):
        for name in names:
            key = (name, MIN_COVERAGE, 0.0, 0)
            if known is None:
                assert key not in cached or name in passing
                continue
            if key not in cached:  # the cache holds the last 64 names only
                continue
            kept += 1
            single = index._name_candidates(name, MIN_COVERAGE)
            (batched,) = cached[key]
            if single is None or batched is None:
                assert single is None and batched is None
                continue
            for got, expected in zip(batched, single, strict=True):
                assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    assert kept > 10

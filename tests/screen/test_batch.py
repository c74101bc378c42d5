"""Bulk screening's batch path gives, row for row, what the single-query path gives."""

from __future__ import annotations

import random

import numpy as np
import pytest
from followthemoney.proxy import EntityProxy

from commonlist.names.translit import to_latin
from commonlist.screen.bulk import InputRow, screen_entity, screen_rows
from commonlist.screen.index import MIN_COVERAGE, ScreenIndex, date_parts
from commonlist.screen.scoring import (
    _same_month,
    may_match,
    may_match_many,
    overlap_cutoff,
    overlap_cutoffs_many,
)

_CYRILLIC = ["Иван Петрович Сидоров", "Сидоров Иван", "Фонд Северное сияние", "Пётр Иванов"]
_OTHER = ["Nobody Here", "Maria Lopez Garcia", "Acme Trading", "Ali", "", "Abu Bakr", "Al"]


def _date_near(rng: random.Random, date: str) -> str:
    """The same date, or its month, day and month swapped, another day, or another year."""
    year, month, day = date[:4], date[5:7] or "01", date[8:10] or "15"
    return rng.choice(
        [
            date,
            f"{year}-{month}-{rng.randrange(1, 29):02d}",
            f"{year}-{day}-{month}" if int(day) <= 12 else date,
            f"{int(year) + rng.choice([-1, 1, 5])}-{month}-{day}",
            year,
            "not a date",
        ]
    )


def _variant(rng: random.Random, name: str) -> str:
    words = name.split()
    if len(words) > 1 and rng.random() < 0.3:
        words = [*words[1:], words[0]]
    if len(words) > 1 and rng.random() < 0.2:
        words.pop(rng.randrange(len(words)))  # a word left out
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        if len(words[i]) > 4:
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + words[i][j + 1 :]
    if rng.random() < 0.2:
        words.append(rng.choice(["Ivanov", "Mohammed", "Trading", "Ahmad", "Ltd"]))
    return " ".join(words)


def _rows(entities: list[EntityProxy], n: int, seed: int) -> list[InputRow]:
    rng = random.Random(seed)
    named = [e for e in entities if e.get("name")]
    rows: list[InputRow] = []
    for i in range(n):
        entity = rng.choice(named)
        roll = rng.random()
        if roll < 0.6:
            names = [_variant(rng, rng.choice(entity.get("name")))]
        elif roll < 0.7:
            names = [to_latin(rng.choice(_CYRILLIC)), rng.choice(_CYRILLIC)]
        else:
            names = [rng.choice(_OTHER)]
        props: dict[str, list[str]] = {"name": names}
        dates = entity.get("birthDate", quiet=True)
        if rng.random() < 0.5:
            found = [_date_near(rng, d) for d in dates[:2]] or ["1970-05-01"]
            props["birthDate"] = found
        if rng.random() < 0.05:
            props["idNumber"] = [rng.choice(["7512-345678", "0000 1111"])]
        schema = "Person" if props.get("birthDate") or rng.random() < 0.5 else "LegalEntity"
        rows.append(InputRow(str(i), schema, props))
    return rows


def test_batch_gives_the_single_results(index: ScreenIndex, entities: list[EntityProxy]) -> None:
    rows = _rows(entities, 3000, seed=7)
    single = [screen_entity(index, row) for row in rows]
    batched = [r for i in range(0, len(rows), 256) for r in screen_rows(index, rows[i : i + 256])]
    assert batched == single
    assert sum(r.match for r in single) > 300  # the sample holds many matches, not only misses


@pytest.mark.parametrize("seed", [1, 2])
def test_batch_prefilter_and_overlaps_agree(
    index: ScreenIndex, entities: list[EntityProxy], seed: int
) -> None:
    rows = _rows(entities, 500, seed=seed)
    queries = [
        (r.properties["name"], r.properties.get("idNumber", []), r.properties.get("birthDate", []))
        for r in rows
    ]
    assert may_match_many(index, queries) == [may_match(index, *q) for q in queries]
    owners, entries, overlaps = index.overlaps_many([q[0] for q in queries])
    for q, (names, _i, _d) in enumerate(queries):
        one_entries, one_overlaps = index.overlaps(names)
        mine = owners == q
        assert sorted(zip(entries[mine].tolist(), overlaps[mine].tolist(), strict=True)) == sorted(
            zip(one_entries.tolist(), one_overlaps.tolist(), strict=True)
        )


def test_cutoffs_for_many_queries_follow_the_rule(index: ScreenIndex) -> None:
    rng = random.Random(3)
    dated = [i for i, d in enumerate(index.birth_dates) if d]
    entries = np.asarray([*rng.sample(dated, 200), *rng.sample(range(len(index)), 50)])
    days = [index.birth_dates[i][0] for i in dated[:50]]
    asked = [
        [_date_near(rng, rng.choice(days)) for _ in range(rng.randrange(3))] for _ in range(40)
    ]
    asked = [[d for d in ds if d[:4].isdigit()] for ds in asked]
    queries = np.asarray([rng.randrange(len(asked)) for _ in entries], dtype=np.int32)
    got = overlap_cutoffs_many(index, asked, queries, entries.astype(np.int32))
    expected = [
        overlap_cutoff(asked[q], index.birth_dates[e])
        for q, e in zip(queries.tolist(), entries.tolist(), strict=True)
    ]
    assert got.tolist() == expected
    assert len(set(expected)) == 4  # every kind of cut-off is met


def test_entries_born_in_a_month_are_those_the_rule_calls_the_same_month(
    index: ScreenIndex,
) -> None:
    """The month look-up (``BirthMonths.sharing``) finds, for each query date, exactly the
    entries whose dates ``_same_month`` calls the same month (day and month swapped too)."""
    rng = random.Random(5)
    days = [d for dates in index.birth_dates for d in dates]
    asked = [_date_near(rng, rng.choice(days)) for _ in range(300)]
    asked += ["1970", "1970-00-00", "", "not a date", "2001-13-45"]
    parts = np.asarray([date_parts(d) for d in asked], dtype=np.int64).reshape(len(asked), 3)
    queries, entries = index.birth_months.sharing(np.arange(len(asked), dtype=np.int32), parts)
    got = set(zip(queries.tolist(), entries.tolist(), strict=True))
    expected = {
        (q, e)
        for q, date in enumerate(asked)
        for e, dates in enumerate(index.birth_dates)
        if any(_same_month(date, d) for d in dates)
    }
    assert got == expected
    assert len({q for q, _e in expected}) > 100  # most dates asked find someone
    assert any(
        date[5:7] != index.birth_dates[e][0][5:7] for q, e in expected for date in [asked[q]]
    )


def _same_look_up(index: ScreenIndex, name: str) -> int:
    """Assert that the look-up of ``name`` cached by the batch path equals its single look-up
    (None where both find nothing); the names found."""
    batched = index._found.get((name, MIN_COVERAGE, 0.0, 0), lambda key: pytest.fail(key[0]))[0]
    single = index._name_candidates(name, MIN_COVERAGE)
    if single is None or batched is None:
        assert single is None and batched is None
        return 0
    for got, expected in zip(batched, single, strict=True):
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    return len(single[0])


def test_batch_look_ups_are_the_single_look_ups(
    index: ScreenIndex, entities: list[EntityProxy]
) -> None:
    """The look-ups ``look_up_many`` leaves in the cache are those a name gets on its own."""
    names = [n for row in _rows(entities, 40, seed=4) for n in row.properties["name"]]
    index.look_up_many(names)
    found = [_same_look_up(index, name) for name in names[-20:]]  # the cache keeps the last 64
    assert sum(found) > 0

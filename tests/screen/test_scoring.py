"""The pre-filter before the matcher: skips only candidates that cannot reach the threshold."""

from __future__ import annotations

import random

import numpy as np
import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy

from commonlist.matching import DEFAULT_THRESHOLD, get_algorithm, prepare
from commonlist.matching.compare.names import match_names
from commonlist.screen import index as index_module
from commonlist.screen.bulk import InputRow, screen_entity
from commonlist.screen.index import BOUNDED_FROM, BoundedCache, ScreenIndex, build_index
from commonlist.screen.keys import entity_identifiers, entity_names
from commonlist.screen.scoring import (
    FILTERED_CANDIDATES,
    OVERLAP_CUTOFF,
    OVERLAP_CUTOFF_OTHER_YEAR,
    OVERLAP_CUTOFF_SAME_DATE,
    OVERLAP_CUTOFF_SAME_YEAR,
    _passes,
    overlap_cutoff,
    overlap_cutoffs,
    query_candidates,
    query_entity,
    score_query,
)


def test_overlap_cutoff_by_birth_year() -> None:
    assert overlap_cutoff([], ["1970"]) == OVERLAP_CUTOFF
    assert overlap_cutoff(["1970-05-01"], ["1970"]) == OVERLAP_CUTOFF_SAME_YEAR
    assert overlap_cutoff(["1970-05-01"], ["1970-05"]) == OVERLAP_CUTOFF_SAME_DATE
    assert overlap_cutoff(["1970-05-01"], ["1970-01-05"]) == OVERLAP_CUTOFF_SAME_DATE
    assert overlap_cutoff(["1970-05-01"], ["1971-01-01"]) == OVERLAP_CUTOFF  # years close
    assert overlap_cutoff(["1970-05-01"], ["1985", "1990"]) == OVERLAP_CUTOFF_OTHER_YEAR


def _date(rng: random.Random) -> str:
    year = str(rng.choice([1969, 1970, 1971, 1975]))
    precision = rng.random()
    if precision < 0.2:
        return year
    month = f"{year}-{rng.choice([1, 5, 12]):02d}"
    return month if precision < 0.4 else f"{month}-{rng.choice([1, 5, 12]):02d}"


def test_vectorised_cutoffs_agree_with_the_rule() -> None:
    """The index's dates as numbers give every entry the cut-off ``overlap_cutoff`` gives."""
    rng = random.Random(5)
    entities = []
    for i in range(300):
        entity = model.make_entity("Person")
        entity.id = f"P{i}"
        entity.add("name", "Ivan Petrov")
        entity.add("birthDate", sorted({_date(rng) for _ in range(rng.randrange(4))}))
        entities.append(entity)
    index = build_index(entities)
    entries = np.asarray([*range(len(index)), 3, 3, 7], dtype=np.int32)
    for _ in range(200):
        query = sorted({_date(rng) for _ in range(rng.randrange(1, 3))})
        expected = [overlap_cutoff(query, index.birth_dates[e]) for e in entries.tolist()]
        assert overlap_cutoffs(index, query, entries).tolist() == expected
    assert overlap_cutoffs(index, [], entries).tolist() == [OVERLAP_CUTOFF] * len(entries)


def test_one_shared_word_of_two_is_not_scored(index: ScreenIndex) -> None:
    query = query_entity("Person", {"name": ["Pyotr Sidorov"]})
    found = index.candidates(query, limit=30)
    sidorov = index.resolve_id("CL-000001")
    assert sidorov in [c.entry for c in found]
    assert next(c for c in found if c.entry == sidorov).overlap < OVERLAP_CUTOFF
    assert score_query(index, query, cutoff=DEFAULT_THRESHOLD) == (0, [])


def _variant(rng: random.Random, name: str) -> str:
    words = name.split()
    if rng.random() < 0.4 and len(words) > 1:
        words = [*words[1:], words[0]]
    i = rng.randrange(len(words))
    if len(words[i]) > 5 and rng.random() < 0.5:
        j = rng.randrange(1, len(words[i]) - 1)
        words[i] = words[i][:j] + words[i][j + 1 :]
    return " ".join(words)


def _people_queries(entities: list[EntityProxy], seed: int) -> list[dict[str, list[str]]]:
    """60 queries of listed people's names, varied, half with the person's birth date."""
    rng = random.Random(seed)
    people = [e for e in entities if e.schema.is_a("Person") and e.get("name")]
    queries = []
    for entity in rng.sample(people, 60):
        props = {"name": [_variant(rng, rng.choice(entity.get("name")))]}
        if rng.random() < 0.5 and entity.get("birthDate"):
            props["birthDate"] = entity.get("birthDate")[:1]
        queries.append(props)
    return queries


def test_prefilter_keeps_every_match(index: ScreenIndex, entities: list[EntityProxy]) -> None:
    """Filtered screening finds every match that scoring all candidates finds, dates or not."""
    expected = 0
    for props in _people_queries(entities, 11):
        query = query_entity("Person", props)
        _n, every = score_query(index, query, limit=1000)
        _n, filtered = score_query(index, query, cutoff=DEFAULT_THRESHOLD, limit=1000)
        matches = {h.id for h in every if h.match}
        assert {h.id for h in filtered if h.match} == matches
        expected += len(matches)
        row = screen_entity(index, InputRow("r", "Person", props))
        assert row.matches == len(matches)
        assert row.match == bool(matches)
    assert expected > 30


@pytest.mark.parametrize(
    "weights", [None, {"name_match": 12.0, "birth_date_match": 6.0, "country_conflict": 1.5}]
)
def test_the_matcher_leaves_out_only_pairs_below_the_cutoff(
    index: ScreenIndex, entities: list[EntityProxy], weights: dict[str, float] | None
) -> None:
    """``compare_from`` drops a pair only when ``compare`` scores it below the cut-off, and
    otherwise gives ``compare``'s result; most of a query's candidates are dropped."""
    algo = get_algorithm("match-v1", weights)
    dropped = kept_below = 0
    for i, props in enumerate(_people_queries(entities, 13)):
        if i % 3 == 0:  # evidence a feature adds for, or takes away for
            props["nationality"] = ["iq"]
        query = query_entity("Person", props)
        pq = prepare(query)
        records = [
            index.prepared(cand.entry) for cand in query_candidates(index, query, cutoff=0.0)
        ]
        for cutoff in (0.0, 0.5):  # the same, one at a time or all at once
            each = [algo.compare_from(pq, record, cutoff) for record in records]
            assert algo.compare_all(pq, records, cutoff) == each
        for record in records:
            full = algo.compare(pq, record)
            assert algo.compare_from(pq, record, 0.0) == full
            for cutoff in (1e-9, 0.3, 0.5, DEFAULT_THRESHOLD, 0.9, 1.0):
                found = algo.compare_from(pq, record, cutoff)
                if found is None:
                    assert full.score < cutoff
                    dropped += 1
                else:
                    assert found.score == full.score
                    assert found.features == full.features
                    kept_below += found.score < cutoff
    assert dropped > 20 * 60
    assert kept_below > 0  # the bound is not the score: the evidence may fall short of it


def test_names_are_left_unaligned_only_below_the_least_score(
    index: ScreenIndex, entities: list[EntityProxy]
) -> None:
    """``match_names`` with a least score gives the same alignment when it reaches that
    score, and one below it otherwise: the bound that skips aligning a pair of names
    never skips one that reaches it. On every name of a query's candidates, aliases and
    one-name records alike; most pairs below it are skipped."""
    skipped = reached = 0
    for props in _people_queries(entities, 17):
        query = prepare(query_entity("Person", props))
        for cand in query_candidates(index, query_entity("Person", props), cutoff=0.0):
            names = index.prepared(cand.entry).names
            full = match_names(query.names, names)
            for least in (0.2, 0.5, 0.6, 0.706, 0.8, 0.9, 0.99):
                found = match_names(query.names, names, least)
                if full.score >= least:
                    assert found == full
                    reached += 1
                else:
                    assert found.score < least
                    skipped += found.score <= 0.0 < full.score
    assert reached > 500
    assert skipped > 1000


@pytest.mark.parametrize("bounded_from", [BOUNDED_FROM, 1])
def test_prefilter_drops_the_names_it_refuses_while_counting(
    index: ScreenIndex,
    entities: list[EntityProxy],
    monkeypatch: pytest.MonkeyPatch,
    bounded_from: int,
) -> None:
    """The pre-filter's candidates are the same whether the names below its least
    cut-off for the query's dates are dropped while counting (``admits_from``, merged or
    read by size) or refused after, with dates or not."""
    monkeypatch.setattr(index_module, "BOUNDED_FROM", bounded_from)
    # look-ups kept from other tests (or the other way of counting) would be reused
    monkeypatch.setattr(index, "_found", BoundedCache(index._found.size))
    dropped = 0
    for props in _people_queries(entities, 12):
        query = query_entity("Person", props)
        dates = query.get("birthDate")
        got = query_candidates(index, query, cutoff=DEFAULT_THRESHOLD)
        every = index.candidates_for_names(
            entity_names(query),
            entity_identifiers(query),
            limit=FILTERED_CANDIDATES,
            admit=lambda entries, overlaps, dates=dates: _passes(index, dates, entries, overlaps),
        )
        assert got == every
        found = index._name_candidates(props["name"][0], index_module.MIN_COVERAGE)
        cut = OVERLAP_CUTOFF_SAME_DATE if dates else OVERLAP_CUTOFF
        dropped += found is not None and bool((found[2] < cut).any())
    assert dropped >= 10


def test_prefilter_takes_a_name_looked_up_ahead(index: ScreenIndex) -> None:
    """Bulk screening looks the names of rows that pass the pre-filter up ahead (every
    name found): scoring them takes that look-up, and looks up nothing again."""
    name = "Ivan Kuznetsovich Abdulrahman"
    index.look_up_many([name])
    cut = (name, index_module.MIN_COVERAGE, OVERLAP_CUTOFF, 0)
    assert index._found.missing([cut]) == [cut]
    query_candidates(index, query_entity("Person", {"name": [name]}), cutoff=DEFAULT_THRESHOLD)
    assert index._found.missing([cut]) == [cut]
    other = "Pyotr Kuznetsovich Abdulrahman"  # not looked up ahead
    query_candidates(index, query_entity("Person", {"name": [other]}), cutoff=DEFAULT_THRESHOLD)
    cut = (other, index_module.MIN_COVERAGE, OVERLAP_CUTOFF, 0)
    assert index._found.missing([cut]) == []  # looked up, the names refused left out


def _filler_index() -> ScreenIndex:
    """A query name ``Khayrulla Yurisovna Processing`` whose rare last word finds names that
    share only it: nine of two words, and entry 0 of three, spelt much as the query and
    born on 1970-05-06; entry 1 shares two words. The first two words are common."""
    rng = random.Random(5)

    def word() -> str:
        return "".join(rng.choice("bdgkmnprstvz") + rng.choice("aeiou") for _ in range(3))

    names = ["Gaynulla Tarasovna Processing", "Rustam Yurisovna Processing"]
    names += [f"{word().title()} Processing" for _ in range(9)]
    names += [f"Khayrulla {word().title()}" for _ in range(50)]
    names += [f"{word().title()} Yurisovna" for _ in range(50)]
    entities = []
    for i, name in enumerate(names):
        entity = model.make_entity("Person")
        entity.id = f"E{i}"
        entity.add("name", name)
        if i == 0:
            entity.add("birthDate", "1970-05-06")
        entities.append(entity)
    return build_index(entities)


def test_filler_that_cannot_match_is_chosen_by_retrieval_not_spelling() -> None:
    """Names found below the pre-filter's cut-off fill the candidates: with ``filler_below``
    only the best by overlap and retrieval are ranked, every name above it still is."""
    index = _filler_index()
    query = query_entity("Person", {"name": ["Khayrulla Yurisovna Processing"]})
    spelt = [c.entry for c in index.candidates(query, limit=5)]
    assert spelt[:2] == [1, 0]  # two shared words, then the name spelt alike
    bounded = index.candidates(query, limit=5, filler_below=OVERLAP_CUTOFF)
    assert bounded[0].entry == 1 and 0 not in [c.entry for c in bounded]
    assert len(bounded) == 5 and {c.overlap for c in bounded[1:]} == {0.2}  # the shorter names
    # scoring a query without birth dates hands the matcher the bounded candidates
    _n, hits = score_query(index, query, candidates=5, cutoff=0.0, limit=10)
    assert sorted(h.entry for h in hits) == sorted(c.entry for c in bounded)
    _n, hits = score_query(index, query, candidates=5, cutoff=0.0, limit=10, threshold=0.6)
    assert sorted(h.entry for h in hits) == sorted(spelt)  # a lower threshold: no bound


def test_a_query_with_birth_dates_ranks_every_filler_name() -> None:
    """Agreeing birth dates can lift a name that shares one word of three: with dates in the
    query, every name found is ranked by spelling, as without the bound."""
    index = _filler_index()
    query = query_entity(
        "Person", {"name": ["Khayrulla Yurisovna Processing"], "birthDate": ["1970-05-06"]}
    )
    _n, hits = score_query(index, query, candidates=5, limit=10)
    assert "E0" in [h.id for h in hits]

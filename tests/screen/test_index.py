"""Retrieval: finds what brute-force scoring finds, across scripts, spellings and orders."""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from commonlist.exc import InvalidInput, NotFound
from commonlist.matching import DEFAULT_THRESHOLD, get_algorithm, prepare
from commonlist.screen.index import (
    MIN_COVERAGE,
    SPELLED_NAMES,
    SPELT_ALL_UPTO,
    TWO_EDITS_FROM,
    ScreenIndex,
    build_index,
    distinct,
    two_edit_buckets,
    two_edit_forms,
)
from commonlist.screen.keys import (
    deletions,
    entity_names,
    name_words,
    word_joins,
    word_keys,
)
from commonlist.screen.scoring import may_match, query_entity, score_query


def top_ids(index: ScreenIndex, name: str, **props: str) -> list[str]:
    schema = "Person" if props else "LegalEntity"
    _total, hits = score_query(
        index, query_entity(schema, {"name": [name], **{k: [v] for k, v in props.items()}})
    )
    return [h.id for h in hits if h.match]


def test_cross_script_and_spelling(index: ScreenIndex) -> None:
    assert top_ids(index, "Иван Петрович Сидоров")[0] == "CL-000001"
    assert top_ids(index, "SIDOROV, Ivan")[0] == "CL-000001"
    assert top_ids(index, "Sidorow Iwan Petrowitsch")[0] == "CL-000001"
    assert top_ids(index, "Northern Lights Charity Foundation")[0] == "CL-000002"


def test_identifier_finds_entry(index: ScreenIndex) -> None:
    assert index.identifier_entries("7512-345678") == [index.resolve_id("CL-000001")]
    found = index.candidates(
        query_entity("Person", {"name": ["Someone Else"], "passportNumber": ["7512345678"]}),
        limit=5,
    )
    assert index.ids[found[0].entry] == "CL-000001"


def test_redirects(index: ScreenIndex) -> None:
    assert index.ids[index.resolve_id("CL-000009")] == "CL-000001"
    with pytest.raises(NotFound):
        index.resolve_id("CL-404")


def test_keys_are_script_free() -> None:
    assert name_words("Усама бен Ладен") == name_words("Usama bin Laden")
    assert "laden" in deletions("ladnen")


def _variant(rng: random.Random, name: str) -> str:
    words = name.split()
    roll = rng.random()
    if roll < 0.3 and len(words) > 1:
        return " ".join(reversed(words))
    if roll < 0.7:
        i = rng.randrange(len(name))
        return name[:i] + name[i + 1 :]
    return name.upper()


def test_recall_against_brute_force(index: ScreenIndex, entities: list[EntityProxy]) -> None:
    """Every entry the matcher scores at the threshold over the whole list, retrieval finds."""
    rng = random.Random(7)
    algo = get_algorithm("match-v1")
    prepared = [index.prepared(i) for i in range(len(index))]
    sample = rng.sample([e for e in entities if e.get("name")], 12)
    expected = found = 0
    for entity in sample:
        query = query_entity(
            entity.schema.name, {"name": [_variant(rng, entity.first("name") or "")]}
        )
        pq = prepare(query)
        brute = {
            i for i, p in enumerate(prepared) if algo.compare(pq, p).score >= DEFAULT_THRESHOLD
        }
        _total, hits = score_query(index, query, limit=1000)
        got = {h.entry for h in hits if h.match}
        expected += len(brute)
        found += len(brute & got)
    assert expected > 0
    assert found / expected >= 0.99


def test_common_words_still_find_the_rare_match() -> None:
    """Thousands of names share two common words: the one with the rare third word comes first."""
    rng = random.Random(3)
    letters = "bcdfgklmnprstvz"
    entities = []
    for i in range(2 * SPELLED_NAMES + 500):
        entity = model.make_entity("Person")
        entity.id = f"P{i}"
        surname = "".join(rng.choice(letters) + rng.choice("aeiou") for _ in range(4))
        entity.add("name", f"Ivan Petrovich {surname.title()}")
        entities.append(entity)
    entities[1234].set("name", "Ivan Petrovich Zakharchenko")
    index = build_index(entities)
    query = query_entity("Person", {"name": ["Ivan Petrovich Zaharchenko"]})
    assert len(index.overlaps(["Ivan Petrovich"])[0]) > SPELLED_NAMES
    assert [c.entry for c in index.candidates(query, limit=5)][0] == 1234
    common = index.candidates(query_entity("Person", {"name": ["Ivan Petrovich"]}), limit=5)
    assert len(common) == 5 and min(c.overlap for c in common) == pytest.approx(0.8)
    _n, hits = score_query(index, query, cutoff=DEFAULT_THRESHOLD)
    assert [h.id for h in hits] == ["P1234"]


def index_of(*names: str, schemas: tuple[str, ...] = ()) -> ScreenIndex:
    """An index of one entity per name, entry ``i`` holding ``names[i]`` (Person by default)."""
    entities = []
    for i, name in enumerate(names):
        entity = model.make_entity(schemas[i] if schemas else "Person")
        entity.id = f"E{i}"
        entity.add("name", name)
        entities.append(entity)
    return build_index(entities)


def test_long_word_two_letters_apart_is_found() -> None:
    """A long word with two letters dropped still finds the name, with its overlap whole."""
    index = index_of("Innocent Zimurinda", "Innocent Kabila", "Zimurinda")
    found = index.candidates(query_entity("Person", {"name": ["Innocent Ziurinda"]}), limit=5)
    assert (found[0].entry, found[0].overlap) == (0, 1.0)
    assert 2 in {c.entry for c in found}


def test_legal_form_words_do_not_count_against_the_name() -> None:
    """A bank's name without its legal form is found whole: the pre-filter lets the matcher see it."""
    index = index_of(
        "Joint-stock Commercial Bank Novikombank",
        "Novikov Trading",
        "Novikombank Joint Stock",
        schemas=("Organization", "Organization", "Person"),
    )
    entries, overlaps = index.overlaps(["Novikombank"])
    by_entry = dict(zip(entries.tolist(), overlaps.tolist(), strict=True))
    assert by_entry[0] == 1.0  # legal form left out: found whole
    assert by_entry[2] == pytest.approx(0.5)  # a person's words all count
    assert may_match(index, ["Novikombank"], [], [])  # the matcher gets to see it


def test_legal_form_spelt_otherwise_is_found_by_its_class() -> None:
    """A legal form written otherwise (OD for OOD, LLC for ООО) is found as a shared word:
    the matcher compares legal forms by class. A name sharing only the class is no match."""
    index = index_of(
        "SIZIF V OOD",
        "Lukoil OOO",
        "Romashka OOO",
        "Sizif Trading",
        schemas=("Organization",) * 4,
    )
    _n, hits = score_query(
        index, query_entity("Organization", {"name": ["SIZIF V OD"]}), cutoff=DEFAULT_THRESHOLD
    )
    assert [h.id for h in hits] == ["E0"]
    entries, overlaps = index.overlaps(["Romashka LLC"])
    by_entry = dict(zip(entries.tolist(), overlaps.tolist(), strict=True))
    assert by_entry[2] == 1.0  # Romashka OOO: both words found
    assert by_entry.get(1, 0.0) < 0.55  # Lukoil OOO: the legal form alone is not enough
    # the class is found as it is, not by spelling: no near key, no two-edit search
    assert index._expand("#llc") == {index._vocab["#llc"]}


def test_name_word_spelt_like_an_honorific_counts() -> None:
    """Saeed keys as the honorific Sayed but is a name word: a typo in the honorific before
    it (Hafi for Hafiz) leaves two of three words found, and the match is screened."""
    index = index_of("HAFIZ MUHAMMAD SAEED", "Muhammad Ali", "Saeed Khan")
    _n, hits = score_query(
        index, query_entity("Person", {"name": ["Hafi Muhammad Saeed"]}), cutoff=DEFAULT_THRESHOLD
    )
    assert [h.id for h in hits] == ["E0"]


def test_two_words_written_as_one_are_found_either_way() -> None:
    """A name's two words written as one find it, and the other way round, also where the
    joined word's key is not the two keys end to end (``azizjafari`` keys as ``azizafari``:
    the J of a word's start is not the j inside one), and where one of the two is a
    particle, which has no key of its own (``Abu Bakr`` ~ ``Abubakr``)."""
    assert word_keys("azizjafari") != tuple(
        a + b for a in word_keys("aziz") for b in word_keys("jafari")
    )
    assert not word_keys("abu")
    index = index_of(
        "Aziz Jafari",
        "Abdulrahman Omar",
        "Aziz Karimi",
        "Mohammad Ali Jafari",
        "Abduljabbar Karimi",
        "Abu Bakr Baghdadi",
        "Nurjahan Begum",
        "Osama Binladen",
        "Abujandal",
    )
    for query, entry in [
        ("AzizJafari", 0),
        ("Abdul Rahman Omar", 1),
        ("Abdulrahman Omar", 1),
        ("Abdul Jabbar Karimi", 4),  # the query's two words, the listed one
        ("Abubakr Baghdadi", 5),  # the query's one word, the listed particle and word
        ("Абу Бакр Багдади", 5),
        ("Nur Jahan Begum", 6),
        ("Osama bin Laden", 7),  # the query's particle and word, the listed one word
        ("Abu Jandal", 8),  # a kunya, written as one word in the list
    ]:
        found = index.candidates(query_entity("Person", {"name": [query]}), limit=5)
        assert found and found[0].entry == entry, query
        assert found[0].overlap > 0.55, query  # through the pre-filter's cut-off without dates
    for query, entry_id in [
        ("AzizJafari", "E0"),
        ("Abdul Jabbar Karimi", "E4"),
        ("Abubakr Baghdadi", "E5"),
        ("Nur Jahan Begum", "E6"),
        ("Abu Jandal", "E8"),
    ]:
        _n, hits = score_query(
            index, query_entity("Person", {"name": [query]}), cutoff=DEFAULT_THRESHOLD
        )
        assert hits and hits[0].id == entry_id and hits[0].match, query
    assert word_joins("Aziz Jafari") == (word_keys("azizjafari"), word_keys("azizjafari"))
    # beside its neighbours in the text and beside the name words next to it
    assert word_joins("Aziz al Jafari") == (
        word_keys("azizal") + word_keys("azizjafari"),
        word_keys("azizjafari") + word_keys("aljafari"),
    )
    assert word_joins("Abu Bakr") == (word_keys("abubakr"),)


def test_short_word_finds_a_long_one_two_letters_apart() -> None:
    """Two edits apart counts from either side when the longer key has 6+ letters."""
    assert TWO_EDITS_FROM == 6
    index = index_of("Hamidah Nabagala", "Raja Salameh", "Hamidah Nabaga", "Omar Hakim")
    found = index.candidates(query_entity("Person", {"name": ["Hamidah Nabagaa"]}), limit=5)
    assert {c.entry for c in found if c.overlap == 1.0} == {0, 2}  # nabaga ~ nabagala
    found = index.candidates(query_entity("Person", {"name": ["Hamidah Nabagalala"]}), limit=5)
    assert {c.entry for c in found if c.overlap == 1.0} == {0}  # and back: long finds short
    # a four-letter key finds a six-letter one (same ~ salame) ...
    found = index.candidates(query_entity("Person", {"name": ["Raja Saameh"]}), limit=5)
    assert {c.entry for c in found if c.overlap == 1.0} == {1}
    # ... but with both keys under six letters (hafi ~ hakim) two edits make another word
    found = index.candidates(query_entity("Person", {"name": ["Omar Hafi"]}), limit=5)
    assert all(c.overlap < 1.0 for c in found)


def test_distinct_is_numpy_unique() -> None:
    rng = np.random.default_rng(5)
    for size in (0, 1, 2, 7, 1000):
        values = rng.integers(0, 50, size).astype(np.int32)
        got = distinct(values)
        assert got.dtype == np.int32 and got.tolist() == np.unique(values).tolist()


def two_edit_scan(index: ScreenIndex, key: str) -> set[int]:
    """The two-edit search by a scan of every single-word key (what the table replaces)."""
    if len(key) + 2 < TWO_EDITS_FROM:
        return set()
    singles = sorted({vid for vids in index._deletes.values() for vid in vids})
    return {
        vid
        for vid in singles
        if (other := index._keys[vid])[0] == key[0]
        and max(len(key), len(other)) >= TWO_EDITS_FROM
        and Levenshtein.distance(key, other) <= 2
    }


def test_two_edit_table_finds_what_a_scan_finds(index: ScreenIndex) -> None:
    """The hashed two-deletion table finds exactly the keys a scan over all keys finds."""
    rng = random.Random(11)
    singles = sorted({vid for vids in index._deletes.values() for vid in vids})
    keys = [index._keys[vid] for vid in rng.sample(singles, 400)]
    letters = "abdefghiklmnorstuvz"
    probes: list[str] = []
    for key in keys:
        probes.append(key)
        for _ in range(3):  # one or two random edits after the first letter
            word = list(key)
            for _edit in range(rng.randint(1, 2)):
                at = rng.randrange(1, len(word) + 1)
                kind = rng.choice(("delete", "insert", "replace", "swap"))
                if kind == "delete" and at < len(word):
                    del word[at]
                elif kind == "insert":
                    word.insert(at, rng.choice(letters))
                elif kind == "replace" and at < len(word):
                    word[at] = rng.choice(letters)
                elif kind == "swap" and at + 1 < len(word):
                    word[at], word[at + 1] = word[at + 1], word[at]
            probes.append("".join(word))
    probes += ["saameh", "nabagaa", "zzzzzzzz", "ab", "abdulrahma"]
    found_any = 0
    for probe in probes:
        expected = two_edit_scan(index, probe)
        assert set(index._two_edits(probe)) == expected, probe
        found_any += bool(expected)
    assert found_any > len(probes) // 3  # the probes do find keys: the comparison means something


def test_two_edit_forms_hold_every_key_two_edits_away() -> None:
    """Two keys with the same first letter within two edits share a form (the search then
    checks the distance: keys further apart may share one too)."""
    assert two_edit_forms("salameh") & two_edit_forms("saameh")  # one deletion
    assert two_edit_forms("zimurinda") & two_edit_forms("ziurinda")
    assert two_edit_forms("abdulla") & two_edit_forms("abdlula")  # a swap: two edits
    assert two_edit_forms("abdulla") & two_edit_forms("abdullah")  # an insertion


class _SpellingEverything(ScreenIndex):
    """The index as it was before names that cannot rank were dropped unspelt."""

    def _rankable(self, spelt: str, found: tuple, limit: int) -> tuple:  # type: ignore[type-arg]
        return found


def test_names_that_cannot_rank_are_dropped_without_changing_the_best() -> None:
    """Many names share one word of the query, a few share two: the best entries and their
    order are the same whether or not the one-word names are spelt out, ties included."""
    rng = random.Random(5)
    letters = "bcdfgklmnprstvz"
    entities = []
    for i in range(1800):
        entity = model.make_entity("Person")
        entity.id = f"P{i:04d}"
        given = rng.choice(["Ivan", "Ivan", "Pyotr", "Sergei", "Oleg"])
        surname = "".join(rng.choice(letters) + rng.choice("aeiou") for _ in range(3))
        middle = rng.choice(["Petrovich", "Ilyich", "Olegovich"])
        entity.add("name", f"{given} {middle} {surname.title()}")
        entity.add("name", f"{surname.title()} {given}")
        entities.append(entity)
    index = build_index(entities)
    plain = _SpellingEverything.__new__(_SpellingEverything)
    plain.__dict__.update(build_index(entities).__dict__)
    surname = entities[7].get("name")[-1].split()[0]
    for text in [f"Ivan Petrovich {surname}", "Ivan", "Oleg Ilyich", f"Oleg {surname[:-1]}"]:
        query = query_entity("Person", {"name": [text]})
        for limit in (1, 5, 30):
            ours = [(c.entry, c.retrieval, c.overlap) for c in index.candidates(query, limit=limit)]
            assert ours == [
                (c.entry, c.retrieval, c.overlap) for c in plain.candidates(query, limit=limit)
            ]
            assert ours, text
    # most names found share one word of the query: they are dropped unspelt
    found = index._name_candidates("Oleg Ilyich", MIN_COVERAGE)
    assert found is not None and len(found[0]) > SPELT_ALL_UPTO
    assert len(index._rankable("ilich oleg", found, 30)[0]) < len(found[0]) / 2  # keys sorted


def test_rank_spelling_is_the_token_sort_ratio_of_the_name_keys() -> None:
    """The index keeps each name's keys with the words sorted and compares them with the
    plain ratio: the same numbers as rapidfuzz's token-sort ratio of the keys as written."""
    rng = random.Random(11)
    words = ["Ivan", "Petrov", "Abdul", "Rahman", "Сидоров", "Мария", "Khalid", "Omar", "Zed"]
    entities = []
    for i in range(200):
        entity = model.make_entity("Person")
        entity.id = f"P{i:04d}"
        entity.add("name", " ".join(rng.sample(words, rng.randint(1, 4))))
        entities.append(entity)
    index = build_index(entities)
    texts = [t for e in entities for t in entity_names(e) if name_words(t)]
    assert len(texts) == index.info.names
    spellings = [" ".join(keys[0] for keys in name_words(t)) for t in texts]
    for query in ["Petrov Ivan", "Omar Abdul Rahman", "Мария Сидорова", "Zed Omar Ivan Khalid"]:
        found = index._name_candidates(query, MIN_COVERAGE)
        assert found is not None and len(found[0]) > 5
        spelt = " ".join(keys[0] for keys in name_words(query))
        spelling = np.asarray(
            [fuzz.token_sort_ratio(spelt, spellings[i]) for i in found[0].tolist()],
            dtype=np.float32,
        )
        expected = found[2] + spelling / 100.0 + found[1] / 100.0
        sorted_spelt = " ".join(sorted(spelt.split()))
        assert np.array_equal(index._ranks(sorted_spelt, found), expected)
        assert spelt != sorted_spelt or query == "Мария Сидорова"


def _plain_candidates(
    index: ScreenIndex, names: list[str], identifiers: list[str], limit: int
) -> list[tuple[int, float, float]]:
    """``candidates`` written plainly: every name found spelt, each entry's best rank,
    retrieval and overlap over its names, identifier hits first."""
    best: dict[int, list[float]] = {}
    for name in names:
        found = index._name_candidates(name, MIN_COVERAGE)
        if found is None:
            continue
        spelt = " ".join(sorted(keys[0] for keys in name_words(name)))
        ranks = index._ranks(spelt, found)
        for i, pos in enumerate(found[0].tolist()):
            row = (float(ranks[i]), float(found[1][i]), float(found[2][i]))
            old = best.setdefault(int(index._name_entry[pos]), list(row))
            best[int(index._name_entry[pos])] = [max(a, b) for a, b in zip(old, row, strict=True)]
    known = sorted({e for ident in identifiers for e in index.identifier_entries(ident)})
    ranked = sorted((e for e in best if e not in known), key=lambda e: (-best[e][0], e))
    return [(e, 1.0, 1.0) for e in known] + [(e, min(best[e][1], 1.0), best[e][2]) for e in ranked][
        :limit
    ]


def test_candidates_group_names_by_entry_and_put_identifiers_first() -> None:
    """Entries of several names each, found by one query name or several, some by an
    identifier too: one row per entry, its best values, ranked as written out plainly."""
    rng = random.Random(3)
    givens = ["Ivan", "Oleg", "Pyotr", "Anna", "Maria"]
    surnames = ["Petrov", "Petrova", "Sidorov", "Ivanov", "Orlov", "Popov"]
    entities = []
    for i in range(300):
        entity = model.make_entity("Person")
        entity.id = f"P{i:04d}"
        for _ in range(rng.randint(1, 3)):
            entity.add("name", f"{rng.choice(givens)} {rng.choice(surnames)}")
        entity.add("passportNumber", f"AB{i % 40:04d}")
        entities.append(entity)
    index = build_index(entities)
    queries = [
        (["Ivan Petrov"], []),
        (["Ivan Petrov", "Oleg Orlov"], []),
        (["Anna Popova"], ["AB0007"]),
        (["Maria Sidorov", "Pyotr"], ["AB0003", "AB0011"]),
        ([], ["AB0001"]),
    ]
    for names, identifiers in queries:
        for limit in (1, 4, 30, 500):
            ours = index.candidates_for_names(names, identifiers, limit=limit)
            plain = _plain_candidates(index, names, identifiers, limit)
            assert [(c.entry, c.retrieval, c.overlap) for c in ours] == plain[:limit]
            assert len(ours) == min(limit, len(plain)) > 0
    assert any(len(e.get("name")) > 1 for e in entities)


def test_two_edit_forms_are_the_deletions_of_the_one_deletion_forms() -> None:
    """Deleting each pair of positions once gives the forms that deleting one letter from
    every one-deletion form gives, repeated letters included."""
    rng = random.Random(2)
    keys = ["", "a", "ab", "aab", "aaaa", "abcabcabcabc", "salameh", "zimurinda"]
    keys += ["".join(rng.choice("aabn") for _ in range(rng.randint(1, 12))) for _ in range(300)]
    for key in keys:
        head, rest = key[:1], key[1:]
        ones = {rest[:i] + rest[i + 1 :] for i in range(len(rest))}
        twos = {form[:i] + form[i + 1 :] for form in ones for i in range(len(form))}
        assert two_edit_forms(key) == {head + form for form in (rest, *ones, *twos)}, key


def test_two_edit_buckets_hold_the_hashes_of_their_top_bits() -> None:
    """Each bucket's range of the sorted hashes holds exactly the hashes of its top bits."""
    rng = np.random.default_rng(4)
    for size in (0, 1, 5, 1000, 70_000):
        hashes = np.sort(rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32))
        buckets = two_edit_buckets(hashes)
        bits = (len(buckets) - 1).bit_length() - 1
        assert buckets[0] == 0 and buckets[-1] == size and (1 << bits) >= size / 2
        top = (hashes >> np.uint32(32 - bits)).astype(np.int64)
        assert np.array_equal(np.searchsorted(top, np.arange(len(buckets))), buckets)


def _passes(entity: EntityProxy, case: dict[str, list[str]]) -> bool:
    """yente's result filters, written plainly over an entry's followthemoney data."""
    referents = [str(r) for r in entity.context.get("referents", [])]
    members = {r.split(":", 1)[0] for r in referents}
    if case.get("include_datasets") and not members & set(case["include_datasets"]):
        return False
    if case.get("topics") and not set(entity.get("topics")) & set(case["topics"]):
        return False
    if members & set(case.get("exclude_datasets", [])):
        return False
    if entity.schema.name in case.get("exclude_schemata", []):
        return False
    return not (set(referents) | {entity.id}) & set(case.get("exclude_ids", []))


FILTERS: list[dict[str, list[str]]] = [
    {"include_datasets": ["EU"]},
    {"exclude_datasets": ["UN"]},
    {"include_datasets": ["UN", "UK"], "topics": ["sanction"]},
    {"exclude_schemata": ["Person"]},
    {"exclude_schemata": ["Organization", "LegalEntity"], "exclude_ids": ["CL-000001"]},
    {"topics": ["sanction", "crime.terror"], "exclude_datasets": ["RU"]},
    {"exclude_ids": ["CL-000002", "UN:QDi.001", "UN:QDe.004", "nobody"]},
]


def test_entry_filters_admit_what_the_entries_say(index: ScreenIndex) -> None:
    everything = np.arange(len(index), dtype=np.int32)
    entities = [index.entity(i) for i in range(len(index))]
    for case in FILTERS:
        only = index.entry_filter(**case)
        assert only is not None
        expected = [i for i, e in enumerate(entities) if _passes(e, case)]
        assert 0 < len(expected) < len(index), case
        assert np.flatnonzero(only.admits(everything)).tolist() == expected, case
        assert only.select(everything[::-1].tolist()) == expected[::-1]
    assert index.entry_filter() is None
    # an ID retired by a merge names its successor
    retired = index.entry_filter(exclude_ids=["CL-000009"])
    assert retired is not None and not retired.select([index.resolve_id("CL-000001")])
    for bad in [{"include_datasets": ["OFAC"]}, {"exclude_schemata": ["Persn"]}, {"topics": ["x"]}]:
        with pytest.raises(InvalidInput):
            index.entry_filter(**bad)


def test_filtered_candidates_are_the_best_that_pass(index: ScreenIndex) -> None:
    """Entries a filter leaves out are dropped before ranking: the best that pass come up,
    with the same scores and order as among all candidates."""
    entities = [index.entity(i) for i in range(len(index))]
    for text in ["Ivan Petrovich Sidorov", "Muhammad", "Abdul Rahman", "Al-Qaida"]:
        query = query_entity("Person", {"name": [text]})
        everything = index.candidates(query, limit=len(index))
        for case in FILTERS:
            only = index.entry_filter(**case)
            expected = [c for c in everything if _passes(entities[c.entry], case)]
            assert index.candidates(query, limit=7, only=only) == expected[:7], (text, case)
    # an identifier hit passes the filter too, or not
    by_passport = query_entity("Person", {"passportNumber": ["7512 345678"]})
    sidorov = index.resolve_id("CL-000001")
    assert [c.entry for c in index.candidates(by_passport, limit=5)] == [sidorov]
    kept = index.entry_filter(include_datasets=["RU"])
    assert [c.entry for c in index.candidates(by_passport, limit=5, only=kept)] == [sidorov]
    dropped = index.entry_filter(exclude_ids=["EU:EU.99.1"])
    assert index.candidates(by_passport, limit=5, only=dropped) == []


def test_a_pickled_index_finds_the_same(index: ScreenIndex) -> None:
    """A cached index is a pickle: loaded, it finds the same candidates and two-edit keys
    (the two-edit buckets are derived again), also a pickle made before the buckets were
    kept, the spellings packed (an array of strings) and the entries tagged."""
    loaded = pickle.loads(pickle.dumps(index))
    assert np.array_equal(loaded._two_edit_buckets, index._two_edit_buckets)
    state = index.__getstate__()
    text, offsets = state.pop("_spelt"), state.pop("_spelt_at")
    assert isinstance(text, bytes) and isinstance(offsets, np.ndarray)
    ends = offsets.tolist()
    state["_spellings"] = np.asarray(
        [text[a:b].decode() for a, b in zip(ends[:-1], ends[1:], strict=True)], dtype=object
    )
    tagged, referents, changed = (
        state.pop("_tagged"),
        state.pop("_referents"),
        state.pop("_changed"),
    )
    older = ScreenIndex.__new__(ScreenIndex)
    older.__setstate__(state)
    assert older._spelt == text and np.array_equal(older._spelt_at, offsets)
    assert older._referents == referents and older._tagged.keys() == tagged.keys()
    assert all(np.array_equal(older._tagged[k], v) for k, v in tagged.items())
    assert np.array_equal(older._changed, changed, equal_nan=True)
    for name in ["Ivan Sidorov", "Sidorow Iwan Petrowitsch", "Northern Lights Charity"]:
        query = query_entity("Person", {"name": [name]})
        ours = [(c.entry, c.retrieval, c.overlap) for c in index.candidates(query, limit=10)]
        assert ours
        for other in (loaded, older):
            found = other.candidates(query, limit=10)
            assert ours == [(c.entry, c.retrieval, c.overlap) for c in found]
    probes = ["sidorov", "petrovich", "sidorowa", "charitee"]
    assert [loaded._two_edits(k) for k in probes] == [index._two_edits(k) for k in probes]
    assert any(index._two_edits(k) for k in probes)

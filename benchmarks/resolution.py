"""Resolution benchmark: the six real lists with UN references removed, scored against
the crosslinks; time and peak memory next to Splink (DuckDB) on the same records; and
synthetic runs of up to a million records (blocking, or the whole resolve).

Each measured step runs in a fresh process, so peak memory (ru_maxrss) is its own.

Usage:
    python benchmarks/resolution.py [--workdir DIR] [--skip-splink]
    python benchmarks/resolution.py guards --workdir DIR
    python benchmarks/resolution.py synthetic --records 1000000 [--resolve]
Reads the full files from ../shared/data/lists next to the repository.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from shared_lists import CASES, LISTS, ROOT

LINKS = LISTS / "_crosslinks"
RESULTS = ROOT / "benchmarks" / "results"

#: UN reference numbers as lists quote them: QDi.001, TAe.010, CDi.034 ...
UN_REF = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_pss_mb(pid: int) -> float:
    """Proportional memory (pages shared after fork counted once) of a process and all
    its descendants now (Linux ``/proc``)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


class TreePeak:
    """Samples the memory of this process and its workers twice a second."""

    def __init__(self) -> None:
        import os
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, tree_pss_mb(self._pid))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


# -- data -----------------------------------------------------------------------------


def strip_un_refs(record: Any) -> Any:
    """The record without anything that cites a UN reference number.

    Importers keep UK ``un_reference_number`` and EU ``unitedNationId`` as a
    ``UN reference: …`` note; free text (notes, reasons, positions) may quote refs too.
    """
    from commonlist.sources.model import Designation

    props: dict[str, tuple[str, ...]] = {}
    for prop, values in record.properties.items():
        kept = tuple(UN_REF.sub("", v) for v in values if not v.startswith("UN reference"))
        kept = tuple(v for v in kept if v.strip())
        if kept:
            props[prop] = kept
    d = record.designation
    designation = Designation(
        **{k: (UN_REF.sub("", v) if isinstance(v, str) else v) for k, v in d.to_dict().items()}
    )
    return replace(record, properties=props, designation=designation)


def prepare(db_url: str) -> dict[str, Any]:
    """Parse the six lists, strip UN refs from all but the UN's, write them to a registry."""
    from commonlist.registry.db import get_engine, migrate, transaction
    from commonlist.registry.imports import parse_file, write_records
    from commonlist.registry.members import add_member

    engine = get_engine(db_url)
    migrate(engine)
    counts = {}
    for member, (rel, fmt) in CASES.items():
        _, records = parse_file(LISTS / rel, format_name=fmt, max_bytes=1 << 30)
        if member != "UN":
            records = [strip_un_refs(r) for r in records]
        with transaction(engine) as session:
            add_member(session, member, name_en=member, name_ru=member, actor="bench")
            write_records(
                session, records, member=member, file_name=rel, sha256="0" * 64,
                format_name=fmt, actor="bench",
            )  # fmt: skip
        counts[member] = len(records)
    return counts


def export_records(db_url: str, out: Path) -> None:
    """The registry's current records as Parquet rows for Splink (one flat row each)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from commonlist.names.translit import to_latin
    from commonlist.registry.db import get_engine, transaction
    from commonlist.registry.records import current_records

    with transaction(get_engine(db_url)) as session:
        rows = current_records(session)
    cols: dict[str, list[Any]] = {
        k: [] for k in ("unique_id", "member", "schema", "name", "first_token", "last_token",
                        "aliases", "birth_date", "birth_year", "country", "documents")
    }  # fmt: skip
    for member, rid, record in rows:
        name = to_latin(record.primary_name())
        tokens = name.split()
        cols["unique_id"].append(rid)
        cols["member"].append(member)
        cols["schema"].append(record.schema)
        cols["name"].append(name or None)
        cols["first_token"].append(tokens[0] if tokens else None)
        cols["last_token"].append(tokens[-1] if tokens else None)
        aliases = sorted({to_latin(n.value) for n in record.names} - {""})
        cols["aliases"].append(aliases)
        dates = record.properties.get("birthDate", ())
        cols["birth_date"].append(dates[0] if dates else None)
        cols["birth_year"].append(dates[0][:4] if dates else None)
        countries = record.properties.get("nationality", ()) or record.properties.get("country", ())
        cols["country"].append(countries[0] if countries else None)
        cols["documents"].append(
            sorted({re.sub(r"[^A-Z0-9]", "", d.number.upper()) for d in record.documents})
        )
    pq.write_table(pa.table(cols), out)


# -- ground truth -----------------------------------------------------------------------


def truth_pairs(present: set[str]) -> dict[str, set[tuple[str, str]]]:
    """Labelled cross-list pairs whose two records are in the registry.

    ``UK-UN``: UK ``un_reference_number``; ``EU-UN``: EU ``unitedNationId`` (the
    refs the EU quotes in free text link persons to their organisations, so they are
    reported apart as ``EU-UN text``); candidates from RU and OFAC for information.
    """

    def read(name: str) -> Iterator[dict[str, str]]:
        with (LINKS / name).open(encoding="utf-8") as fh:
            yield from csv.DictReader(fh)

    def pair(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a < b else (b, a)

    sets: dict[str, set[tuple[str, str]]] = {
        "UK-UN": set(), "EU-UN": set(), "EU-UN text": set(), "RU-UN cand.": set(),
        "US-UN cand.": set(),
    }  # fmt: skip
    for row in read("uk_sanctions_list__un_sc.csv"):
        sets["UK-UN"].add(pair(f"UK:{row['uk_unique_id']}", f"UN:{row['un_reference_number']}"))
    for row in read("eu_fsf__un_sc.csv"):
        key = "EU-UN" if row["link_source"].startswith("unitedNationId") else "EU-UN text"
        sets[key].add(pair(f"EU:{row['eu_reference_number']}", f"UN:{row['un_reference_number']}"))
    sets["EU-UN text"] -= sets["EU-UN"]
    for row in read("ru_rosfinmonitoring__un_sc_candidates.csv"):
        sets["RU-UN cand."].add(
            pair(f"RU:{row['rosfin_number']}", f"UN:{row['un_reference_number']}")
        )
    for row in read("us_ofac_sdn__un_sc_candidates.csv"):
        sets["US-UN cand."].add(
            pair(f"US:{row['ofac_ent_num']}", f"UN:{row['un_reference_number']}")
        )
    return {k: {p for p in v if p[0] in present and p[1] in present} for k, v in sets.items()}


def evaluate(clusters: Iterable[Iterable[str]], present: set[str]) -> dict[str, Any]:
    """Pairwise precision and recall of clusters against the labelled UK–UN and EU–UN pairs.

    Precision counts predicted UK–UN and EU–UN pairs in which the UK/EU record or the
    UN record carries a label from that member (pairs with no label on either side
    are unknown, not wrong).
    """
    truth = truth_pairs(present)
    entry = {rid: i for i, c in enumerate(clusters) for rid in c}
    out: dict[str, Any] = {}
    for name, pairs in truth.items():
        hit = sum(1 for a, b in pairs if a in entry and entry.get(a) == entry.get(b))
        out[f"recall {name}"] = (hit, len(pairs))
    labelled = truth["UK-UN"] | truth["EU-UN"]
    labelled_ids = {r for p in labelled for r in p}
    by_entry: dict[int, list[str]] = {}
    for rid, i in entry.items():
        by_entry.setdefault(i, []).append(rid)
    tp = fp = 0
    for rids in by_entry.values():
        for a in rids:
            for b in rids:
                if not (a < b):
                    continue
                members = {a.split(":")[0], b.split(":")[0]}
                if members not in ({"UK", "UN"}, {"EU", "UN"}):
                    continue
                other = a if not a.startswith("UN:") else b
                un = b if other == a else a
                member = other.split(":")[0]
                if other not in labelled_ids and not any(
                    p
                    for p in labelled
                    if un in p and (p[0].startswith(member) or p[1].startswith(member))
                ):
                    continue
                if (a, b) in labelled:
                    tp += 1
                else:
                    fp += 1
    found = sum(1 for a, b in labelled if a in entry and entry.get(a) == entry.get(b))
    out["precision"] = round(tp / (tp + fp), 4) if tp + fp else None
    out["recall"] = round(found / len(labelled), 4) if labelled else None
    out["tp"], out["fp"], out["labelled"] = tp, fp, len(labelled)
    return out


def link_agreement(
    clusters: Iterable[Iterable[str]], links: set[tuple[str, str]], members: set[str]
) -> dict[str, Any]:
    """Predicted pairs of two members against candidate links (held-out data).

    A predicted pair of ``members`` counts as agreeing when it is a link, as
    disagreeing when it is not but one of its records has a link (the link points
    elsewhere); pairs of records without any link are not counted.
    """
    linked = {r for p in links for r in p}
    agree = disagree = 0
    wrong: list[tuple[str, str]] = []
    entry = {rid: i for i, c in enumerate(clusters) for rid in c}
    by_entry: dict[int, list[str]] = {}
    for rid, i in entry.items():
        by_entry.setdefault(i, []).append(rid)
    for rids in by_entry.values():
        for a, b in itertools.combinations(sorted(rids), 2):
            if {a.split(":")[0], b.split(":")[0]} != members:
                continue
            if (a, b) in links:
                agree += 1
            elif a in linked or b in linked:
                disagree += 1
                wrong.append((a, b))
    found = sum(1 for a, b in links if a in entry and entry.get(a) == entry.get(b))
    return {
        "agree": agree,
        "disagree": disagree,
        "precision": round(agree / (agree + disagree), 4) if agree + disagree else None,
        "recall": (found, len(links)),
        "disagreeing": sorted(wrong),
    }


def false_positives(clusters: Iterable[Iterable[str]], present: set[str]) -> list[tuple[str, str]]:
    """The predicted UK–UN / EU–UN pairs that ``evaluate`` counts as wrong."""
    truth = truth_pairs(present)
    labelled = truth["UK-UN"] | truth["EU-UN"]
    labelled_ids = {r for p in labelled for r in p}
    wrong: list[tuple[str, str]] = []
    for rids in clusters:
        for a, b in itertools.combinations(sorted(rids), 2):
            pair_members = {a.split(":")[0], b.split(":")[0]}
            if pair_members not in ({"UK", "UN"}, {"EU", "UN"}) or (a, b) in labelled:
                continue
            other, un = (a, b) if b.startswith("UN:") else (b, a)
            member = other.split(":")[0]
            if other in labelled_ids or any(
                un in p and (p[0].startswith(member) or p[1].startswith(member)) for p in labelled
            ):
                wrong.append((a, b))
    return wrong


#: clustering guard settings compared on the cached scores: (tie margin, least support)
GUARDS = {"default": (0.0, 0.25), "no support guard": (0.0, 0.0), "tie 0.02": (0.02, 0.25),
          "support 0.5": (0.0, 0.5)}  # fmt: skip


def step_guards(db_url: str) -> dict[str, Any]:
    """Re-cluster the cached scores of a benchmark registry under each guard setting.

    Pairs the Korean given-name rule holds back go to review in every setting, as in
    ``resolve()``. Tuning data: the labelled UK/EU–UN pairs. Held out (not looked at when the
    settings were chosen): the US–UN and RU–UN candidates and the EU–UK pairs
    implied through the UN (a UK and an EU record quoting the same UN reference).
    The wrong labelled pairs of the default setting are listed with their names.
    """
    from sqlalchemy import select

    from commonlist.registry.db import get_engine, transaction
    from commonlist.resolve.cluster import Edge, cluster
    from commonlist.resolve.given_names import given_name_conflict
    from commonlist.resolve.judgement import Pair
    from commonlist.resolve.resolver import _load_current
    from commonlist.resolve.tables import PairScoreRow

    with transaction(get_engine(db_url)) as session:
        current = _load_current(session)
        edges = [
            Edge(Pair(a, b), score)
            for a, b, score in session.execute(
                select(PairScoreRow.left_id, PairScoreRow.right_id, PairScoreRow.score).where(
                    PairScoreRow.score >= 0.7
                )
            )
        ]
    present = set(current.record)
    truth = truth_pairs(present)
    uk_un = {(a, b) if a.startswith("UN:") else (b, a) for a, b in truth["UK-UN"]}
    eu_un = {(a, b) if a.startswith("UN:") else (b, a) for a, b in truth["EU-UN"]}
    uk_by_un: dict[str, set[str]] = {}
    for un, uk in uk_un:
        uk_by_un.setdefault(un, set()).add(uk)
    eu_uk = {(eu, uk) if eu < uk else (uk, eu) for un, eu in eu_un for uk in uk_by_un.get(un, ())}
    held = {
        e.pair
        for e in edges
        if e.score >= 0.9
        and given_name_conflict(current.record[e.pair.left], current.record[e.pair.right])
    }
    out: dict[str, Any] = {"edges": len(edges), "held (Korean given names)": len(held)}
    for name, (tie, support) in GUARDS.items():
        result = cluster(
            current.member, edges, {}, auto_threshold=0.9, review_threshold=0.7,
            tie_margin=tie, min_support=support, held=held,
        )  # fmt: skip
        clusters = [sorted(c) for c in result.clusters]
        tuned = evaluate(clusters, present)
        out[name] = {
            "tuning UK/EU-UN": {k: tuned[k] for k in ("precision", "recall", "tp", "fp")},
            "held-out US-UN": link_agreement(clusters, truth["US-UN cand."], {"US", "UN"}),
            "held-out RU-UN": link_agreement(clusters, truth["RU-UN cand."], {"RU", "UN"}),
            "held-out EU-UK": link_agreement(clusters, eu_uk, {"EU", "UK"}),
        }
        if name == "default":

            def describe(rid: str) -> str:
                record = current.record[rid]
                births = ",".join(record.properties.get("birthDate", ()))
                return f"{rid} {record.primary_name()} [{births}]"

            out[name]["false positives"] = [
                (describe(a), describe(b)) for a, b in false_positives(clusters, present)
            ]
            for key in ("held-out US-UN", "held-out EU-UK"):
                out[name][key]["disagreeing"] = [
                    (describe(a), describe(b)) for a, b in out[name][key]["disagreeing"]
                ]
        else:
            for key in ("held-out US-UN", "held-out RU-UN", "held-out EU-UK"):
                out[name][key].pop("disagreeing")
    return out


# -- measured steps (each in its own process) -------------------------------------------


def step_ours(db_url: str, out: Path) -> None:
    from sqlalchemy import select

    from commonlist.registry.db import get_engine, transaction
    from commonlist.resolve.entries import entry_for_record  # noqa: F401  (API check)
    from commonlist.resolve.resolver import candidate_pairs, resolve
    from commonlist.resolve.tables import EntryRecordRow

    engine = get_engine(db_url)
    start = time.perf_counter()
    with transaction(engine) as session:
        summary = resolve(session, actor="bench", full=True)
    seconds = time.perf_counter() - start
    peak = peak_mb()
    with transaction(engine) as session:
        clusters: dict[str, list[str]] = {}
        for entry_id, rid in session.execute(
            select(EntryRecordRow.entry_id, EntryRecordRow.record_id).where(
                EntryRecordRow.removed_at.is_(None)
            )
        ):
            clusters.setdefault(entry_id, []).append(rid)
        from commonlist.resolve.resolver import _load_current

        current = _load_current(session)
    pairs = candidate_pairs(current.record)
    present = set(current.record)
    truth = truth_pairs(present)
    proposed = {(x.left, x.right) for x in pairs}
    blocking = {name: (sum(1 for p in t if p in proposed), len(t)) for name, t in truth.items()}
    incremental_start = time.perf_counter()
    with transaction(engine) as session:
        again = resolve(session, actor="bench")
    result = {
        "seconds": round(seconds, 1),
        "peak_mb": round(peak),
        "summary": summary.to_dict(),
        "rerun_seconds": round(time.perf_counter() - incremental_start, 1),
        "rerun": again.to_dict(),
        "blocking_recall": blocking,
        "clusters": list(clusters.values()),
    }
    out.write_text(json.dumps(result))


def step_splink(parquet: Path, out: Path) -> None:
    """Splink 5 on DuckDB: the same records, blocking on names/birth year/documents, EM."""
    import pyarrow.parquet as pq
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    db_api = DuckDBAPI()
    records = db_api.register(pq.read_table(parquet), table_name="records")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("first_token", "last_token"),
            block_on("last_token", "birth_year"),
            block_on("first_token", "birth_year"),
            block_on("name"),
        ],
        comparisons=[
            cl.NameComparison("name"),
            cl.JaroWinklerAtThresholds("first_token"),
            cl.JaroWinklerAtThresholds("last_token"),
            cl.ArrayIntersectAtSizes("aliases", [1]),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("country"),
            cl.ArrayIntersectAtSizes("documents", [1]),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(records, settings)
    linker.training.estimate_probability_two_random_records_match([block_on("name")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("last_token"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.9
    )
    table = clusters.as_pyarrow_table()
    rows = zip(
        table.column("cluster_id").to_pylist(), table.column("unique_id").to_pylist(), strict=True
    )
    seconds = time.perf_counter() - start
    by: dict[str, list[str]] = {}
    for cluster_id, uid in rows:
        by.setdefault(str(cluster_id), []).append(uid)
    out.write_text(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "peak_mb": round(peak_mb()),
                "clusters": list(by.values()),
            }
        )
    )


def synthetic_records(n: int, seed: int = 7) -> Iterator[tuple[int, Any, int | None]]:
    """``n`` person records from the Arabic romanisation table: (index, record, twin of).

    A fifth of the subjects appear twice, the second time as another list would
    write them: other attested romanisations, a word dropped or moved, the name in
    Cyrillic or Arabic script, the birth date to the year or missing. Word
    frequencies follow a Zipf law, so common names make large blocks as in real lists.
    """
    import gzip
    import random
    from importlib import resources

    from commonlist.resolve.entries import cyrillic_display
    from commonlist.sources.model import Designation, Name, NameKind, ParsedRecord

    rng = random.Random(seed)
    table = resources.files("commonlist.names") / "data" / "arabic_latin.tsv.gz"
    with gzip.open(str(table), "rt", encoding="utf-8") as fh:
        vocab = [
            (a, tuple(lat.split("|"))) for a, lat in (line.rstrip("\n").split("\t") for line in fh)
        ]
    cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(vocab))))

    def make(
        i: int, words: list[tuple[str, tuple[str, ...]]], birth: str | None, twin: bool
    ) -> Any:
        spell = [rng.choice(lat) if twin else lat[0] for _, lat in words]
        script = rng.random() if twin else 1.0
        latin = " ".join(spell).title()
        if script < 0.15:
            primary = Name(cyrillic_display(latin), NameKind.PRIMARY, "Cyrillic")
        elif script < 0.25:
            primary = Name(" ".join(a for a, _ in words), NameKind.PRIMARY, "Arabic")
        else:
            primary = Name(latin, NameKind.PRIMARY, "Latin")
        props = {"birthDate": (birth,)} if birth else {}
        return ParsedRecord(str(i), "Person", (primary,), props, (), Designation(), "", str(i))

    i = 0
    while i < n:
        words = rng.choices(vocab, cum_weights=cum_weights, k=rng.choice((2, 3, 3, 4)))
        birth = f"{rng.randint(1940, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield i, make(i, words, birth, False), None
        i += 1
        if i < n and rng.random() < 0.25:
            twin_words = list(words)
            if len(twin_words) >= 3 and rng.random() < 0.3:
                twin_words.pop(rng.randrange(len(twin_words)))
            if rng.random() < 0.2:
                twin_words.insert(0, twin_words.pop())
            r = rng.random()
            twin_birth = birth if r < 0.5 else (birth[:4] if r < 0.8 else None)
            yield i, make(i, twin_words, twin_birth, True), i - 1
            i += 1


def step_synthetic(n: int, *, score: bool, min_similarity: float) -> dict[str, Any]:
    """``n`` synthetic records: blocking, and with ``score`` the whole resolve.

    Blocking: keys in forked workers, pairs in DuckDB (1 GB, spilling to disk).
    Resolve: the token-set name filter and match-v1 on the surviving pairs, both
    streamed in chunks through forked workers, then constrained clustering; pairwise
    precision and recall against the generator's twins. Records are dealt to six
    members, a twin always to another member than its original.
    """
    from commonlist.matching import DEFAULT_THRESHOLD
    from commonlist.resolve.blocking import BlockingIndex, block_keys, name_forms
    from commonlist.resolve.cluster import Edge, cluster
    from commonlist.resolve.judgement import Pair
    from commonlist.resolve.matcher import default_workers, fork_map, score_bulk
    from commonlist.resolve.resolver import filtered_pair_batches

    workers = default_workers()
    sampler = TreePeak()
    timings: dict[str, float] = {}
    start = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[name] = round(now - last, 1)
        last = now
        print(json.dumps({name: timings[name], **result}), file=sys.stderr, flush=True)

    records: list[Any] = []
    members: list[int] = []
    truth: list[tuple[int, int]] = []
    result: dict[str, Any] = {"records": n, "workers": workers, "min_similarity": min_similarity}
    with tempfile.TemporaryDirectory() as spill:
        index = BlockingIndex(memory_limit="1GB", spill_dir=Path(spill))
        batch: list[Any] = []

        added = 0

        def flush() -> None:
            nonlocal added
            index.add(enumerate(fork_map(block_keys, batch, workers), start=added))
            added += len(batch)
            if score:
                records.extend(batch)
            batch.clear()

        for i, record, twin in synthetic_records(n):
            if twin is None:
                members.append(i % 6)
            else:
                truth.append((twin, i))
                members.append((members[twin] + 1 + i % 5) % 6)
            batch.append(record)
            if len(batch) >= 50_000:
                flush()
        if batch:
            flush()
        lap("generate and key")
        index.build()
        result["candidate_pairs"] = index.pair_count()
        found, total = index.recall(truth)
        result["twins"] = total
        result["blocking_recall"] = round(found / total, 4) if total else None
        lap("pairs (DuckDB)")
        if score:
            forms = fork_map(name_forms, records, workers)
            lap("name forms")
            twins = set(truth)
            kept = near = 0

            def filtered() -> Iterator[list[tuple[int, int]]]:
                nonlocal kept, near
                for part in filtered_pair_batches(
                    index, forms, min_name_similarity=min_similarity, workers=workers
                ):
                    kept += len(part)
                    near += sum(1 for p in part if p in twins)
                    yield from (part[i : i + 20_000] for i in range(0, len(part), 20_000))

            member_codes = [f"M{m}" for m in members]

            def entity(i: int) -> Any:
                return records[i].to_entity(member_codes[i])

            edges: list[Edge] = []
            for scored in score_bulk(
                entity, filtered(), min_score=DEFAULT_THRESHOLD, workers=workers
            ):
                edges.extend(Edge(Pair(f"{a:07d}", f"{b:07d}"), s) for a, b, s in scored)
            lap("filter and score (streamed)")
            result["filtered_pairs"] = kept
            result["filter_recall"] = round(near / total, 4) if total else None
            result["edges_at_review_threshold"] = len(edges)
            clustering = cluster(
                {f"{i:07d}": member_codes[i] for i in range(len(records))},
                edges,
                {},
                auto_threshold=0.9,
                review_threshold=DEFAULT_THRESHOLD,
            )
            lap("cluster")
            predicted = {
                (int(a), int(b))
                for c in clustering.clusters
                if len(c) > 1
                for a, b in itertools.combinations(sorted(c), 2)
            }
            tp = len(predicted & twins)
            result["precision"] = round(tp / len(predicted), 4) if predicted else None
            result["recall"] = round(tp / total, 4) if total else None
            result["tp"], result["fp"] = tp, len(predicted) - tp
            result["review"] = len(clustering.review)
        index.close()
    result["seconds"] = timings
    result["seconds_total"] = round(time.perf_counter() - start, 1)
    result["peak_mb_main"] = round(peak_mb())
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["peak_mb_largest_worker"] = round(child)
    result["peak_mb_all_processes_pss"] = round(sampler.stop())
    return result


def run_step(*args: str) -> None:
    subprocess.run([sys.executable, __file__, *args], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("step", nargs="?", default="all")
    parser.add_argument("args", nargs="*")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument(
        "--resolve", action="store_true", help="synthetic: filter, score and cluster too"
    )
    parser.add_argument(
        "--min-name-similarity", type=float, default=85.0, help="synthetic: name filter (0-100)"
    )
    opts = parser.parse_args()
    if opts.step == "ours":
        step_ours(opts.args[0], Path(opts.args[1]))
        return
    if opts.step == "splink":
        step_splink(Path(opts.args[0]), Path(opts.args[1]))
        return
    if opts.step == "guards":
        print(json.dumps(step_guards(f"sqlite:///{opts.workdir / 'registry.db'}"), indent=2))
        return
    if opts.step == "synthetic":
        result = step_synthetic(
            opts.records, score=opts.resolve, min_similarity=opts.min_name_similarity
        )
        RESULTS.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        (RESULTS / f"resolution-synthetic-{stamp}.json").write_text(json.dumps(result, indent=2))
        print(json.dumps(result, indent=2))
        return
    work = opts.workdir or Path(tempfile.mkdtemp(prefix="cl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{work / 'registry.db'}"
    if not (work / "registry.db").exists():
        started = time.perf_counter()
        counts = prepare(db_url)
        print(
            f"prepared {sum(counts.values()):,} records in {time.perf_counter() - started:.0f} s: {counts}"
        )
    export_records(db_url, work / "records.parquet")
    results: dict[str, Any] = {}
    run_step("ours", db_url, str(work / "ours.json"))
    results["commonlist"] = json.loads((work / "ours.json").read_text())
    if not opts.skip_splink:
        run_step("splink", str(work / "records.parquet"), str(work / "splink.json"))
        results["splink"] = json.loads((work / "splink.json").read_text())
    import pyarrow.parquet as pq

    present = set(
        pq.read_table(work / "records.parquet", columns=["unique_id"]).column(0).to_pylist()
    )
    report: dict[str, Any] = {"records": len(present)}
    for name, res in results.items():
        report[name] = {
            "seconds": res["seconds"],
            "peak_mb": res["peak_mb"],
            **evaluate(res["clusters"], present),
        }
    ours = results["commonlist"]
    report["commonlist"].update(
        {
            "rerun_seconds": ours["rerun_seconds"],
            "summary": ours["summary"],
            "blocking_recall": ours["blocking_recall"],
        }
    )
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"resolution-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

"""Screening benchmark: latency, throughput, bulk speed and retrieval recall, with peers.

Indexes: the real common list (the six lists in ../shared/data/lists, one entry per
member record) and a synthetic index of N names (first names and patronymics of
the russiannames gazetteer × surnames of the real lists, in Cyrillic and Latin).

Measured in one run:
  * single-query latency p50/p99, in-process and over HTTP (uvicorn on 127.0.0.1);
  * queries/s over HTTP from 2 client threads;
  * bulk: generated customer rows, written to a CSV file first and screened as
    ``screen-file`` screens a file (read, screened, results written), against the
    real list (rows/s, peak PSS summed over the parent and its workers) and recall
    of bulk screening against brute-force matcher scoring of the whole list for a
    sample;
  * the pre-filter's margin: the lowest word overlap among candidate pairs the
    matcher scores >= the threshold, by birth-year class (see screen.scoring);
  * peers on the same queries: nomenklatura logic-v2 scoring the same candidates
    (yente's scorer; ours and it measured in turns, 3 rounds, each ratio within a
    round), and brute-force rapidfuzz WRatio over all names.

Bulk and recall run before the synthetic index is built, so that the bulk workers do
not inherit the memory of a 1M-name index.

    .venv/bin/python benchmarks/screening.py [--synthetic 1000000] [--bulk 1000000]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import multiprocessing
import os
import random
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import numpy as np
import uvicorn
from followthemoney import model
from followthemoney.proxy import EntityProxy
from rapidfuzz import fuzz, process

from commonlist.api.app import create_app
from commonlist.cli.demo import DEMO_LISTS
from commonlist.matching import DEFAULT_THRESHOLD, PreparedRecord, get_algorithm, prepare
from commonlist.names.translit import to_latin
from commonlist.registry.db import get_engine, migrate
from commonlist.screen.bulk import ColumnMap, InputRow, read_rows, screen_local, write_results
from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.scoring import (
    DEFAULT_CUTOFF,
    overlap_cutoff,
    query_candidates,
    query_entity,
    score_query,
    warm_up,
)
from commonlist.screen.service import IndexHolder, freeze_heap
from commonlist.sources.catalog import get_format

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def real_entities() -> list[EntityProxy]:
    found: list[EntityProxy] = []
    for item in DEMO_LISTS:
        fmt = get_format(item.format)
        for rec in fmt.parse(SHARED / "lists" / item.path, max_bytes=500_000_000):
            entity = rec.to_entity(item.member)
            entity.context["referents"] = [f"{item.member}:{rec.native_id}"]
            found.append(entity)
    return found


def gazetteer(name: str) -> list[str]:
    with gzip.open(
        SHARED / "names" / "russiannames-gazetteer" / name, "rt", encoding="utf-8"
    ) as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r["text"] for r in rows if int(r["count"]) >= 20]


def surnames(entities: list[EntityProxy]) -> list[str]:
    words = {
        w
        for e in entities[:40000]
        for n in e.get("name")
        for w in n.split()
        if len(w) > 3 and w.isalpha()
    }
    return sorted(words)


def synthetic_entities(
    n: int, rng: random.Random, firsts: list[str], mids: list[str], lasts: list[str]
) -> Iterator[EntityProxy]:
    for i in range(n):
        name = f"{rng.choice(firsts)} {rng.choice(mids)} {rng.choice(lasts)}"
        entity = model.make_entity("Person")
        entity.id = f"SYN-{i}"
        entity.add("name", name if rng.random() < 0.5 else to_latin(name).title())
        entity.context["referents"] = [f"SYN:{i}"]
        yield entity


def perturb(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.25 and " " in name:
        return " ".join(reversed(name.split()))
    if roll < 0.5 and len(name) > 5:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1 :]
    if roll < 0.75:
        return str(to_latin(name)).title()
    return name


def list_queries(rng: random.Random, entities: list[EntityProxy], n: int) -> list[EntityProxy]:
    named = [e for e in entities if e.get("name")]
    queries = []
    for e in rng.sample(named, n):
        queries.append(
            query_entity("LegalEntity", {"name": [perturb(rng, rng.choice(e.get("name")))]})
        )
    return queries


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def in_process(index: ScreenIndex, queries: list[EntityProxy], cutoff: float = 0.5) -> list[float]:
    """Seconds of ``score_query`` for each query."""
    times = []
    for q in queries:
        t = time.perf_counter()
        score_query(index, q, cutoff=cutoff)
        times.append(time.perf_counter() - t)
    return times


def machine_speed() -> tuple[float, float]:
    """This machine's speed now, for comparing runs: ns per random read of a 256 MB array
    (a numpy gather: what retrieval on a big index waits on), and ns per iteration of a
    plain Python loop (what logic-v2 and the rest of the interpreter spend). The best of
    three each."""
    rng = np.random.default_rng(7)
    table = np.arange(32 << 20, dtype=np.int64)  # 256 MB
    at = rng.integers(0, len(table), 4 << 20)
    reads, loops = [], []
    for _ in range(3):
        t = time.perf_counter()
        table[at].sum()
        reads.append((time.perf_counter() - t) / len(at) * 1e9)
        t = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i & 7
        loops.append((time.perf_counter() - t) / 1_000_000 * 1e9)
    return min(reads), min(loops)


def process_pss_mb() -> float:
    """Memory of this process and all its children, from /proc.

    Proportional set size: pages that forked workers share copy-on-write with
    the parent count once in the sum, not once per process as RSS would.
    """
    pids = [os.getpid()]
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        pids += [int(p) for p in (task / "children").read_text().split()]
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(x.split()[1]) for x in rollup.splitlines() if x.startswith("Pss:"))
    return total / 1024


class PeakMemory:
    """Samples the summed PSS of the process tree every 5 s while in a with block, and
    keeps the CPU time the sampling took (counted in the parent's CPU, but not screening's).
    """

    def __init__(self) -> None:
        self.peak = 0.0
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        # reading the smaps of three GB-sized processes takes ~0.1 CPU s, which the workers
        # would use: every 5 s (memory grows slowly, as the caches fill)
        while not self._stop.wait(5.0):
            started = time.thread_time()
            self.peak = max(self.peak, process_pss_mb())
            self.cpu += time.thread_time() - started

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> tuple[float, float]:
    """CPU time of this process, and of its finished children (bulk workers once their pool
    ends)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def over_http(
    index: ScreenIndex, queries: list[EntityProxy], seconds: float
) -> tuple[list[float], float]:
    scratch = Path(tempfile.mkdtemp(prefix="commonlist-bench-"))
    engine = get_engine(f"sqlite:///{scratch / 'screen.db'}")
    migrate(engine)
    app = create_app(IndexHolder(index), engine, jobs_dir=scratch / "jobs")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    bodies = [
        {"queries": {"q": {"schema": q.schema.name, "properties": {"name": q.get("name")}}}}
        for q in queries
    ]
    latencies: list[float] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
        for body in bodies:
            t = time.perf_counter()
            http.post("/match/default", json=body).raise_for_status()
            latencies.append(time.perf_counter() - t)
    done = [0]
    stop = time.perf_counter() + seconds

    def client() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            i = 0
            while time.perf_counter() < stop:
                http.post("/match/default", json=bodies[i % len(bodies)]).raise_for_status()
                i += 1
                done[0] += 1

    started = time.perf_counter()
    clients = [threading.Thread(target=client) for _ in range(2)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    qps = done[0] / (time.perf_counter() - started)
    server.should_exit = True
    thread.join(timeout=10)
    return latencies, qps


def logic_v2(index: ScreenIndex, queries: list[EntityProxy], cands: list[list[int]]) -> list[float]:
    """Seconds of nomenklatura's logic-v2 scoring each query's candidates."""
    from nomenklatura.matching import LogicV2
    from nomenklatura.matching.types import ScoringConfig

    config = ScoringConfig.defaults()
    entities = [[index.entity(i) for i in c] for c in cands]
    times = []
    for q, ents in zip(queries, entities, strict=True):
        t = time.perf_counter()
        for e in ents:
            LogicV2.compare(q, e, config)
        times.append(time.perf_counter() - t)
    return times


def matcher_alone(
    index: ScreenIndex, queries: list[EntityProxy], cands: list[list[int]]
) -> list[float]:
    """Seconds of our matcher alone on each query's candidates, prepared as a running
    service holds them (the query prepared per query), pairs that cannot reach
    ``score_query``'s cutoff left unexplained as it leaves them: ours with free
    retrieval."""
    algo = get_algorithm("match-v1")
    prepared = [[index.prepared(i) for i in c] for c in cands]
    times = []
    for q, entries in zip(queries, prepared, strict=True):
        t = time.perf_counter()
        pq = prepare(q)
        for e in entries:
            algo.compare_from(pq, e, DEFAULT_CUTOFF)
        times.append(time.perf_counter() - t)
    return times


class Turns(dict[str, list[list[float]]]):
    """Seconds per query of each pass over the same queries, measured in turns: this
    machine's speed moves within seconds, so each pass is compared with the peer's in the
    same round. One query the peer finds very slow (a candidate of hundreds of names:
    logic-v2 compares every pair) can make most of its time: the median query's ratio
    is given beside the whole sample's."""

    @classmethod
    def measure(cls, passes: dict[str, Callable[[], list[float]]], rounds: int = 3) -> Turns:
        found = cls({name: [] for name in passes})
        for _ in range(rounds):
            for name, run in passes.items():
                found[name].append(run())
        return found

    def rate(self, key: str) -> float:
        """Queries/s, the median of the rounds."""
        return statistics.median(len(t) / sum(t) for t in self[key])

    def against(self, key: str, peer: str) -> str:
        """Queries/s, and × the peer: over the whole sample (the median of the rounds'
        ratios), and for the median query (each query's fastest round)."""
        whole = statistics.median(
            sum(p) / sum(o) for o, p in zip(self[key], self[peer], strict=True)
        )
        ours_q, peer_q = (np.min(np.asarray(self[k]), axis=0) for k in (key, peer))
        return (
            f"{self.rate(key):.0f} ({whole:.1f}×, median query {np.median(peer_q / ours_q):.1f}×)"
        )


def rapidfuzz_brute(index: ScreenIndex, queries: list[EntityProxy]) -> float:
    names = [to_latin(n) for i in range(len(index)) for n in index.entity(i).get("name")]
    t = time.perf_counter()
    for q in queries:
        process.extract(to_latin(q.first("name") or ""), names, scorer=fuzz.WRatio, limit=10)
    return len(queries) / (time.perf_counter() - t)


def customers(
    rng: random.Random, n: int, firsts: list[str], lasts: list[str], list_names: list[str]
) -> Iterator[InputRow]:
    for i in range(n):
        if rng.random() < 0.02:
            name = perturb(rng, rng.choice(list_names))
        else:
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if rng.random() < 0.5:
                name = to_latin(name).title()
        props = {"name": [name]}
        if rng.random() < 0.5:
            props["birthDate"] = [
                f"{rng.randrange(1940, 2005)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            ]
        yield InputRow(str(i), "Person", props)


def write_customers(path: Path, rows: Iterator[InputRow]) -> Path:
    """Customer rows as a CSV file with id, name and birth_date columns."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("id", "name", "birth_date"))
        for row in rows:
            dates = row.properties.get("birthDate", [""])
            writer.writerow((row.row_id, row.properties["name"][0], dates[0]))
    return path


_PREPARED: list[PreparedRecord] = []


def _brute_force(query: EntityProxy) -> set[int]:
    """Entries the matcher scores >= the threshold, over the whole list."""
    algo = get_algorithm("match-v1")
    pq = prepare(query)
    return {i for i, p in enumerate(_PREPARED) if algo.compare(pq, p).score >= DEFAULT_THRESHOLD}


def recall(
    index: ScreenIndex, queries: list[EntityProxy]
) -> tuple[int, int, dict[str, float], list[str]]:
    """Matches of bulk screening (pre-filter on) against the matcher over the whole list.

    Also the lowest word overlap among retrieved pairs scoring >= the threshold, per
    pre-filter cut-off, and the pairs screening missed. Brute force runs in two forked
    processes while this one screens the same queries.
    """
    global _PREPARED
    _PREPARED = [index.prepared(i) for i in range(len(index))]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pending = pool.map_async(_brute_force, queries, chunksize=4)
        screened = [score_query(index, q, cutoff=DEFAULT_THRESHOLD, limit=1000)[1] for q in queries]
        brutes = pending.get()
    expected = found = 0
    lowest: dict[str, float] = {}
    missed: list[str] = []
    for q, brute, hits in zip(queries, brutes, screened, strict=True):
        got = {h.entry for h in hits if h.match}
        expected += len(brute)
        found += len(brute & got)
        dates = q.get("birthDate", quiet=True)
        for cand in index.candidates(q, limit=10_000, min_coverage=0.0):
            if cand.entry in brute:
                key = f"cut-off {overlap_cutoff(dates, index.birth_dates[cand.entry])}"
                lowest[key] = min(lowest.get(key, 1.0), cand.overlap)
        missed += [f"{q.get('name')} ~ {index.captions[i]}" for i in sorted(brute - got)]
    return found, expected, lowest, missed


def bulk_and_recall(
    args: argparse.Namespace,
    rows: Table,
    real: ScreenIndex,
    entities: list[EntityProxy],
    firsts: list[str],
    lasts: list[str],
) -> None:
    """Bulk screening of generated customers against the real list, then recall.

    Runs before the synthetic index is built: a process that has held a 1M-name index
    keeps its memory (Python does not hand it back to the system), and the forked
    workers would inherit and copy it. The customers come from their own generator, the
    same whatever the other options.
    """
    rng = random.Random(args.bulk_seed)
    list_names = [n for e in entities for n in e.get("name")]
    # the customers go to a file first (making them is not screening's cost), which is then
    # screened as ``screen-file`` does: file checked and read, rows screened, results written
    scratch = Path(tempfile.mkdtemp(prefix="commonlist-bulk-"))
    source = write_customers(
        scratch / "customers.csv", customers(rng, args.bulk, firsts, lasts, list_names)
    )
    mapping = ColumnMap(name="name", birth_date="birth_date", id="id", schema="Person")
    t = time.perf_counter()
    cpu = cpu_seconds()
    with PeakMemory() as memory, (scratch / "results.csv").open("w", newline="") as out:
        done = matched = 0
        _count, input_rows = read_rows(source, mapping, max_bytes=source.stat().st_size)
        for result in write_results(out, screen_local(real, input_rows, workers=args.workers)):
            done += 1
            matched += result.match
    took = time.perf_counter() - t
    shutil.rmtree(scratch)
    parent, workers = (b - a for a, b in zip(cpu, cpu_seconds(), strict=True))
    rows.append(
        (
            f"bulk: {done:,} rows, {args.workers} workers: rows/s / s / matched rows",
            f"{done / took:,.0f} / {took:.0f} / {matched:,}",
        )
    )
    rows.append(
        (
            "bulk: CPU ms per row, workers / parent without / with memory sampling (rows/s the "
            "workers' CPU allows on 2 cores)",
            f"{workers / done * 1000:.3f} / {(parent - memory.cpu) / done * 1000:.3f} / "
            f"{parent / done * 1000:.3f} ({2 * done / workers:,.0f})",
        )
    )
    rows.append(("bulk: peak memory MB, parent + workers (PSS summed)", f"{memory.peak:,.0f}"))
    # the recall sample's own generator: the same sample whatever the other options
    sample_rng = random.Random(args.recall_seed)
    sample = [
        query_entity(r.schema, r.properties)
        for r in customers(sample_rng, args.recall_sample // 2, firsts, lasts, list_names)
    ]
    sample += list_queries(sample_rng, entities, args.recall_sample - len(sample))
    t = time.perf_counter()
    found, expected, lowest, missed = recall(real, sample)
    took = time.perf_counter() - t
    rows.append(
        (
            f"recall vs brute force ({len(sample)} queries, seed {args.recall_seed}, "
            f"{took:.0f} s, {took / max(len(sample), 1) * 1000:.0f} ms a query)",
            f"{found}/{expected} = {found / max(expected, 1):.3f}",
        )
    )
    for key, value in sorted(lowest.items()):
        rows.append((f"lowest overlap of a match >= 0.7, {key}", f"{value:.3f}"))
    for line in missed:
        print("missed:", line, file=sys.stderr)


class Table(list[tuple[str, str]]):
    """Result rows, each also printed to stderr as it is measured."""

    def append(self, row: tuple[str, str]) -> None:
        print(f"{time.strftime('%H:%M:%S')} {row[0]}: {row[1]}", file=sys.stderr, flush=True)
        super().append(row)


def index_stage(
    args: argparse.Namespace,
    rows: Table,
    rng: random.Random,
    label: str,
    index: ScreenIndex,
    source: list[EntityProxy] | None,
) -> None:
    """Latency in-process and over HTTP, queries/s against the peers, on one index."""
    pool = (
        source
        if source is not None
        else [index.entity(i) for i in rng.sample(range(len(index)), 2000)]
    )
    queries = list_queries(rng, pool, args.queries)
    if len(index) <= 50_000:  # every entry prepared, as a service does when it loads
        t = time.perf_counter()
        index.prepare_entries()
        rows.append(
            (f"{label}: entries prepared for the matcher, s", f"{time.perf_counter() - t:.0f}")
        )
    for q in queries[:20]:
        score_query(index, q)  # caches warm, as in a running service
    # the first pass prepares each candidate entry when it first meets it (an index too
    # big to prepare whole keeps the last 50,000 prepared); the second is steady state
    first = in_process(index, queries)
    times = in_process(index, queries)
    # for the peers: the candidates our matcher scores (``score_query``'s)
    cands = [[c.entry for c in query_candidates(index, q)] for q in queries]
    rows.append(
        (
            f"{label}: in-process p50 / p99 ms, first pass / steady state",
            f"{pct(first, 50):.1f} / {pct(first, 99):.1f}, "
            f"{pct(times, 50):.1f} / {pct(times, 99):.1f}",
        )
    )
    # the pre-filter hands up to 60 candidates to the matcher: a first pass prepares
    # those the passes above did not meet, the second is steady state
    in_process(index, queries, cutoff=DEFAULT_THRESHOLD)
    screened = in_process(index, queries, cutoff=DEFAULT_THRESHOLD)
    rows.append(
        (
            f"{label}: in-process, matches only (pre-filter) p50 / p99 ms, steady",
            f"{pct(screened, 50):.1f} / {pct(screened, 99):.1f}",
        )
    )
    latencies, qps = over_http(index, queries, 15.0)
    rows.append(
        (f"{label}: HTTP p50 / p99 ms", f"{pct(latencies, 50):.1f} / {pct(latencies, 99):.1f}")
    )
    rows.append((f"{label}: HTTP queries/s (2 clients)", f"{qps:.0f}"))
    # ours and the peers on the same queries and candidates, in turns (see ``Turns``)
    turns = Turns.measure(
        {
            "ours": lambda: in_process(index, queries),
            "filtered": lambda: in_process(index, queries, cutoff=DEFAULT_THRESHOLD),
            "alone": lambda: matcher_alone(index, queries, cands),
            "peer": lambda: logic_v2(index, queries, cands),
        }
    )
    peer = turns.rate("peer")
    rows.append(
        (
            f"{label}: queries/s in turns, {len(queries)} queries: ours steady, all candidates / "
            "pre-filter (× logic-v2) / logic-v2, same candidates, entities built once",
            f"{turns.against('ours', 'peer')} / {turns.against('filtered', 'peer')} / {peer:.1f}",
        )
    )
    rows.append(
        (
            f"{label}: queries/s, the matchers alone on the same candidates, in the same turns: "
            "ours (× logic-v2: the most our ratio can reach)",
            turns.against("alone", "peer"),
        )
    )
    ours_first = len(first) / sum(first)
    rows.append(
        (
            f"{label}: queries/s ours first pass, all candidates (× logic-v2's rate)",
            f"{ours_first:.0f} ({ours_first / peer:.1f}×)",
        )
    )
    rows.append(
        (
            f"{label}: rapidfuzz brute force queries/s",
            f"{rapidfuzz_brute(index, queries[:50]):.2f}",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--bulk", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--recall-sample", type=int, default=200)
    parser.add_argument("--recall-seed", type=int, default=3)
    parser.add_argument("--bulk-seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    # one generator each for the synthetic index, the queries and the customers: each the
    # same whatever the others are asked
    rng = random.Random(20261125)
    queries_rng = random.Random(20261126)
    rows = Table()
    read_ns, loop_ns = machine_speed()
    rows.append(
        (
            "machine: ns per random read of 256 MB (numpy gather) / per plain Python loop step",
            f"{read_ns:.1f} / {loop_ns:.1f}",
        )
    )

    t = time.perf_counter()
    entities = real_entities()
    real = build_index(entities, version="real")
    freeze_heap()  # as the service does with an index it serves
    warm_up(real)
    rows.append(
        (
            "real list: entries / names / build s",
            f"{len(real):,} / {real.info.names:,} / {time.perf_counter() - t:.0f}",
        )
    )
    firsts, mids, lasts = (
        gazetteer("names.tsv.gz"),
        gazetteer("midnames.tsv.gz"),
        surnames(entities),
    )
    index_stage(args, rows, queries_rng, "real", real, entities)
    bulk_and_recall(args, rows, real, entities, firsts, lasts)
    t = time.perf_counter()
    synth = build_index(
        synthetic_entities(args.synthetic, rng, firsts, mids, lasts), version="synthetic"
    )
    freeze_heap()
    rows.append(
        ("synthetic: names / build s", f"{synth.info.names:,} / {time.perf_counter() - t:.0f}")
    )
    index_stage(args, rows, queries_rng, "synthetic", synth, None)

    width = max(len(k) for k, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |\n| {'-' * width} | --- |")
    for key, value in rows:
        print(f"| {key.ljust(width)} | {value} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

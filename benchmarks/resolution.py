"""Resolution benchmark: the six real lists with UN references removed, scored against
the crosslinks; time and peak memory next to Splink (DuckDB) on the same records; and a
synthetic million-record blocking run.

Each measured step runs in a fresh process, so peak memory (ru_maxrss) is its own.

Usage:
    python benchmarks/resolution.py [--workdir DIR] [--skip-splink] [--synthetic N]
    python benchmarks/resolution.py synthetic --records 1000000
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

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "data" / "lists"
LINKS = LISTS / "_crosslinks"
RESULTS = ROOT / "benchmarks" / "results"

CASES = {
    "UN": ("un_sc_consolidated/consolidated.xml", "un-xml"),
    "EU": ("eu_fsf/eu_fsf_entities.yaml.gz", "eu-fsf"),
    "UK": ("uk_sanctions_list/uk_sanctions_list.yaml.gz", "uk"),
    "US": ("us_ofac_sdn", "ofac-csv"),
    "RU": ("ru_rosfinmonitoring_terrorists/terrorists.csv", "ru-rfm"),
    "AE": ("ae_local_terrorist_list/LS1309232025.csv", "ae-ltl"),
}
#: UN reference numbers as lists quote them: QDi.001, TAe.010, CDi.034 ...
UN_REF = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    blocking = {
        name: (sum(1 for p in t if p in {(x.left, x.right) for x in pairs}), len(t))
        for name, t in truth.items()
    }
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


def step_synthetic(n: int) -> dict[str, Any]:
    """Blocking of ``n`` synthetic records: time, peak memory, pairs, recall of twins."""
    from commonlist.resolve.blocking import BlockingIndex, block_keys
    from commonlist.resolve.matcher import default_workers, fork_map

    start = time.perf_counter()
    truth: list[tuple[int, int]] = []
    with tempfile.TemporaryDirectory() as spill:
        index = BlockingIndex(memory_limit="1GB", spill_dir=Path(spill))
        batch: list[tuple[int, Any]] = []

        def flush() -> None:
            keys = fork_map(block_keys, [r for _, r in batch], default_workers())
            index.add(zip((i for i, _ in batch), keys, strict=True))
            batch.clear()

        for i, record, twin in synthetic_records(n):
            batch.append((i, record))
            if twin is not None:
                truth.append((twin, i))
            if len(batch) >= 50_000:
                flush()
        if batch:
            flush()
        keyed = time.perf_counter() - start
        index.build()
        pairs = index.pair_count()
        found, total = index.recall(truth)
        index.close()
    return {
        "records": n,
        "twins": total,
        "seconds_keys": round(keyed, 1),
        "seconds_total": round(time.perf_counter() - start, 1),
        "candidate_pairs": pairs,
        "blocking_recall": round(found / total, 4) if total else None,
        "peak_mb": round(peak_mb()),
    }


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
    opts = parser.parse_args()
    if opts.step == "ours":
        step_ours(opts.args[0], Path(opts.args[1]))
        return
    if opts.step == "splink":
        step_splink(Path(opts.args[0]), Path(opts.args[1]))
        return
    if opts.step == "synthetic":
        print(json.dumps(step_synthetic(opts.records), indent=2))
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

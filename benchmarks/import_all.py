"""Import all six real lists and compare with the time the bare parsers need (the floor).

For each list, in separate fresh processes (so that peak memory is the list's own):
  * commonlist: parse + validate + write into a new registry (SQLite by default);
  * floor: lxml / csv / libyaml alone reading the same file, building nothing.

Usage: python benchmarks/import_all.py [--db URL] [--repeat N]
Reads the full files from ../shared/data/lists next to the repository.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import resource
import subprocess
import sys
import tempfile
import time

from shared_lists import CASES, LISTS, ROOT


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(member: str) -> dict[str, float]:
    """Read the file with the bare parser only."""
    rel, fmt = CASES[member]
    path = LISTS / rel
    start = time.perf_counter()
    if fmt == "un-xml":
        from lxml import etree

        items = len(etree.parse(str(path)).getroot().findall(".//REFERENCE_NUMBER"))
    elif fmt in ("eu-fsf", "uk"):
        import yaml

        with gzip.open(path, "rt", encoding="utf-8") as fh:
            items = sum(1 for _ in yaml.load_all(fh, Loader=yaml.CSafeLoader))
    else:
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        items = 0
        for f in files:
            with f.open(encoding="utf-8-sig", newline="") as fh:
                items += sum(1 for _ in csv.reader(io.StringIO(fh.read())))
    return {"seconds": time.perf_counter() - start, "items": items, "peak_mb": peak_mb()}


def commonlist_import(member: str, db: str) -> dict[str, float]:
    """Import one list into a registry with commonlist, timing parse and write apart."""
    from commonlist.registry.db import get_engine, migrate, transaction
    from commonlist.registry.imports import parse_file, write_records
    from commonlist.registry.members import add_member

    rel, fmt = CASES[member]
    path = LISTS / rel
    warm = time.perf_counter()
    from followthemoney.types import registry

    registry.country.clean("Iraq")  # loads the territory name tables once per process
    warmup = time.perf_counter() - warm
    engine = get_engine(db)
    migrate(engine)
    with transaction(engine) as session:
        add_member(session, member, name_en=member, name_ru=member, actor="bench")
    start = time.perf_counter()
    _, records = parse_file(path, format_name=fmt, max_bytes=1 << 30)
    parsed = time.perf_counter()
    with transaction(engine) as session:
        result = write_records(
            session,
            records,
            member=member,
            file_name=path.name,
            sha256="",
            format_name=fmt,
            actor="bench",
        )
    done = time.perf_counter()
    return {
        "records": result.total,
        "parse_seconds": parsed - start,
        "write_seconds": done - parsed,
        "seconds": done - start,
        "warmup_seconds": warmup,
        "peak_mb": peak_mb(),
    }


def run_child(kind: str, member: str, db: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, member, "--db", db],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: a new SQLite file per list)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, member = args.child
        result = floor(member) if kind == "floor" else commonlist_import(member, args.db)
        print(json.dumps(result))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for member in CASES:
            best: dict[str, float] | None = None
            best_floor: dict[str, float] | None = None
            for i in range(args.repeat):
                db = args.db or f"sqlite:///{tmp}/{member}-{i}.db"
                res = run_child("import", member, db)
                fl = run_child("floor", member, db)
                if best is None or res["seconds"] < best["seconds"]:
                    best = res
                if best_floor is None or fl["seconds"] < best_floor["seconds"]:
                    best_floor = fl
            assert best is not None and best_floor is not None
            rows.append((member, best, best_floor))
    print(
        "| list | records | commonlist s (parse + write) | records/s | peak MB "
        "| floor s (bare parser) | floor peak MB | ratio | warm-up s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    results = []
    for member, res, fl in rows:
        ratio = res["seconds"] / fl["seconds"] if fl["seconds"] else float("nan")
        print(
            f"| {member} ({CASES[member][1]}) | {res['records']:,.0f} | {res['seconds']:.2f} "
            f"({res['parse_seconds']:.2f} + {res['write_seconds']:.2f}) | {res['records'] / res['seconds']:,.0f} "
            f"| {res['peak_mb']:.0f} | {fl['seconds']:.2f} | {fl['peak_mb']:.0f} | {ratio:.1f}× "
            f"| {res['warmup_seconds']:.2f} |"
        )
        results.append({"list": member, "commonlist": res, "floor": fl})
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "import_all.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

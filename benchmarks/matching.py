"""Matching benchmark: commonlist match-v1 vs nomenklatura logic-v2/v1 and a Jaro-Winkler baseline.

Three pair sets, each split 50/50 by a stable hash into train and test halves; the
table reports the test halves (the cross-script set's test half is its held-out split):

1. ``name-bench``: OpenSanctions' hand-labelled name pairs (nomenklatura contrib).
2. ``cross-script``: built here from the name resources (Russian gazetteer rendered
   through the iuliia transliteration standards, the Arabic↔Latin name index, Wikidata
   transliteration pairs, rigour's Wikidata name groups) with hard negatives.
3. ``list-links``: UK↔UN and EU↔UN records linked by UN reference, against the most
   similar-looking non-linked records of the same lists.

Usage: ``python benchmarks/matching.py`` (table + JSON in benchmarks/results/);
``python benchmarks/matching.py --fit`` fits match-v1's weights on the train halves;
``--dump-scores FILE`` writes match-v1's score of every pair (for a speed change, the
file before and after must be identical).
"""

from __future__ import annotations

import argparse
import csv
import functools
import gc
import gzip
import hashlib
import importlib
import json
import multiprocessing
import os
import pkgutil
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from normality import ascii_text
from rapidfuzz.distance import JaroWinkler, Levenshtein

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
NAMES = DATA / "names"
LISTS = DATA / "lists"
RESULTS = REPO / "benchmarks" / "results"
THRESHOLD = 0.7
#: Python's own collector thresholds, captured before any matcher runs.
PYTHON_COLLECTOR = gc.get_threshold()
#: Methods timed but not listed in the quality tables (the same scores as another).
SPEED_ONLY = frozenset({"commonlist match-v1, default gc"})
#: Train pairs per set scored, untimed, before each method's timed pass.
SETTLE_PAIRS = 150


@dataclass
class LabelledPair:
    id: str
    category: str
    a: dict[str, Any]
    b: dict[str, Any]
    match: bool
    split: str = field(default="")

    def __post_init__(self) -> None:
        digest = hashlib.sha1(self.id.encode()).digest()[0]
        self.split = "train" if digest % 2 == 0 else "test"


def entity(eid: str, schema: str, **props: Any) -> dict[str, Any]:
    properties = {k: v if isinstance(v, list) else [v] for k, v in props.items() if v}
    return {"id": eid, "schema": schema, "properties": properties}


# ---------------------------------------------------------------- set 1: name bench


def name_bench() -> list[LabelledPair]:
    path = NAMES / "opensanctions-name-bench" / "name_bench_cases.csv"
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            schema = row["schema"] if model.get(row["schema"]) else "LegalEntity"
            pid = f"nb{i}"
            pairs.append(
                LabelledPair(
                    pid,
                    row["category"] or row["case_group"],
                    entity(pid + "a", schema, name=row["name1"]),
                    entity(pid + "b", schema, name=row["name2"]),
                    row["is_match"].strip().lower() == "true",
                )
            )
    return pairs


# ---------------------------------------------------------------- set 2: cross-script


def load_scheme(name: str) -> dict[str, Any]:
    path = NAMES / "iuliia-transliteration-schemas" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


SCHEMES = ["icao_doc_9303", "bgn_pcgn", "mvd_782", "mvd_310", "mvd_310_fr", "gost_779",
           "gost_52535", "wikipedia", "ala_lc", "scientific", "telegram", "yandex_money"]  # fmt: skip
GERMAN = {"ж": "sch", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch",
          "в": "w", "й": "j", "ю": "ju", "я": "ja", "ё": "jo", "е": "e", "з": "s", "с": "s",
          "ы": "y", "у": "u", "э": "e"}  # fmt: skip
CENTRAL_ASIAN = {"к": "қ", "г": "ғ", "х": "ҳ", "у": "ү", "и": "ӣ", "о": "ө"}


def apply_scheme(word: str, scheme: dict[str, Any]) -> str:
    """Transliterate one Cyrillic word with an iuliia schema (ending, prev, next, base)."""
    low = word.lower()
    ending = scheme.get("ending_mapping") or {}
    tail = ""
    for end, repl in ending.items():
        if low.endswith(end) and len(low) > len(end):
            low, tail = low[: -len(end)], repl
            break
    prev_map = scheme.get("prev_mapping") or {}
    next_map = scheme.get("next_mapping") or {}
    base = scheme["mapping"]
    out = []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if (prev + ch) in prev_map:
            out.append(prev_map[prev + ch])
        elif (ch + nxt) in next_map:
            out.append(next_map[ch + nxt])
        else:
            out.append(base.get(ch, ch))
    text = "".join(out) + tail
    return text[:1].upper() + text[1:]


def german(word: str) -> str:
    text = "".join(GERMAN.get(c, c) for c in word.lower())
    return apply_scheme(text, load_scheme("icao_doc_9303"))


def read_tsv_gz(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("sdt")
    if op == "s":
        return word[:i] + rng.choice("aeiounrstlk") + word[i + 1 :]
    if op == "d":
        return word[:i] + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


@dataclass
class Person:
    given: str
    patronymic: str
    surname: str
    gender: str
    dob: str


def cross_script(rng: random.Random) -> list[LabelledPair]:
    gaz = NAMES / "russiannames-gazetteer"
    given = [r for r in read_tsv_gz(gaz / "names.tsv.gz") if r["gender"] in "mf" and r["gender"]]
    given = [r for r in given if int(r["count"] or 0) >= 50]
    mid = [r for r in read_tsv_gz(gaz / "midnames.tsv.gz") if r["gender"] in ("m", "f")]
    mid = [r for r in mid if int(r["count"] or 0) >= 30]
    sur = [r for r in read_tsv_gz(gaz / "surnames.tsv.gz") if r["gender"] == "m" and r["f_form"]]
    sur = [r for r in sur if int(r["count"] or 0) >= 5]
    given_by_g = {g: [r["text"] for r in given if r["gender"] == g] for g in "mf"}
    mid_by_g = {g: [r["text"] for r in mid if r["gender"] == g] for g in "mf"}
    surnames = [(r["text"], r["f_form"]) for r in sur]
    by_len: dict[int, list[str]] = {}
    for s, _ in surnames:
        by_len.setdefault(len(s), []).append(s)
    schemes = [load_scheme(s) for s in SCHEMES]

    def person(gender: str | None = None) -> Person:
        g = gender or rng.choice("mmf")
        s_m, s_f = rng.choice(surnames)
        dob = f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return Person(rng.choice(given_by_g[g]), rng.choice(mid_by_g[g]),
                      s_m if g == "m" else s_f, g, dob)  # fmt: skip

    def cyr(p: Person, order: int) -> str:
        if order == 0:
            return f"{p.surname} {p.given} {p.patronymic}"
        return f"{p.given} {p.patronymic} {p.surname}"

    def lat(p: Person, style: int, variant: str) -> str:
        scheme = rng.choice(schemes)

        def t(w: str) -> str:
            out = german(w) if variant == "german" else apply_scheme(w, scheme)
            if variant == "central":
                w2 = "".join(
                    CENTRAL_ASIAN.get(c, c) if rng.random() < 0.3 else c for c in w.lower()
                )
                return w2.capitalize()
            return out

        g, m, s = t(p.given), t(p.patronymic), t(p.surname)
        if variant == "typo":
            s = typo(rng, s)
        if variant == "initials":
            g = g[0] + "."
        if variant == "no_patronymic":
            m = ""
        styles = [f"{s.upper()} {g} {m}", f"{s}, {g} {m}", f"{g} {m} {s}", f"{g} {s}"]
        return " ".join(styles[style].split())

    def dob_side(p: Person, how: str) -> str:
        if how == "year":
            return p.dob[:4]
        if how == "swap":
            return f"{p.dob[:4]}-{p.dob[8:10]}-{p.dob[5:7]}" if int(p.dob[8:10]) <= 12 else p.dob
        if how == "none":
            return ""
        return p.dob

    pairs: list[LabelledPair] = []

    def add(cat: str, a_name: str, b_name: str, match: bool, a_dob: str = "", b_dob: str = "",
            schema: str = "Person") -> None:  # fmt: skip
        pid = f"cs{len(pairs)}"
        pairs.append(
            LabelledPair(
                pid,
                cat,
                entity(pid + "a", schema, name=a_name, birthDate=a_dob),
                entity(pid + "b", schema, name=b_name, birthDate=b_dob),
                match,
            )  # fmt: skip
        )

    variants = ["plain", "plain", "german", "typo", "initials", "no_patronymic", "central"]
    for _ in range(700):
        p = person()
        variant = rng.choice(variants)
        b = lat(p, rng.randrange(4), variant)
        a = cyr(p, rng.randrange(2))
        if variant == "central":
            a, b = b, cyr(p, rng.randrange(2))
            b = apply_scheme(b.split()[0], schemes[0]) + " " + " ".join(b.split()[1:])
        add(
            f"pos:{variant}",
            a,
            b,
            True,
            p.dob,
            dob_side(p, rng.choice(["full", "year", "swap", "none"])),
        )
    # hard negatives
    for _ in range(250):  # same surname, different given name
        p = person()
        q = Person(rng.choice(given_by_g[p.gender]), p.patronymic, p.surname, p.gender, p.dob)
        if q.given != p.given:
            add("neg:other_given", cyr(p, 0), lat(q, rng.randrange(4), "plain"), False)
    for _ in range(200):  # different patronymic and birth date
        p = person()
        q = Person(p.given, rng.choice(mid_by_g[p.gender]), p.surname, p.gender, person().dob)
        if q.patronymic != p.patronymic:
            add("neg:other_patronymic_dob", cyr(p, rng.randrange(2)), lat(q, rng.choice([0, 1, 2]), "plain"),
                False, p.dob, q.dob)  # fmt: skip
    for _ in range(150):  # masculine vs feminine surname
        s_m, s_f = rng.choice(surnames)
        pm = Person(rng.choice(given_by_g["m"]), rng.choice(mid_by_g["m"]), s_m, "m", "")
        pf = Person(rng.choice(given_by_g["f"]), rng.choice(mid_by_g["f"]), s_f, "f", "")
        pf.given = pm.given[0]  # share the initial: only the surname form tells them apart
        pm.given = pm.given[0]
        add("neg:gender_form", f"{pm.surname} {pm.given}.", lat(pf, 3, "plain"), False)
    for _ in range(200):  # real surnames one edit apart
        p = person("m")
        cands = [s for n in (len(p.surname) - 1, len(p.surname), len(p.surname) + 1)
                 for s in by_len.get(n, []) if s != p.surname]  # fmt: skip
        rng.shuffle(cands)
        other = next((s for s in cands[:4000] if Levenshtein.distance(s, p.surname) == 1), None)
        if other:
            q = Person(p.given, p.patronymic, other, "m", p.dob)
            add(
                "neg:surname_edit",
                cyr(p, rng.randrange(2)),
                lat(q, rng.randrange(4), "plain"),
                False,
            )
    common_given = sorted(given, key=lambda r: -int(r["count"]))[:15]
    common_sur = sorted(sur, key=lambda r: -int(r["count"]))[:15]
    for _ in range(120):  # common short names, different people (birth dates differ)
        g = rng.choice(common_given)
        srow = rng.choice(common_sur)
        sname = srow["text"] if g["gender"] == "m" else srow["f_form"]
        p = Person(g["text"], "", sname, g["gender"], person().dob)
        q = Person(g["text"], "", sname, g["gender"], person().dob)
        add("neg:common_name", f"{p.given} {p.surname}", lat(q, 3, "plain"), False, p.dob, q.dob)
    pairs.extend(arabic_pairs(rng, len(pairs)))
    pairs.extend(netranslit_pairs(rng, len(pairs)))
    return pairs


def arabic_pairs(rng: random.Random, offset: int) -> list[LabelledPair]:
    db = sqlite3.connect(NAMES / "arabic-name-romanizer-index" / "names.sqlite3")
    rows = db.execute(
        "select arabic_key, latin from full_names where source='wikidata' and count>=1"
    ).fetchall()
    rng.shuffle(rows)
    rows = [r for r in rows if len(r[0].split()) >= 2][:3000]
    by_first: dict[str, list[tuple[str, str]]] = {}
    for ar, la in rows:
        by_first.setdefault(ar.split()[0], []).append((ar, la))
    pairs: list[LabelledPair] = []
    for i, (ar, la) in enumerate(rows[:500]):
        pid = f"cs{offset + len(pairs)}"
        pairs.append(LabelledPair(pid, "pos:arabic", entity(pid + "a", "Person", name=ar),
                                  entity(pid + "b", "Person", name=la), True))  # fmt: skip
        # negative: same Arabic given name, other person
        others = [x for x in by_first.get(ar.split()[0], []) if x[0].split()[-1] != ar.split()[-1]]
        if others and i % 2 == 0:
            oar, ola = rng.choice(others)
            pid = f"cs{offset + len(pairs)}"
            pairs.append(LabelledPair(pid, "neg:arabic_same_given", entity(pid + "a", "Person", name=ar),
                                      entity(pid + "b", "Person", name=ola), False))  # fmt: skip
    return pairs


def netranslit_pairs(rng: random.Random, offset: int) -> list[LabelledPair]:
    rows = []
    with (NAMES / "wikidata-netranslit-coling2018" / "wd_russian_20").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and int(parts[2]) >= 2 and len(parts[0]) >= 4:
                rows.append((parts[0], parts[1].replace(" ", "")))
    rng.shuffle(rows)
    pairs: list[LabelledPair] = []
    for i in range(0, 600, 2):
        (l1, c1), (l2, c2) = rows[i], rows[i + 1]
        pid = f"cs{offset + len(pairs)}"
        pairs.append(LabelledPair(pid, "pos:wikidata", entity(pid + "a", "Person", name=f"{c1} {c2}"),
                                  entity(pid + "b", "Person", name=f"{l1.title()} {l2.title()}"), True))  # fmt: skip
        l3 = rows[i + 700][0]
        pid = f"cs{offset + len(pairs)}"
        pairs.append(LabelledPair(pid, "neg:wikidata_other", entity(pid + "a", "Person", name=f"{c1} {c2}"),
                                  entity(pid + "b", "Person", name=f"{l1.title()} {l3.title()}"), False))  # fmt: skip
    return pairs


# ---------------------------------------------------------------- set 3: list links


def list_links(rng: random.Random) -> list[LabelledPair]:
    sys.path.insert(0, str(REPO / "src"))
    from commonlist.sources import eu_fsf, uk, un_xml

    def load(mod: Any, path: Path, member: str) -> dict[str, EntityProxy]:
        return {r.native_id: r.to_entity(member) for r in mod.parse(path, max_bytes=10**9)}

    lists = REPO / "data" / "lists"
    un = load(un_xml, lists / "un_sc_consolidated" / "consolidated.xml", "UN")
    ukr = load(uk, lists / "uk_sanctions_list" / "uk_sanctions_list.yaml.gz", "UK")
    eur = load(eu_fsf, lists / "eu_fsf" / "eu_fsf_entities.yaml.gz", "EU")
    links: list[tuple[EntityProxy, EntityProxy, str]] = []
    with (LISTS / "_crosslinks" / "uk_sanctions_list__un_sc.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["uk_unique_id"] in ukr and row["un_reference_number"] in un:
                links.append((ukr[row["uk_unique_id"]], un[row["un_reference_number"]], "uk-un"))
    with (LISTS / "_crosslinks" / "eu_fsf__un_sc.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["link_source"] != "unitedNationId field":
                continue
            if row["eu_reference_number"] in eur and row["un_reference_number"] in un:
                links.append(
                    (eur[row["eu_reference_number"]], un[row["un_reference_number"]], "eu-un")
                )
    un_by_schema: dict[str, list[tuple[str, EntityProxy]]] = {}
    for e in un.values():
        un_by_schema.setdefault(e.schema.name, []).append((ascii_text(e.caption) or "", e))
    pairs: list[LabelledPair] = []
    for other, un_e, kind in links:
        pid = f"ll{len(pairs)}"
        pairs.append(
            LabelledPair(
                pid, f"pos:{kind}", _with_id(other, pid + "a"), _with_id(un_e, pid + "b"), True
            )
        )
        # hard negative: the most similar-looking other UN record of the same schema
        name = ascii_text(other.caption) or ""
        cands = [(JaroWinkler.similarity(name.lower(), n.lower()), e) for n, e in
                 un_by_schema.get(un_e.schema.name, []) if e.id != un_e.id]  # fmt: skip
        cands.sort(key=lambda c: -c[0])
        if cands:
            neg = cands[rng.randrange(min(3, len(cands)))][1]
            pid = f"ll{len(pairs)}"
            pairs.append(
                LabelledPair(
                    pid, f"neg:{kind}", _with_id(other, pid + "a"), _with_id(neg, pid + "b"), False
                )
            )
    return pairs


def _with_id(e: EntityProxy, eid: str) -> dict[str, Any]:
    data = e.to_dict()
    data["id"] = eid
    return {"id": eid, "schema": data["schema"], "properties": data["properties"]}


# ---------------------------------------------------------------- methods


Scorer = Callable[[EntityProxy, EntityProxy], float]


def commonlist_scorer() -> tuple[Scorer, Callable[[], None]]:
    from commonlist.matching import clear_caches, compare

    return (lambda a, b: compare(a, b).score), clear_caches


def commonlist_default_collector_scorer() -> tuple[Scorer, Callable[[], None]]:
    """match-v1 with Python's default collector thresholds (its warm-up raises them)."""
    from commonlist.matching import compare

    scorer, clear = commonlist_scorer()
    compare(model.get_proxy(entity("gc-a", "Person", name="Ivan Petrov")),
            model.get_proxy(entity("gc-b", "Person", name="Иван Петров")))  # fmt: skip
    gc.set_threshold(*PYTHON_COLLECTOR)
    return scorer, clear


def nomenklatura_scorer(name: str) -> tuple[Scorer, Callable[[], None]]:
    from nomenklatura.matching import get_algorithm

    algo = get_algorithm(name)
    assert algo is not None
    config = algo.default_config()
    return (lambda a, b: algo.compare(a, b, config).score), clear_value_caches


#: Packages whose per-value caches the nomenklatura matchers fill.
PEER_PACKAGES = ("nomenklatura", "rigour", "fingerprints", "normality", "followthemoney")


def clear_value_caches() -> None:
    """Empty the bounded ``lru_cache``s of the peer's packages (per-name and per-entity
    results); unbounded ones hold loaded reference data and stay."""
    for obj in gc.get_objects():
        if type(obj) is functools._lru_cache_wrapper and obj.cache_info().maxsize is not None:
            if getattr(obj, "__module__", "").startswith(PEER_PACKAGES):
                obj.cache_clear()


def jw_scorer() -> tuple[Scorer, Callable[[], None]]:
    def names(e: EntityProxy) -> list[str]:
        return [" ".join(sorted((ascii_text(n) or "").lower().split())) for n in e.names]

    def score(a: EntityProxy, b: EntityProxy) -> float:
        return max((JaroWinkler.similarity(x, y) for x in names(a) for y in names(b)), default=0.0)

    return score, lambda: None


METHODS: dict[str, Callable[[], tuple[Scorer, Callable[[], None]]]] = {
    "commonlist match-v1": commonlist_scorer,
    "commonlist match-v1, default gc": commonlist_default_collector_scorer,
    "nomenklatura logic-v2": lambda: nomenklatura_scorer("logic-v2"),
    "nomenklatura logic-v1": lambda: nomenklatura_scorer("logic-v1"),
    "jaro-winkler translit": jw_scorer,
}


def proxies(pairs: list[LabelledPair], tag: str) -> Iterator[tuple[EntityProxy, EntityProxy]]:
    for p in pairs:
        a = model.get_proxy({**p.a, "id": f"{tag}-{p.a['id']}"}, cleaned=False)
        b = model.get_proxy({**p.b, "id": f"{tag}-{p.b['id']}"}, cleaned=False)
        yield a, b


def prf(scored: list[tuple[float, bool]], t: float) -> dict[str, float]:
    tp = sum(1 for s, m in scored if m and s >= t)
    fp = sum(1 for s, m in scored if not m and s >= t)
    fn = sum(1 for s, m in scored if m and s < t)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"threshold": t, "precision": p, "recall": r, "f1": f}


def best(scored: list[tuple[float, bool]]) -> dict[str, float]:
    ts = sorted({round(s, 4) for s, _ in scored})
    return max((prf(scored, t) for t in ts), key=lambda m: m["f1"])


def ready(
    mname: str, sets: dict[str, list[LabelledPair]]
) -> tuple[Scorer, Callable[[], None], dict[str, list[tuple[EntityProxy, EntityProxy]]], float]:
    """A method warmed up and settled, its caches emptied, and the test pairs it will score.

    Returns the scorer, its cache-clearing function, the test pairs per set as new
    entity objects, and the warm-up time in seconds.
    """
    # Each method starts from Python's collector settings; match-v1's first name
    # raises the young-generation threshold (commonlist.names.memo).
    gc.set_threshold(*PYTHON_COLLECTOR)
    scorer, clear = METHODS[mname]()
    # First calls load reference data (rigour's taggers for persons and for
    # organisations, ICU transforms): timed apart, for every method alike.
    warm = [
        ("Person", "Иван Петров", "Ivan Petrov"),
        ("Organization", "ООО Ромашка", "Romashka LLC"),
    ]
    t0 = time.perf_counter()
    for i, (schema, left, right) in enumerate(warm):
        scorer(model.get_proxy(entity(f"warm{i}a", schema, name=left)),
               model.get_proxy(entity(f"warm{i}b", schema, name=right)))  # fmt: skip
    warmup = time.perf_counter() - t0
    # Then, untimed, the first train pairs of every set: names in each script and
    # of each kind load what a matcher loads on first use (ICU transforms, territory
    # and identifier tables), so that the timed pass measures per-pair work only.
    for sname, pairs in sets.items():
        train = [p for p in pairs if p.split == "train"][:SETTLE_PAIRS]
        for a, b in proxies(train, f"settle-{mname.replace(' ', '_')}{sname}"):
            scorer(a, b)
    # One timed pass over all test pairs from cold: no caches left by the settling
    # pass or by the method before (the garbage collector's passes cost in
    # proportion to live objects). One pass only: a second would meet names that
    # logic-v2 keeps cached inside rigour's compiled code, which cannot be emptied.
    plists = {
        sname: list(
            proxies([p for p in pairs if p.split == "test"], mname.replace(" ", "_") + sname)
        )
        for sname, pairs in sets.items()
    }
    clear()
    gc.collect()
    return scorer, clear, plists, warmup


def measure(mname: str, sets: dict[str, list[LabelledPair]]) -> dict[str, Any]:
    """One method's cold timed pass over the test pairs: its scores per set and its speed."""
    scorer, clear, plists, warmup = ready(mname, sets)
    wall = cpu = 0.0
    scores: dict[str, list[float]] = {}
    for sname, plist in plists.items():
        t0, c0 = time.perf_counter(), time.process_time()
        scores[sname] = [scorer(a, b) for a, b in plist]
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
    clear()
    total_pairs = sum(len(plist) for plist in plists.values())
    speed = {"pairs_per_s": total_pairs / wall, "pairs_per_cpu_s": total_pairs / cpu,
             "warmup_s": warmup}  # fmt: skip
    return {"scores": scores, "speed": speed}


_SETS: dict[str, list[LabelledPair]] = {}


def _measure_fresh(mname: str) -> dict[str, Any]:
    return measure(mname, _SETS)


def run(sets: dict[str, list[LabelledPair]], rounds: int) -> dict[str, Any]:
    """Quality from the first round; speed as the median over ``rounds`` rounds.

    Each method's pass runs in a process of its own, forked from one that has run no
    matcher, so no method inherits another's imports, caches or garbage; the order
    of methods is reversed every other round, so that a change in the machine's load
    during a round weighs on both ends alike. A pass lasts one to five seconds, and
    one pass alone moves with the load of the shared cores by up to a quarter.
    """
    global _SETS
    _SETS = sets
    results: dict[str, Any] = {"sets": {}, "speed": {}, "rounds": []}
    tests = {sname: [p for p in pairs if p.split == "test"] for sname, pairs in sets.items()}
    context = multiprocessing.get_context("fork")
    for r in range(rounds):
        order = list(METHODS) if r % 2 == 0 else list(reversed(METHODS))
        speeds: dict[str, dict[str, float]] = {}
        for mname in order:
            with context.Pool(1, maxtasksperchild=1) as pool:
                measured = pool.apply(_measure_fresh, (mname,))
            speeds[mname] = measured["speed"]
            print(f"... round {r + 1}: {mname} done", file=sys.stderr)
            if r or mname in SPEED_ONLY:
                continue
            for sname, test in tests.items():
                got = measured["scores"][sname]
                scored = list(zip(got, [p.match for p in test], strict=True))
                cats: dict[str, list[tuple[float, bool]]] = {}
                for p, sc in zip(test, got, strict=True):
                    cats.setdefault(p.category, []).append((sc, p.match))
                results["sets"].setdefault(sname, {})[mname] = {
                    "n": len(test),
                    "at_default": prf(scored, THRESHOLD),
                    "best": best(scored),
                    "categories": {
                        c: round(sum((s >= THRESHOLD) == m for s, m in v) / len(v), 3)
                        for c, v in sorted(cats.items())
                    },  # fmt: skip
                }
        results["rounds"].append({m: speeds[m] for m in METHODS})
    for mname in METHODS:
        results["speed"][mname] = {
            key: statistics.median(r[mname][key] for r in results["rounds"])
            for key in ("pairs_per_s", "pairs_per_cpu_s", "warmup_s")
        }
    return results


def count_instructions(sets: dict[str, list[LabelledPair]], mname: str) -> None:
    """One method's cold pass over the test pairs, ready as for ``run``, with callgrind's
    instrumentation switched on for the pass only (run under ``valgrind --tool=callgrind
    --instr-atstart=no``): an instruction count the machine's load cannot move."""
    scorer, _, plists, _ = ready(mname, sets)
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "--instr=on", pid], check=True, capture_output=True)
    for plist in plists.values():
        for a, b in plist:
            scorer(a, b)
    subprocess.run(["callgrind_control", "--instr=off", pid], check=True, capture_output=True)


def compiled_modules() -> dict[str, bool]:
    """Each name and matching module of commonlist (packages' ``__init__`` aside), and
    whether it runs compiled (``setup.py`` builds them with Cython) or from its ``.py``."""
    import commonlist.matching
    import commonlist.names

    found = {}
    for package in (commonlist.names, commonlist.matching):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.ispkg:
                continue
            path = importlib.import_module(info.name).__file__ or ""
            found[info.name] = not path.endswith(".py")
    return found


def table(results: dict[str, Any]) -> str:
    lines = [
        "| set | method | P@0.7 | R@0.7 | F1@0.7 | best F1 | best t |",
        "|---|---|---|---|---|---|---|",
    ]
    for sname, methods in results["sets"].items():
        for mname, r in methods.items():
            d, b = r["at_default"], r["best"]
            lines.append(f"| {sname} (n={r['n']}) | {mname} | {d['precision']:.3f} | {d['recall']:.3f} | "
                         f"{d['f1']:.3f} | {b['f1']:.3f} | {b['threshold']:.3f} |")  # fmt: skip
    lines += ["", "| method | pairs/s (wall) | pairs per CPU-s | × logic-v2 (CPU) | "
              "first-call warm-up (s) |", "|---|---|---|---|---|"]  # fmt: skip
    v2 = results["speed"]["nomenklatura logic-v2"]["pairs_per_cpu_s"]
    for mname, s in results["speed"].items():
        lines.append(f"| {mname} | {s['pairs_per_s']:.0f} | {s['pairs_per_cpu_s']:.0f} | "
                     f"{s['pairs_per_cpu_s'] / v2:.2f} | {s['warmup_s']:.2f} |")  # fmt: skip
    ratios = [r["commonlist match-v1"]["pairs_per_cpu_s"] / r["nomenklatura logic-v2"]["pairs_per_cpu_s"]
              for r in results["rounds"]]  # fmt: skip
    lines += ["", f"Medians over {len(ratios)} rounds; match-v1 × logic-v2 (CPU) per round: "
              + ", ".join(f"{x:.2f}" for x in ratios)]  # fmt: skip
    compiled = results["compiled_modules"]
    lines += ["", f"commonlist modules compiled: {sum(compiled.values())} of {len(compiled)}"]
    lines += ["", "Accuracy at 0.7 by category (commonlist / logic-v2):", ""]
    for sname, methods in results["sets"].items():
        ours = methods["commonlist match-v1"]["categories"]
        v2 = methods["nomenklatura logic-v2"]["categories"]
        cells = ", ".join(f"{c} {ours[c]:.2f}/{v2[c]:.2f}" for c in ours)
        lines.append(f"- {sname}: {cells}")
    return "\n".join(lines)


def fit(sets: dict[str, list[LabelledPair]]) -> None:
    """Fit match-v1's feature weights by logistic regression on the train halves."""
    import numpy as np

    from commonlist.matching import prepare
    from commonlist.matching.compare.names import match_names
    from commonlist.matching.match_v1.model import MatchV1
    from commonlist.matching.types import RecordPair

    rows, labels, weights = [], [], []
    for sname, pairs in sets.items():
        train = [p for p in pairs if p.split == "train"]
        for (a, b), p in zip(proxies(train, "fit" + sname), train, strict=True):
            pa, pb = prepare(a), prepare(b)
            pair = RecordPair(pa, pb, match_names(pa.names, pb.names))
            rows.append([f.func(pair).score for f in MatchV1.FEATURES])
            labels.append(1.0 if p.match else 0.0)
            weights.append(1.0 / len(train))
    x = np.array(rows)
    y = np.array(labels)
    w = np.array(weights) / np.mean(weights)
    coef = np.zeros(x.shape[1])
    bias = 0.0
    for _ in range(20000):
        z = x @ coef + bias
        pr = 1 / (1 + np.exp(-z))
        g = (pr - y) * w
        coef -= 0.5 * (x.T @ g / len(y) + 0.001 * coef)
        bias -= 0.5 * g.mean()
    print(f"BIAS = {bias:.2f}")
    for f, c in zip(MatchV1.FEATURES, coef, strict=True):
        print(f"Feature({f.name}, {c:.2f}),")


def dump_scores(sets: dict[str, list[LabelledPair]], path: Path) -> None:
    """Write match-v1's score of every pair, both halves, one ``set<TAB>pair<TAB>score`` line
    each (``repr`` of the float): two commits that must score alike give identical files."""
    from commonlist.matching import compare

    with path.open("w", encoding="utf-8") as fh:
        for sname, pairs in sets.items():
            for (a, b), p in zip(proxies(pairs, "dump" + sname), pairs, strict=True):
                fh.write(f"{sname}\t{p.id}\t{compare(a, b).score!r}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit match-v1 weights on train halves")
    parser.add_argument("--dump-scores", type=Path, metavar="FILE",
                        help="write match-v1's score of every pair to FILE and stop")  # fmt: skip
    parser.add_argument("--count-instructions", choices=list(METHODS), metavar="METHOD",
                        help="one method's cold pass only, for valgrind --tool=callgrind "
                             "--instr-atstart=no (see README)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed passes per method, each in a fresh process (median)")  # fmt: skip
    args = parser.parse_args()
    rng = random.Random(20240926)
    sets = {
        "name-bench": name_bench(),
        "cross-script": cross_script(rng),
        "list-links": list_links(rng),
    }
    if args.fit:
        fit(sets)
        return
    if args.dump_scores:
        dump_scores(sets, args.dump_scores)
        return
    if args.count_instructions:
        count_instructions(sets, args.count_instructions)
        return
    results = run(sets, args.rounds)
    results["compiled_modules"] = compiled_modules()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"matching-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table(results))
    print(f"\n(results: {out.relative_to(REPO)})")


if __name__ == "__main__":
    main()

"""Blocking: cheap keys that put records which might be one subject in the same block.

Only records sharing a key are ever scored. Keys come from every name in every
script, transliterated and reduced to consonant skeletons, because Arabic script
writes no short vowels and lists romanise it differently (``Usama bin Ladin``,
``Osama Ben Laden`` and ``Усама бен Ладен`` share ``sm|ldn``). Birth years and
identity document numbers give keys of their own. Keys shared by too many records
(``mhmd|hmd``) say little and are dropped; the exact-name key still pairs those.

Pairs are built in DuckDB from an Arrow table of ``(record, key)`` rows, which
spills to disk, so a million records block in bounded memory.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa
from followthemoney import model, registry
from rapidfuzz import fuzz, process

from commonlist.names.honorifics import is_honorific
from commonlist.names.normalize import normalize_name
from commonlist.names.parts import PARTICLES
from commonlist.names.translit import consonant_key, latin_variants, phonetic_key, to_latin
from commonlist.sources.model import ParsedRecord

#: Records per key above which a key is dropped as uninformative.
MAX_BLOCK = 24
#: Least name similarity (0-100) for a blocked pair to go to the matcher.
MIN_NAME_SIMILARITY = 85.0
#: Name words used for word-pair keys (long organisation names add little after these).
MAX_WORDS = 6

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_YEAR = re.compile(r"^(\d{4})")


@lru_cache(maxsize=262144)
def word_skeletons(word: str) -> frozenset[str]:
    """Consonant skeletons of every attested Latin spelling of one normalised word.

    Empty for particles (``al``, ``bin``), honorifics (``Haji``) and bare numbers,
    which every other name shares. A skeleton shorter than two letters (``Ali`` → ``l``)
    is replaced by the phonetic key, which keeps its vowels.
    """
    keys: set[str] = set()
    for latin in latin_variants(word):
        for part in latin.split():
            if part in PARTICLES or is_honorific(part) or part.isdigit():
                continue
            key = phonetic_key(part)
            skeleton = consonant_key(key)
            keys.add(skeleton if len(skeleton) >= 2 else f"~{key}")
    return frozenset(keys)


def _compact(skeletons: Iterable[str]) -> str:
    # "Abd al-Rahman", "Abdelrahman" and "Abdurahman" all become "bdrhmn"
    return "".join(skeletons).replace("~", "").replace("bdl", "bd")


def name_keys(text: str) -> set[str]:
    """Blocking keys of one name: word-pair skeletons, whole-name skeletons."""
    words = [w for w in (word_skeletons(t) for t in normalize_name(text).split()) if w]
    if not words:
        return set()
    keys: set[str] = set()
    firsts = [min(w) for w in words]
    keys.add("c:" + _compact(firsts))
    keys.add("c:" + _compact(sorted(firsts)))
    if len(words) == 1:
        keys.update(f"w:{s}" for s in words[0])
        return keys
    for left, right in itertools.combinations(words[:MAX_WORDS], 2):
        for a, b in itertools.product(left, right):
            if a != b:
                keys.add("n:" + "|".join(sorted((a, b))))
    return keys


@lru_cache(maxsize=64)
def _identifier_props(schema: str) -> tuple[str, ...]:
    found = model.get(schema)
    if found is None:
        return ()
    return tuple(
        name for name, prop in found.properties.items() if prop.type == registry.identifier
    )


def document_key(number: str) -> str | None:
    """``d:`` + the number in upper-case letters and digits; None if too short to tell."""
    text = _NOT_ALNUM.sub("", number.upper())
    if len(text) < 5 or not any(c.isdigit() for c in text):
        return None
    return f"d:{text}"


def block_keys(record: ParsedRecord) -> set[str]:
    """All blocking keys of one member record."""
    keys: set[str] = set()
    years = {m.group(1) for d in record.properties.get("birthDate", ()) if (m := _YEAR.match(d))}
    for name in record.names:
        found = name_keys(name.value)
        keys.update(found)
        if years:
            words = {k[2:] for k in found if k.startswith("w:")}
            words.update(s for k in found if k.startswith("n:") for s in k[2:].split("|"))
            keys.update(f"y:{y}:{w}" for y in years for w in words)
    numbers = [d.number for d in record.documents]
    for prop in _identifier_props(record.schema):
        numbers.extend(record.properties.get(prop, ()))
    keys.update(k for k in (document_key(n) for n in numbers) if k is not None)
    return keys


def name_forms(record: ParsedRecord, *, limit: int = 30) -> tuple[str, ...]:
    """Each name as sorted phonetic keys of its Latin words, for the quick name filter."""
    forms: dict[str, None] = {}
    for name in record.names[:limit]:
        words = sorted(phonetic_key(w) for w in to_latin(name.value).split())
        if words:
            forms[" ".join(words)] = None
    return tuple(forms)


def name_similarity(left: Sequence[str], right: Sequence[str]) -> float:
    """Best token-set similarity (0-100) between any two names of two records.

    A cheap second stage of blocking: words shared in any order count, so a name
    that is a subset of the other (a dropped patronymic) still scores 100; only
    pairs above ``MIN_NAME_SIMILARITY`` go to the (much slower) matcher.
    """
    if not left or not right:
        return 0.0
    return float(process.cdist(left, right, scorer=fuzz.token_set_ratio).max())


class BlockingIndex:
    """Records' keys in DuckDB, and the candidate pairs they imply.

    Records are numbered ``0..n-1`` by the caller; pairs are ``(a, b)`` with ``a < b``.
    """

    def __init__(
        self,
        *,
        max_block: int = MAX_BLOCK,
        memory_limit: str = "1GB",
        spill_dir: Path | None = None,
    ) -> None:
        self.max_block = max_block
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        if spill_dir is not None:
            self.con.execute(f"SET temp_directory = '{spill_dir}'")
        self.con.execute("CREATE TABLE keys (rec INTEGER, key VARCHAR)")
        self._built = False

    def add(self, batch: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Add the keys of a batch of records."""
        recs: list[int] = []
        keys: list[str] = []
        for rec, rec_keys in batch:
            for key in rec_keys:
                recs.append(rec)
                keys.append(key)
        table = pa.table({"rec": pa.array(recs, pa.int32()), "key": pa.array(keys, pa.string())})
        self.con.register("batch", table)
        self.con.execute("INSERT INTO keys SELECT rec, key FROM batch")
        self.con.unregister("batch")

    def build(self) -> None:
        """Compute the distinct candidate pairs of blocks no larger than ``max_block``."""
        self.con.execute(
            f"""
            CREATE TABLE pairs AS
            WITH usable AS (
                SELECT key FROM keys GROUP BY key
                HAVING count(*) BETWEEN 2 AND {int(self.max_block)}
            ),
            k AS (SELECT DISTINCT keys.rec, keys.key FROM keys JOIN usable USING (key))
            SELECT DISTINCT l.rec AS a, r.rec AS b
            FROM k l JOIN k r ON l.key = r.key AND l.rec < r.rec
            """
        )
        self._built = True

    def pair_count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM pairs").fetchone()
        return int(row[0]) if row else 0

    def pairs(self, *, batch_size: int = 65536) -> Iterator[tuple[int, int]]:
        """Candidate pairs in a deterministic order, streamed in batches."""
        reader = self.con.execute("SELECT a, b FROM pairs ORDER BY a, b").to_arrow_reader(
            batch_size
        )
        for batch in reader:
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)

    def recall(self, true_pairs: Iterable[tuple[int, int]]) -> tuple[int, int]:
        """(proposed, total) of the given true pairs."""
        truth = sorted({(min(a, b), max(a, b)) for a, b in true_pairs if a != b})
        table = pa.table(
            {
                "a": pa.array([a for a, _ in truth], pa.int32()),
                "b": pa.array([b for _, b in truth], pa.int32()),
            }
        )
        self.con.register("truth", table)
        row = self.con.execute("SELECT count(*) FROM truth JOIN pairs USING (a, b)").fetchone()
        self.con.unregister("truth")
        return (int(row[0]) if row else 0), len(truth)

    def close(self) -> None:
        self.con.close()

"""Blocking: cheap keys that put records which might be one subject in the same block.

Only records sharing a key are ever scored. Keys come from every name in every
script, transliterated and reduced to consonant skeletons, because Arabic script
writes no short vowels and lists romanise it differently (``Usama bin Ladin``,
``Osama Ben Laden`` and ``Усама бен Ладен`` share ``sm|ldn``). Birth years and
identity document numbers, and birth dates, give keys of their own.

A key shared by too many records (``mhmd|hmd``) is not used as it is but split:
each of its records gets the key combined with one of its own other name words (or
that word's first letters), its birth year or its birth date (``mhmd|hmd`` +
``1970``); a part still too full is dropped. Blocks stay small however large the
lists grow, while twins that share a common name and little else still meet.

Pairs are built in DuckDB from ``(record, key hash)`` rows, grouped a slice of
hashes at a time and spilling to disk, so a million records block in bounded memory.
"""

from __future__ import annotations

import itertools
import re
import tempfile
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
from commonlist.resolve.given_names import is_syllable_name
from commonlist.sources.model import ParsedRecord

#: Records per block above which a key is split by a second word, year or date.
MAX_BLOCK = 24
#: Records per key up to which a record with no birth date, which splitting by year
#: cannot place, is paired with every other record of the key.
WIDE_BLOCK = 4 * MAX_BLOCK
#: Least name similarity (0-100) for a blocked pair to go to the matcher.
MIN_NAME_SIMILARITY = 85.0
#: Name words used for word-pair keys (long organisation names add little after these).
MAX_WORDS = 6
#: Rows a grouping of blocking keys takes at a time (the rest waits in later passes).
ROWS_PER_PASS = 4_000_000

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def _words(key: str) -> str:
    return f"""CASE
    WHEN {key} LIKE 'n:%' THEN string_split({key}[3:], '|')
    WHEN {key} LIKE 'w:%' THEN [{key}[3:]]
    WHEN {key} LIKE 'y:%' THEN [{key}[8:]]
    ELSE []::VARCHAR[] END"""


def _parts(key: str) -> str:
    """SQL for the parts of a key by which an over-full block is split.

    Its words (the skeletons of ``n:``/``w:``/``y:`` keys), each word's first two
    letters (``^fy`` for both ``Fayyad`` and ``Fayyaz``), ``#`` + birth year of
    ``y:`` keys and ``@`` + birth date of ``b:`` keys.
    """
    return f"""list_concat(
    {_words(key)},
    list_transform({_words(key)}, w -> '^' || w[1:2]),
    CASE WHEN {key} LIKE 'y:%' THEN ['#' || {key}[3:6]]
         WHEN {key} LIKE 'b:%' THEN ['@' || {key}[3:]]
         ELSE []::VARCHAR[] END)"""


_YEAR = re.compile(r"^(\d{4})")
#: Spellings one list uses where another writes a different letter of the same sound.
_COARSE = re.compile(r"ch|dh|th")


@lru_cache(maxsize=262144)
def word_skeletons(word: str) -> frozenset[str]:
    """Consonant skeletons of every attested Latin spelling of one normalised word.

    Empty for particles (``al``, ``bin``), honorifics (``Haji``) and bare numbers,
    which every other name shares. A skeleton shorter than two letters (``Ali`` → ``l``)
    is replaced by the phonetic key, which keeps its vowels. French ``ch`` for ``sh``
    (``Rachid``) and ``dh``/``th`` for plain ``d``/``t`` (``Radhi``, ``Rady``) add a
    folded skeleton next to the exact one.
    """
    keys: set[str] = set()
    for latin in latin_variants(word):
        for part in latin.split():
            if part in PARTICLES or is_honorific(part) or part.isdigit():
                continue
            key = phonetic_key(part)
            skeleton = consonant_key(key)
            if len(skeleton) >= 2:
                keys.add(skeleton)
                keys.add(_COARSE.sub(_coarse_letter, skeleton))
            else:
                keys.add(f"~{key}")
    return frozenset(keys)


def _coarse_letter(match: re.Match[str]) -> str:
    return "sh" if match.group(0) == "ch" else match.group(0)[0]


def _compact(skeletons: Iterable[str]) -> str:
    # "Abd al-Rahman", "Abdelrahman" and "Abdurahman" all become "bdrhmn"
    return "".join(skeletons).replace("~", "").replace("bdl", "bd")


def name_keys(text: str) -> set[str]:
    """Blocking keys of one name: word-pair skeletons, whole-name skeletons.

    A name of three words of one syllable each (``Kim Jong Un``) also gets the keys
    of its two-word readings (``Kim Jongun``, ``Kimjong Un``): a Korean given name of
    two syllables is written split, hyphenated or joined, before or after the surname.
    """
    tokens = normalize_name(text).split()
    keys = _word_keys(tokens)
    if is_syllable_name(tokens):
        keys.update(_word_keys([tokens[0], tokens[1] + tokens[2]]))
        keys.update(_word_keys([tokens[0] + tokens[1], tokens[2]]))
    return keys


def _word_keys(tokens: Sequence[str]) -> set[str]:
    words = [w for w in (word_skeletons(t) for t in tokens) if w]
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
        # the same skeleton twice (``Hussein Hassan``) is a pair too
        keys.update("n:" + "|".join(sorted(ab)) for ab in itertools.product(left, right))
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
    keys.update(f"b:{d[:10]}" for d in record.properties.get("birthDate", ()) if len(d) >= 10)
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


def similar_pairs(
    pairs: Sequence[tuple[int, int]],
    forms: Sequence[tuple[str, ...]],
    min_name_similarity: float = MIN_NAME_SIMILARITY,
) -> list[tuple[int, int]]:
    """The pairs whose records' ``name_forms`` (indexed by record) are similar enough."""
    return [(a, b) for a, b in pairs if name_similarity(forms[a], forms[b]) >= min_name_similarity]


class BlockingIndex:
    """Records' keys in DuckDB, and the candidate pairs they imply.

    Records are numbered ``0..n-1`` by the caller and each is added once, with all
    its keys; pairs are ``(a, b)`` with ``a < b``. Keys are kept as 64-bit hashes
    (DuckDB ``hash``), and every grouping runs in passes over a slice of the hashes,
    so a million records block in a bounded working set that spills to
    ``spill_dir`` (a temporary folder if None). Two different keys with one hash
    (about one chance in 10,000 at 50 million keys) would only merge two blocks.
    """

    def __init__(
        self,
        *,
        max_block: int = MAX_BLOCK,
        wide_block: int = WIDE_BLOCK,
        memory_limit: str = "1GB",
        spill_dir: Path | None = None,
        rows_per_pass: int = ROWS_PER_PASS,
    ) -> None:
        self.max_block = max_block
        self.wide_block = wide_block
        self.rows_per_pass = rows_per_pass
        self._spill: tempfile.TemporaryDirectory[str] | None = None
        if spill_dir is None:
            self._spill = tempfile.TemporaryDirectory(prefix="commonlist-blocking-")
            spill_dir = Path(self._spill.name)
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute(f"SET temp_directory = '{spill_dir}'")
        self.con.execute("CREATE TABLE keys (rec INTEGER, key UBIGINT)")
        self.con.execute("CREATE TABLE parts (rec INTEGER, part UBIGINT)")
        self.con.execute("CREATE TABLE dated (rec INTEGER)")
        self._rows = 0

    def add(self, batch: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Add the keys of a batch of records (each record once, in one batch)."""
        recs: list[int] = []
        keys: list[str] = []
        for rec, rec_keys in batch:
            for key in set(rec_keys):
                recs.append(rec)
                keys.append(key)
        table = pa.table({"rec": pa.array(recs, pa.int32()), "key": pa.array(keys, pa.string())})
        con = self.con
        con.register("batch", table)
        con.execute("INSERT INTO keys SELECT rec, hash(key) FROM batch")
        con.execute(
            f"""
            INSERT INTO parts SELECT DISTINCT rec, hash(part) FROM
            (SELECT rec, unnest({_parts("key")}) AS part FROM batch)
            """
        )
        con.execute("INSERT INTO dated SELECT DISTINCT rec FROM batch WHERE key LIKE 'y:%'")
        con.unregister("batch")
        self._rows += len(recs)

    def _passes(self, rows: int) -> int:
        return max(1, -(-rows // self.rows_per_pass))

    def build(self) -> None:
        """Compute the distinct candidate pairs of blocks no larger than ``max_block``.

        An over-full key is split once by each of its records' key parts (name-word
        skeletons and their first letters, ``#1970``, ``@1970-05-01``); split blocks
        still over-full are dropped (a part of the key itself, which all its records
        share, gives one of those). A record without a birth date often has nothing
        to split by (``Behrouz Ahmed`` against ``Behrouz Ahmed Al Tantawi``, 1999),
        so in keys of up to ``wide_block`` records it is paired with all the others.
        """
        limit, wide = int(self.max_block), int(self.wide_block)
        con = self.con
        con.execute("CREATE TABLE blocks (rec INTEGER, key UBIGINT)")
        con.execute("CREATE TABLE over (key UBIGINT, n BIGINT)")
        passes = self._passes(self._rows)
        for i in range(passes):
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE sized AS
                SELECT key, count(*) AS n FROM keys WHERE key % {passes} = {i}
                GROUP BY key HAVING count(*) >= 2
                """
            )
            con.execute(
                f"""
                INSERT INTO blocks SELECT rec, key FROM keys JOIN sized USING (key)
                WHERE n <= {limit} AND key % {passes} = {i}
                """
            )
            con.execute(f"INSERT INTO over SELECT key, n FROM sized WHERE n > {limit}")
        con.execute("DROP TABLE sized")
        con.execute(
            f"""
            CREATE TABLE undated AS
            SELECT DISTINCT least(u.rec, o.rec) AS a, greatest(u.rec, o.rec) AS b
            FROM keys u JOIN over s ON u.key = s.key AND s.n <= {wide}
            JOIN keys o ON o.key = u.key AND o.rec <> u.rec
            WHERE u.rec NOT IN (SELECT rec FROM dated)
            """
        )
        # each record of an over-full key gets the key combined with each of its parts
        row = con.execute(
            """
            SELECT sum(o.n * p.n) FROM over o,
            (SELECT count(*) / greatest(count(DISTINCT rec), 1) AS n FROM parts) p
            """
        ).fetchone()
        passes = self._passes(int(row[0] or 0) if row else 0)
        for i in range(passes):
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE split AS
                SELECT k.rec, hash(k.key, p.part) AS key
                FROM keys k JOIN over o ON k.key = o.key JOIN parts p ON p.rec = k.rec
                WHERE o.key % {passes} = {i}
                """
            )
            con.execute(
                f"""
                INSERT INTO blocks SELECT rec, key FROM split WHERE key IN
                (SELECT key FROM split GROUP BY key HAVING count(*) BETWEEN 2 AND {limit})
                """
            )
        con.execute("DROP TABLE IF EXISTS split")
        con.execute("DROP TABLE over")
        con.execute("DROP TABLE parts")
        con.execute("DROP TABLE dated")
        con.execute("DROP TABLE keys")
        con.execute("CREATE TABLE pairs (a INTEGER, b INTEGER)")
        row = con.execute("SELECT count(*) FROM blocks").fetchone()
        passes = self._passes(4 * (int(row[0]) if row else 0))
        for i in range(passes):
            con.execute(
                f"""
                INSERT INTO pairs SELECT DISTINCT a, b FROM (
                    SELECT l.rec AS a, r.rec AS b FROM blocks l JOIN blocks r
                    ON l.key = r.key AND l.rec < r.rec WHERE l.rec % {passes} = {i}
                    UNION ALL SELECT a, b FROM undated WHERE a % {passes} = {i})
                """
            )
        con.execute("DROP TABLE blocks")
        con.execute("DROP TABLE undated")

    def pair_count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM pairs").fetchone()
        return int(row[0]) if row else 0

    def pairs(self, *, batch_size: int = 65536) -> Iterator[tuple[int, int]]:
        """Candidate pairs in a deterministic order, streamed in batches."""
        for batch in self.pair_batches(batch_size=batch_size):
            yield from batch

    def pair_batches(self, *, batch_size: int = 65536) -> Iterator[list[tuple[int, int]]]:
        """Candidate pairs ordered by ``(a, b)``, ``batch_size`` at a time (DuckDB spills the rest)."""
        reader = self.con.execute("SELECT a, b FROM pairs ORDER BY a, b").to_arrow_reader(
            batch_size
        )
        for batch in reader:
            yield list(zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True))

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
        if self._spill is not None:
            self._spill.cleanup()

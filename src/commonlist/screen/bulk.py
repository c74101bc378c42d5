"""Bulk screening: read a customer file, screen every row, write one result row per input row.

Inputs are CSV (UTF-8, or an explicit encoding), Parquet, or followthemoney JSON
lines; a column mapping says which columns hold the name, birth date, country and
the client's own record ID. Bad inputs are refused before any screening, with a
message naming the file, the missing column or the undecodable byte.

The local engine runs in this process or in forked workers that share the index
copy-on-write; ``screen.spark`` runs the same ``screen_entity`` on Spark.
"""

from __future__ import annotations

import codecs
import csv
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TextIO

import pyarrow as pa
import pyarrow.parquet as pq
from followthemoney import model, registry
from followthemoney.proxy import EntityProxy

from commonlist.exc import FileTooLarge, InvalidInput, SourceFormatError
from commonlist.matching import DEFAULT_THRESHOLD
from commonlist.screen.index import ScreenIndex
from commonlist.screen.keys import entity_names
from commonlist.screen.scoring import (
    DateCutoffs,
    may_match,
    prefilter_many,
    query_entity,
    score_query,
    warm_up,
)
from commonlist.screen.source import read_ftm_lines

FORMATS = ("csv", "parquet", "ftm")
#: Columns of a result file, in order.
RESULT_COLUMNS = (
    "row_id",
    "name",
    "match",
    "score",
    "entity_id",
    "caption",
    "referents",
    "matches",
)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which input columns hold what; only ``name`` is required."""

    name: str = "name"
    birth_date: str | None = None
    country: str | None = None
    id: str | None = None  # the client's record ID, echoed in the result
    id_number: str | None = None  # passport or national ID number
    #: Person, Organization…; default: Person for a row with a birth date, else LegalEntity
    schema: str | None = None

    def columns(self) -> list[str]:
        found = [self.name, self.birth_date, self.country, self.id, self.id_number]
        return [c for c in found if c]


@dataclass(frozen=True, slots=True)
class InputRow:
    row_id: str
    schema: str
    properties: dict[str, list[str]]

    def __reduce__(self) -> tuple[type[InputRow], tuple[str, str, dict[str, list[str]]]]:
        # pickled as its fields: rows go to the workers and back twice as fast as through
        # the frozen dataclass's generic state
        return InputRow, (self.row_id, self.schema, self.properties)


@dataclass(frozen=True, slots=True)
class ResultRow:
    row_id: str
    name: str
    match: bool
    score: float
    entity_id: str
    caption: str
    referents: str  # MEMBER:NATIVE_ID;…
    matches: int  # hits at or above the threshold

    def __reduce__(
        self,
    ) -> tuple[type[ResultRow], tuple[str, str, bool, float, str, str, str, int]]:
        return ResultRow, (
            self.row_id,
            self.name,
            self.match,
            self.score,
            self.entity_id,
            self.caption,
            self.referents,
            self.matches,
        )

    def as_list(self) -> list[str]:
        return [
            self.row_id,
            self.name,
            "true" if self.match else "false",
            f"{self.score:.4f}",
            self.entity_id,
            self.caption,
            self.referents,
            str(self.matches),
        ]


@dataclass(slots=True)
class BulkSummary:
    rows: int = 0
    matched_rows: int = 0
    hits: int = 0
    by_entry: dict[str, int] = field(default_factory=dict)

    def add(self, row: ResultRow) -> None:
        self.rows += 1
        if row.match:
            self.matched_rows += 1
            self.hits += row.matches
            self.by_entry[row.entity_id] = self.by_entry.get(row.entity_id, 0) + 1


def detect_format(path: Path, declared: str | None = None) -> str:
    """The input format from ``declared`` or the file name."""
    if declared:
        if declared not in FORMATS:
            raise InvalidInput(
                f"unknown input format {declared!r}; use one of {', '.join(FORMATS)}"
            )
        return declared
    name = path.name.lower()
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson", ".json", ".ftm", ".jsonl.gz")):
        return "ftm"
    raise InvalidInput(f"{path.name}: cannot tell the format; name it .csv, .parquet or .jsonl")


def check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(
            f"{size:,} bytes is more than the limit of {max_bytes:,}", file=path.name
        )


def parse_row(mapping: ColumnMap, values: Mapping[str, object], number: int) -> InputRow:
    def get(col: str | None) -> list[str]:
        if not col:
            return []
        value = values.get(col)
        if value is None:
            return []
        text = str(value).strip()
        return [text] if text else []

    props: dict[str, list[str]] = {"name": get(mapping.name)}
    dob = get(mapping.birth_date)
    schema = mapping.schema or ("Person" if dob else "LegalEntity")
    found = model.get(schema)
    person = found is not None and found.is_a("Person")
    if dob and person:
        props["birthDate"] = dob
    if mapping.country and (country := get(mapping.country)):
        props["nationality" if person else "country"] = country
    if mapping.id_number and (number_ := get(mapping.id_number)):
        props["idNumber"] = number_
    ids = get(mapping.id)
    return InputRow(ids[0] if ids else str(number), schema, props)


def _check_columns(file: str, header: Iterable[str], mapping: ColumnMap) -> None:
    have = list(header)
    missing = [c for c in mapping.columns() if c not in have]
    if missing:
        raise InvalidInput(
            f"{file}: no column {', '.join(repr(c) for c in missing)}; "
            f"the file has {', '.join(repr(c) for c in have) or 'no columns'}"
        )


#: Bytes of a CSV file decoded or parsed at a time: memory stays flat for any file size.
_BLOCK = 1 << 22


def _check_text(path: Path, encoding: str | None) -> tuple[str, str]:
    """The codec and first line of a text file, checking every byte decodes, a block at a time."""
    codec = encoding or "utf-8-sig"
    try:
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    except LookupError as exc:
        raise InvalidInput(f"unknown encoding {encoding!r}") from exc
    offset = lines = 0
    first = ""
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                at = max(offset + exc.start - (len(exc.object) - len(block)), 0)
                bad = exc.object[exc.start : exc.start + 1]
                line = lines + exc.object[: exc.start].count(b"\n") + 1
                raise SourceFormatError(
                    f"not {codec} at byte {at} (line {line}): {bad!r}; "
                    "save the file as UTF-8 or give its encoding",
                    file=path.name,
                ) from exc
            if not first:
                first = text.split("\n", 1)[0]
            if not block:
                return codec, first
            offset += len(block)
            lines += block.count(b"\n")


def _csv_records(path: Path, codec: str, dialect: str) -> Iterator[dict[str, str]]:
    """The records of a CSV file, streamed (short rows get empty values, as in csv.DictReader)."""
    with path.open(encoding=codec, newline="") as fh:
        yield from csv.DictReader(fh, dialect=dialect)


def _rows_of(batches: Iterable[pa.RecordBatch], mapping: ColumnMap) -> Iterator[InputRow]:
    number = 0
    for batch in batches:
        columns = batch.to_pydict()
        for i in range(batch.num_rows):
            number += 1
            yield parse_row(mapping, {c: v[i] for c, v in columns.items()}, number)


def read_rows(
    path: Path,
    mapping: ColumnMap,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int,
) -> tuple[int, Iterator[InputRow]]:
    """Check an input file and return its row count and its rows.

    Raises:
        FileTooLarge: over ``max_bytes``.
        InvalidInput: a mapped column is missing, or the format is unknown.
        SourceFormatError: undecodable text or unreadable Parquet/JSON.
    """
    check_size(path, max_bytes)
    kind = detect_format(path, fmt)
    columns = mapping.columns()
    if kind == "csv":
        codec, first = _check_text(path, encoding)
        dialect = "excel-tab" if "\t" in first else "excel"
        with path.open(encoding=codec, newline="") as fh:
            reader = csv.reader(fh, dialect=dialect)
            _check_columns(path.name, next(reader, []), mapping)
            count = sum(1 for _ in reader)
        records = _csv_records(path, codec, dialect)
        return count, (parse_row(mapping, r, i) for i, r in enumerate(records, start=1))
    if kind == "parquet":
        try:
            parquet = pq.ParquetFile(path)
        except (OSError, ValueError) as exc:
            raise SourceFormatError(f"not a Parquet file: {exc}", file=path.name) from exc
        _check_columns(path.name, parquet.schema_arrow.names, mapping)
        batches = parquet.iter_batches(batch_size=65536, columns=columns)
        return parquet.metadata.num_rows, _rows_of(batches, mapping)
    entities = list(read_ftm_lines(path))
    return len(entities), (
        InputRow(e.id or str(i), e.schema.name, {k: list(v) for k, v in e.properties.items()})
        for i, e in enumerate(entities, start=1)
    )


def to_entity(row: InputRow) -> EntityProxy:
    return query_entity(row.schema, row.properties, entity_id=row.row_id)


def _clean_date(value: str) -> str | None:
    """A date in ISO-prefix form; a full ISO date as it is (most rows, and the slow part)."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            date.fromisoformat(value)
            return value
        except ValueError:
            pass
    return registry.date.clean(value)


def _prefilter_query(row: InputRow) -> tuple[list[str], list[str], list[str]]:
    """A row's names, identifiers and cleaned birth dates, as the pre-filter reads them."""
    dates = [d for v in row.properties.get("birthDate", []) if (d := _clean_date(v))]
    return row.properties["name"], row.properties.get("idNumber", []), dates


def _may_match(index: ScreenIndex, row: InputRow) -> bool:
    """Whether a row passes the pre-filter, without building an entity.

    Most rows of a customer file match nothing: they cost one index look-up.
    """
    return may_match(index, *_prefilter_query(row))


def _no_match(row: InputRow) -> ResultRow:
    names = row.properties.get("name", [])
    return ResultRow(row.row_id, names[0] if names else "", False, 0.0, "", "", "", 0)


def screen_entity(
    index: ScreenIndex, row: InputRow, *, threshold: float = DEFAULT_THRESHOLD
) -> ResultRow:
    """Screen one input row: its best match and how many hits reach the threshold.

    Only matches are scored exactly: a row with no possible match gets score 0.
    """
    if not row.properties.get("name") or model.get(row.schema) is None:
        return _no_match(row)
    if threshold >= DEFAULT_THRESHOLD and not _may_match(index, row):
        return _no_match(row)
    return _score_row(index, row, threshold)


def screen_rows(
    index: ScreenIndex, rows: Sequence[InputRow], *, threshold: float = DEFAULT_THRESHOLD
) -> list[ResultRow]:
    """``screen_entity`` for a batch of rows, with the pre-filter run once for the batch.

    The batch's distinct names are looked up once (``ScreenIndex.overlaps_many``) and
    every row's birth-date cut-offs are decided in one vectorised pass; only rows that
    pass get an entity and the matcher, reusing the cut-offs the pre-filter computed.
    Same results as ``screen_entity`` row by row.
    """
    if threshold < DEFAULT_THRESHOLD:
        return [screen_entity(index, row, threshold=threshold) for row in rows]
    screenable = [
        i
        for i, row in enumerate(rows)
        if row.properties.get("name") and model.get(row.schema) is not None
    ]
    passed = prefilter_many(index, [_prefilter_query(rows[i]) for i in screenable])
    results = [_no_match(row) for row in rows]
    scored = [(i, known) for i, known in zip(screenable, passed, strict=True) if known is not None]
    for start in range(0, len(scored), _LOOK_UP_BATCH):
        group = scored[start : start + _LOOK_UP_BATCH]
        entities = [to_entity(rows[i]) for i, _k in group]
        index.look_up_many(name for entity in entities for name in entity_names(entity))
        for (i, known), entity in zip(group, entities, strict=True):
            results[i] = _score_row(index, rows[i], threshold, entity, known)
    return results


#: Rows that pass the pre-filter whose names are looked up together before scoring: few
#: enough that the index's cache of recent look-ups holds them all.
_LOOK_UP_BATCH = 16


def _score_row(
    index: ScreenIndex,
    row: InputRow,
    threshold: float,
    entity: EntityProxy | None = None,
    known: DateCutoffs | None = None,
) -> ResultRow:
    """Score a row with the matcher: its best hit and the number of matches."""
    names = row.properties["name"]
    entity = entity or to_entity(row)
    total, hits = score_query(
        index, entity, threshold=threshold, cutoff=threshold, limit=1000, known=known
    )
    matches = sum(1 for h in hits if h.match)
    if not hits:
        return ResultRow(row.row_id, names[0], False, 0.0, "", "", "", 0)
    best = hits[0]
    referents = index.entity(best.entry).context.get("referents", [])
    return ResultRow(
        row.row_id,
        names[0],
        best.match,
        round(best.score, 4),
        best.id,
        index.captions[best.entry],
        ";".join(str(r) for r in referents),
        matches,
    )


_WORKER_INDEX: ScreenIndex | None = None


def _screen_chunk(chunk: list[InputRow]) -> list[ResultRow]:
    assert _WORKER_INDEX is not None
    return screen_rows(_WORKER_INDEX, chunk)


def _chunks(rows: Iterable[InputRow], size: int) -> Iterator[list[InputRow]]:
    chunk: list[InputRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def screen_local(
    index: ScreenIndex,
    rows: Iterable[InputRow],
    *,
    workers: int = 1,
    chunk_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ResultRow]:
    """Screen rows in order, in this process or in ``workers`` forked processes."""
    global _WORKER_INDEX
    if workers <= 1:
        for chunk in _chunks(rows, chunk_size):
            results = screen_rows(index, chunk)
            if progress:
                progress(len(results))
            yield from results
        return
    _WORKER_INDEX = index
    warm_up(index)
    index.prepare_entries()
    ctx = multiprocessing.get_context("fork")
    # at most 4 chunks per worker in flight: memory stays bounded whatever the input size
    pending: deque[AsyncResult[list[ResultRow]]] = deque()
    with ctx.Pool(workers) as pool:
        for chunk in _chunks(rows, chunk_size):
            pending.append(pool.apply_async(_screen_chunk, (chunk,)))
            while len(pending) >= 4 * workers:
                yield from _take(pending.popleft(), progress)
        while pending:
            yield from _take(pending.popleft(), progress)


def _take(
    job: AsyncResult[list[ResultRow]], progress: Callable[[int], None] | None
) -> list[ResultRow]:
    results = job.get()
    if progress:
        progress(len(results))
    return results


def write_results(out: TextIO, results: Iterable[ResultRow]) -> Iterator[ResultRow]:
    """Write results as CSV while passing them on."""
    writer = csv.writer(out)
    writer.writerow(RESULT_COLUMNS)
    for row in results:
        writer.writerow(row.as_list())
        yield row

"""The bulk engine on Spark: the same ``screen_entity`` per row, the index broadcast to executors.

The driver reads the index source once and broadcasts its entities as FtM JSON
lines (a few MB for the whole common list); each executor process builds the
index once from the broadcast and screens its partitions of the input.

CSV and Parquet inputs are read by Spark itself, on the executors, so the
driver never holds the rows: a path on shared storage (HDFS, S3, NFS) of
hundreds of millions of rows is read in parallel. A CSV is read as the local
engine reads it: RFC 4180 quoting (doubled quotes, separators and line breaks
inside quotes), a byte order mark dropped, tab-separated when its header line
has a tab, blank lines skipped, any encoding Java knows (``cp1251``,
``koi8-r``…). Rows keep their input order: each is numbered as read, spread
over ``partitions`` contiguous ranges for screening, and written back in order.

Before any row is screened, one pass over the input counts its rows and looks
for bytes the encoding cannot decode (Java's decoder turns them into U+FFFD);
the first such row is refused with its number and column, and nothing is
written. FtM JSON-lines inputs are checked and read on the driver.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from pyspark import RDD, Broadcast
from pyspark.sql import DataFrame, SparkSession

from commonlist.exc import InvalidInput, SourceFormatError
from commonlist.screen.bulk import (
    BulkSummary,
    ColumnMap,
    InputRow,
    ResultRow,
    _check_columns,
    detect_format,
    parse_row,
    read_rows,
    screen_rows,
    write_results,
)
from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.scoring import warm_up
from commonlist.screen.source import EntrySource

_EXECUTOR_INDEX: dict[tuple[str, int], ScreenIndex] = {}
#: Rows screened together: the pre-filter looks each distinct word up once per chunk.
_CHUNK = 256
#: What Java's decoders put in place of bytes they cannot decode.
_REPLACED = "\ufffd"

Numbered = RDD[tuple[int, dict[str, Any]]]


def _executor_index(source: Broadcast[tuple[str, bytes, bytes]]) -> ScreenIndex:
    """The index of a broadcast, built once per executor process and source."""
    version, lines, redirects = source.value
    key = (version, hash(lines))  # a bytes object keeps its hash once computed
    found = _EXECUTOR_INDEX.get(key)
    if found is None:
        from followthemoney.proxy import EntityProxy

        entities = (
            EntityProxy.from_dict(orjson.loads(line)) for line in lines.splitlines() if line
        )
        found = build_index(entities, version=version, redirects=orjson.loads(redirects))
        warm_up(found)
        _EXECUTOR_INDEX.clear()
        _EXECUTOR_INDEX[key] = found
    return found


def _screen_partition(
    source: Broadcast[tuple[str, bytes, bytes]],
    mapping: ColumnMap,
    rows: Iterable[tuple[int, dict[str, Any] | InputRow]],
) -> Iterator[tuple[int, ResultRow]]:
    index = _executor_index(source)
    chunk: list[tuple[int, InputRow]] = []
    for position, values in rows:
        row = values if isinstance(values, InputRow) else parse_row(mapping, values, position + 1)
        chunk.append((position, row))
        if len(chunk) >= _CHUNK:
            yield from _screen_chunk(index, chunk)
            chunk = []
    yield from _screen_chunk(index, chunk)


def _screen_chunk(
    index: ScreenIndex, chunk: list[tuple[int, InputRow]]
) -> Iterator[tuple[int, ResultRow]]:
    results = screen_rows(index, [row for _position, row in chunk])
    return zip((position for position, _row in chunk), results, strict=True)


def spark_charset(spark: SparkSession, encoding: str | None) -> str:
    """The Java name of a Python encoding name, checked against the JVM's charsets.

    Raises:
        InvalidInput: Python or Java does not know the encoding.
    """
    if not encoding:
        return "UTF-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise InvalidInput(f"unknown encoding {encoding!r}") from exc
    name = "UTF-8" if name == "utf-8-sig" else name
    charsets = spark.sparkContext._jvm.java.nio.charset.Charset  # type: ignore[union-attr]
    if not charsets.isSupported(name):
        raise InvalidInput(f"encoding {encoding!r} is not one the Spark engine can read")
    return name


def _first_line(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.readline()


def read_csv(
    spark: SparkSession, path: Path, mapping: ColumnMap, encoding: str | None = None
) -> DataFrame:
    """A CSV file as a frame of its mapped columns, every value a string or null.

    Raises:
        InvalidInput: unknown encoding, or a mapped column missing from the header.
    """
    charset = spark_charset(spark, encoding)
    # Spark 4 reads only a short list of charsets unless told to use all of Java's
    spark.conf.set("spark.sql.legacy.javaCharsets", "true")
    frame = (
        spark.read.option("header", True)
        .option("encoding", charset)
        .option("sep", "\t" if b"\t" in _first_line(path) else ",")
        .option("quote", '"')
        .option("escape", '"')
        # records may span lines; a file is then one read task, screening stays spread out
        .option("multiLine", True)
        .option("mode", "PERMISSIVE")
        .csv(str(path))
    )
    columns = [c.lstrip("\ufeff") for c in frame.columns]
    _check_columns(path.name, columns, mapping)
    frame = frame.toDF(*columns)
    return frame.select(*(f"`{c}`" for c in mapping.columns()))


def _survey(
    check: bool,
) -> Callable[[Iterable[tuple[int, dict[str, Any]]]], Iterator[tuple[int, tuple[int, str] | None]]]:
    def survey(
        rows: Iterable[tuple[int, dict[str, Any]]],
    ) -> Iterator[tuple[int, tuple[int, str] | None]]:
        count, bad = 0, None
        for position, values in rows:
            count += 1
            if check and bad is None:
                for column, value in values.items():
                    if isinstance(value, str) and _REPLACED in value:
                        bad = (position, column)
                        break
        yield count, bad

    return survey


def _numbered(frame: DataFrame) -> Numbered:
    return frame.rdd.zipWithIndex().map(lambda item: (item[1], item[0].asDict()))


def _spread(numbered: Numbered, total: int, slices: int) -> Numbered:
    """Rows spread over ``slices`` partitions of contiguous positions, each in order."""
    if total == 0 or numbered.getNumPartitions() >= slices:
        return numbered
    return numbered.repartitionAndSortWithinPartitions(
        slices, partitionFunc=lambda position: position * slices // total
    )


def screen_spark(
    source: EntrySource,
    input_file: Path,
    out: Path,
    mapping: ColumnMap,
    *,
    encoding: str | None = None,
    master: str = "local[*]",
    partitions: int | None = None,
    spark: SparkSession | None = None,
) -> BulkSummary:
    """Screen a file on Spark and write the same result CSV as the local engine.

    The result file appears only when every row is screened.

    Args:
        source: the entries to screen against (release export or working list).
        input_file: CSV, Parquet or FtM JSON lines.
        out: result CSV.
        mapping: input columns.
        encoding: text encoding of a CSV.
        master: ``local[*]``, ``local[2]``, or a cluster URL (``spark://host:7077``, ``yarn``).
        partitions: partitions rows are screened in (default: Spark's default
            parallelism × 4, or as many as the input is read in, if more).
        spark: a session to use and leave running; by default the active session,
            else one started on ``master`` and stopped at the end.

    Raises:
        InvalidInput: unknown format or encoding, or a mapped column missing.
        SourceFormatError: undecodable bytes (named by row and column), unreadable input.
    """
    spark = spark or SparkSession.getActiveSession()
    own = spark is None
    if spark is None:
        if master.startswith("local"):
            # local workers run this interpreter, whose environment has commonlist installed
            # (pyspark reads the worker's interpreter from PYSPARK_PYTHON, default "python3")
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = (
            SparkSession.builder.master(master)
            .appName("commonlist-screen")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.python.worker.reuse", "true")
            .getOrCreate()
        )
    partial = out.with_name(out.name + ".partial")
    try:
        context = spark.sparkContext
        slices = partitions or max(context.defaultParallelism * 4, 1)
        kind = detect_format(input_file)
        numbered: RDD[tuple[int, Any]]
        if kind in ("csv", "parquet"):
            if kind == "csv":
                frame = read_csv(spark, input_file, mapping, encoding)
            else:
                frame = _read_parquet(spark, input_file, mapping)
            numbered = _numbered(frame)
            counts = numbered.mapPartitions(_survey(kind == "csv")).collect()
            bad = min((b for _n, b in counts if b is not None), default=None)
            if bad is not None:
                position, column = bad
                raise SourceFormatError(
                    f"bytes that are not {spark_charset(spark, encoding)}; "
                    "save the file as UTF-8 or give its encoding",
                    file=input_file.name,
                    ref=f"row {position + 1}",
                    field=column,
                )
            numbered = _spread(numbered, sum(n for n, _b in counts), slices)
        else:
            _count, rows = read_rows(input_file, mapping, fmt=kind, max_bytes=sys.maxsize)
            numbered = context.parallelize(list(enumerate(rows)), slices)
        lines = b"\n".join(orjson.dumps(e.to_dict()) for e in source.entities)
        broadcast = context.broadcast((source.version, lines, orjson.dumps(source.redirects)))
        screened = numbered.mapPartitions(lambda part: _screen_partition(broadcast, mapping, part))
        results = (row for _pos, row in screened.toLocalIterator())
        summary = BulkSummary()
        with partial.open("w", encoding="utf-8", newline="") as handle:
            for row in write_results(handle, results):
                summary.add(row)
        partial.replace(out)
        return summary
    finally:
        partial.unlink(missing_ok=True)
        if own:
            spark.stop()


def _read_parquet(spark: SparkSession, path: Path, mapping: ColumnMap) -> DataFrame:
    frame = spark.read.parquet(str(path))
    _check_columns(path.name, frame.columns, mapping)
    return frame.select(*(f"`{c}`" for c in mapping.columns()))

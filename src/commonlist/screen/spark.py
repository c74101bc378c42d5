"""The bulk engine on Spark: the same ``screen_entity`` per row, the index broadcast to executors.

The driver reads the index source once and broadcasts its entities as FtM JSON
lines (a few MB for the whole common list); each executor process builds the
index once from the broadcast and screens its partitions of the input. Parquet
input is read by Spark itself (a path on shared storage: HDFS, S3, NFS), so a
cluster reads hundreds of millions of rows in parallel; CSV and FtM inputs are
checked and read on the driver. Results stream back in input order
(``toLocalIterator``) into the same CSV the local engine writes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson
from pyspark import Broadcast
from pyspark.sql import SparkSession

from commonlist.screen.bulk import (
    BulkSummary,
    ColumnMap,
    InputRow,
    ResultRow,
    detect_format,
    parse_row,
    read_rows,
    screen_entity,
    write_results,
)
from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.scoring import warm_up
from commonlist.screen.source import EntrySource
from commonlist.settings import get_settings

_EXECUTOR_INDEX: dict[int, ScreenIndex] = {}


def _executor_index(source: Broadcast[tuple[str, bytes, bytes]]) -> ScreenIndex:
    """The index of a broadcast, built once per executor process."""
    key = id(source)
    found = _EXECUTOR_INDEX.get(key)
    if found is None:
        from followthemoney.proxy import EntityProxy

        version, lines, redirects = source.value
        entities = (
            EntityProxy.from_dict(orjson.loads(line)) for line in lines.splitlines() if line
        )
        found = build_index(entities, version=version, redirects=orjson.loads(redirects))
        warm_up(found)
        _EXECUTOR_INDEX.clear()
        _EXECUTOR_INDEX[key] = found
    return found


def _screen_partition(
    source: Broadcast[tuple[str, bytes, bytes]], rows: Iterable[tuple[int, InputRow]]
) -> Iterator[tuple[int, ResultRow]]:
    index = _executor_index(source)
    for position, row in rows:
        yield position, screen_entity(index, row)


def screen_spark(
    source: EntrySource,
    input_file: Path,
    out: Path,
    mapping: ColumnMap,
    *,
    encoding: str | None = None,
    master: str = "local[*]",
    partitions: int | None = None,
) -> BulkSummary:
    """Screen a file on Spark and write the same result CSV as the local engine.

    Args:
        source: the entries to screen against (release export or working list).
        input_file: CSV, Parquet or FtM JSON lines.
        out: result CSV.
        mapping: input columns.
        encoding: text encoding of a CSV.
        master: ``local[*]``, ``local[2]``, or a cluster URL (``spark://host:7077``, ``yarn``).
        partitions: input partitions (default: Spark's default parallelism × 4).
    """
    _count, rows = read_rows(
        input_file, mapping, encoding=encoding, max_bytes=get_settings().max_import_bytes
    )
    builder = (
        SparkSession.builder.master(master)
        .appName("commonlist-screen")
        .config("spark.ui.enabled", "false")
        .config("spark.python.worker.reuse", "true")
    )
    if master.startswith("local"):
        # local workers run this interpreter, whose environment has commonlist installed
        # (pyspark reads the worker's interpreter from PYSPARK_PYTHON, default "python3")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        context = spark.sparkContext
        lines = b"\n".join(orjson.dumps(e.to_dict()) for e in source.entities)
        broadcast = context.broadcast((source.version, lines, orjson.dumps(source.redirects)))
        slices = partitions or max(context.defaultParallelism * 4, 1)
        if detect_format(input_file) == "parquet":
            frame = spark.read.parquet(str(input_file)).select(*mapping.columns())
            numbered = (
                (frame.rdd.repartition(slices) if partitions else frame.rdd)
                .zipWithIndex()
                .map(lambda item: (item[1], parse_row(mapping, item[0].asDict(), item[1] + 1)))
            )
        else:
            numbered = context.parallelize(list(enumerate(rows)), slices)
        rdd = numbered.mapPartitions(lambda part: _screen_partition(broadcast, part))
        results = (row for _pos, row in rdd.toLocalIterator())
        summary = BulkSummary()
        with out.open("w", encoding="utf-8", newline="") as handle:
            for row in write_results(handle, results):
                summary.add(row)
        return summary
    finally:
        spark.stop()

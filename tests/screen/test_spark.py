"""The Spark engine reads CSV and Parquet on the executors and writes what the local engine writes."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from followthemoney.proxy import EntityProxy

from commonlist.exc import InvalidInput, SourceFormatError
from commonlist.screen.bulk import ColumnMap, read_rows, screen_local, write_results
from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.scoring import warm_up
from commonlist.screen.source import EntrySource

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (extra 'spark')")

from pyspark.sql import SparkSession  # noqa: E402

from commonlist.screen.spark import screen_spark  # noqa: E402

MAPPING = ColumnMap(name="full name", birth_date="dob", id="id")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def listed(entities: list[EntityProxy]) -> list[EntityProxy]:
    """A part of the UN list and the two merged entries: each executor indexes it quickly."""
    return [*entities[:150], *entities[-2:]]


@pytest.fixture(scope="module")
def source(listed: list[EntityProxy]) -> EntrySource:
    return EntrySource("test-1", listed, {"CL-000009": "CL-000001"})


@pytest.fixture(scope="module")
def index(listed: list[EntityProxy]) -> ScreenIndex:
    built = build_index(listed, version="test-1", redirects={"CL-000009": "CL-000001"})
    warm_up(built)
    return built


def customer_rows(entities: list[EntityProxy]) -> list[list[str]]:
    """Listed names in several spellings, and others, with the awkward corners of real CSV."""
    rows: list[list[str]] = []
    for number, entity in enumerate(entities[:60]):
        name = entity.first("name") or ""
        dob = entity.first("birthDate") or ""
        rows.append([f"c{number}", name, dob])
        rows.append(
            [f"n{number}", f"Customer {number} Ordinary", "1990-01-0" + str(number % 9 + 1)]
        )
    rows += [
        ["q1", 'Sidorov, Ivan "Vanya"', "1970-05-01"],  # separator and doubled quotes
        ["q2", "Иван\nСидоров", "1970"],  # a line break inside a quoted field
        ["q3", "Фонд Северное сияние", ""],
        ["q4"],  # a short row: the other columns are empty
        ["q5", "  Northern Lights Charity Foundation  ", ""],
    ]
    return rows


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(["id", "full name", "dob"])
    for number, row in enumerate(rows):
        writer.writerow(row)
        if number == 3:
            text.write("\r\n")  # a blank line, skipped by both engines
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def local_result(index: ScreenIndex, path: Path, out: Path, encoding: str | None = None) -> str:
    _count, rows = read_rows(path, MAPPING, encoding=encoding, max_bytes=1 << 30)
    with out.open("w", encoding="utf-8", newline="") as handle:
        for _row in write_results(handle, screen_local(index, rows)):
            pass
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251"])
def test_csv_read_by_spark_gives_the_local_result(
    spark: SparkSession,
    source: EntrySource,
    index: ScreenIndex,
    entities: list[EntityProxy],
    tmp_path: Path,
    encoding: str,
) -> None:
    rows = [
        [value.encode(encoding, "replace").decode(encoding) for value in row]
        for row in customer_rows(entities)
    ]
    path = write_csv(tmp_path / "customers.csv", rows, encoding=encoding)
    expected = local_result(index, path, tmp_path / "local.csv", encoding)
    out = tmp_path / "spark.csv"
    summary = screen_spark(source, path, out, MAPPING, encoding=encoding, partitions=3, spark=spark)
    assert out.read_text(encoding="utf-8") == expected
    assert summary.rows == len(rows)
    assert summary.matched_rows >= 40  # the listed names, and the Sidorov spellings
    results = list(csv.DictReader(io.StringIO(expected)))
    by_id = {r["row_id"]: r for r in results}
    assert by_id["q2"]["match"] == "true" and by_id["q2"]["entity_id"] == "CL-000001"
    assert by_id["q4"]["match"] == "false"
    assert [r["row_id"] for r in results] == [row[0] for row in rows]


def test_parquet_rows_keep_their_order_over_partitions(
    spark: SparkSession,
    source: EntrySource,
    index: ScreenIndex,
    entities: list[EntityProxy],
    tmp_path: Path,
) -> None:
    rows = [r + [""] * (3 - len(r)) for r in customer_rows(entities)]
    path = tmp_path / "customers.parquet"
    table = pa.table(
        {k: [r[i] or None for r in rows] for i, k in enumerate(["id", "full name", "dob"])}
    )
    pq.write_table(table, path)
    expected = local_result(index, path, tmp_path / "local.csv")
    out = tmp_path / "spark.csv"
    screen_spark(source, path, out, MAPPING, partitions=5, spark=spark)
    assert out.read_text(encoding="utf-8") == expected


def test_undecodable_bytes_are_refused_by_row_and_column(
    spark: SparkSession, source: EntrySource, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(
        b"id,full name,dob\nc1,Ivan Sidorov,1970\nc2,"
        + "Сидоров".encode("cp1251")
        + b",1970\nc3,Maria,\n"
    )
    out = tmp_path / "out.csv"
    with pytest.raises(SourceFormatError) as err:
        screen_spark(source, path, out, MAPPING, spark=spark)
    message = str(err.value)
    assert "customers.csv" in message and "row 2" in message and "full name" in message
    assert "UTF-8" in message
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_a_missing_column_or_unknown_encoding_is_refused_before_screening(
    spark: SparkSession, source: EntrySource, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("id,name\nc1,Ivan Sidorov\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(InvalidInput, match="no column 'full name'"):
        screen_spark(source, path, out, MAPPING, spark=spark)
    with pytest.raises(InvalidInput, match="unknown encoding 'latin-99'"):
        screen_spark(source, path, out, ColumnMap(name="name"), encoding="latin-99", spark=spark)
    assert not out.exists()

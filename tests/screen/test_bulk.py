"""Bulk inputs are read a block at a time; workers give the rows in order, as one process does."""

from __future__ import annotations

import pickle
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from commonlist.exc import SourceFormatError
from commonlist.screen.bulk import ColumnMap, InputRow, read_rows, screen_local
from commonlist.screen.index import ScreenIndex


def test_csv_streamed_with_short_rows_and_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    body = "".join(f"Person {i},1970\n" for i in range(50_000))
    path.write_text(f'\ufeffname,dob\n"Ivan\nSidorov",1970-05-01\nShort\n{body}', "utf-8")
    count, rows = read_rows(path, ColumnMap(birth_date="dob"), max_bytes=10**8)
    got = list(rows)
    assert count == len(got) == 50_002
    assert got[0].properties == {"name": ["Ivan\nSidorov"], "birthDate": ["1970-05-01"]}
    assert got[1].properties == {"name": ["Short"]} and got[1].schema == "LegalEntity"


def test_late_undecodable_byte_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    body = "".join(f"Person {i}\n" for i in range(300_000)).encode()
    path.write_bytes(b"name\n" + body + "Jos\xe9\n".encode("latin-1"))
    with pytest.raises(SourceFormatError, match="line 300002"):
        read_rows(path, ColumnMap(), max_bytes=10**8)
    count, _rows = read_rows(path, ColumnMap(), max_bytes=10**8, encoding="latin-1")
    assert count == 300_001


def test_parquet_batches(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    names = [f"Person {i}" for i in range(100_000)]
    pq.write_table(pa.table({"name": names, "other": list(range(100_000))}), path)
    count, rows = read_rows(path, ColumnMap(), max_bytes=10**8)
    got = [r.properties["name"][0] for r in rows]
    assert count == 100_000 and got == names


def test_workers_keep_order_and_results(index: ScreenIndex, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    lines = ["Ivan Petrovich Sidorov", "Nobody Here", "Иван Сидоров"] * 40
    path.write_text("name\n" + "\n".join(lines) + "\n", "utf-8")
    _n, rows = read_rows(path, ColumnMap(), max_bytes=10**6)
    one = list(screen_local(index, rows))
    _n, rows = read_rows(path, ColumnMap(), max_bytes=10**6)
    two = list(screen_local(index, rows, workers=2, chunk_size=7))
    assert one == two and len(two) == 120
    assert [r.match for r in two[:3]] == [True, False, True]


def test_rows_and_results_pickle_as_they_are(index: ScreenIndex) -> None:
    """Rows and results cross to the workers and back pickled: every field survives."""
    row = InputRow("c-1", "Person", {"name": ["Иван Сидоров"], "birthDate": ["1970-05-01"]})
    back = pickle.loads(pickle.dumps(row))
    assert back == row and type(back) is InputRow
    result = next(screen_local(index, [row]))
    assert result.match and result.score > 0.7
    again = pickle.loads(pickle.dumps(result))
    assert again == result and again.as_list() == result.as_list()

"""A release file's entries dated from the deltas and manifests of its release folder."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from commonlist.exc import SourceFormatError
from commonlist.screen.source import change_dates


def _release(parent: Path, number: int, made: str, ops: list[dict[str, str]]) -> Path:
    folder = parent / f"{number:04d}"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_bytes(orjson.dumps({"release": number, "created_at": made}))
    (folder / "delta.jsonl").write_bytes(b"".join(orjson.dumps(op) + b"\n" for op in ops))
    return folder


def test_each_entry_dated_by_the_release_that_last_added_or_amended_it(tmp_path: Path) -> None:
    _release(tmp_path, 1, "2026-01-01T00:00:00+00:00", [{"op": "add", "id": i} for i in "ABC"])
    _release(tmp_path, 2, "2026-02-01T00:00:00+00:00", [{"op": "amend", "id": "B"}])
    third = _release(
        tmp_path,
        3,
        "2026-03-01T00:00:00+00:00",
        [{"op": "remove", "id": "C"}, {"op": "add", "id": "D"}],
    )
    assert change_dates(third) == {
        "A": "2026-01-01T00:00:00+00:00",
        "B": "2026-02-01T00:00:00+00:00",
        "C": "2026-01-01T00:00:00+00:00",  # removed since: not served, never asked
        "D": "2026-03-01T00:00:00+00:00",
    }
    # the walk stops at a release folder that is gone: older entries have no date
    for path in (tmp_path / "0001").iterdir():
        path.unlink()
    assert change_dates(third) == {
        "B": "2026-02-01T00:00:00+00:00",
        "D": "2026-03-01T00:00:00+00:00",
    }
    assert change_dates(tmp_path / "exports") == {}  # not a release folder


def test_a_broken_delta_or_manifest_is_named(tmp_path: Path) -> None:
    folder = _release(tmp_path, 1, "2026-01-01", [{"op": "add", "id": "A"}])
    with (folder / "delta.jsonl").open("ab") as handle:
        handle.write(b'{"op": "add"}\n')
    with pytest.raises(SourceFormatError) as error:
        change_dates(folder)
    assert "delta.jsonl" in str(error.value) and "line 2" in str(error.value)
    (folder / "manifest.json").write_bytes(b"{}")
    with pytest.raises(SourceFormatError, match="created_at"):
        change_dates(folder)

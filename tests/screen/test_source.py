"""A release file's entries dated from the deltas and manifests of its release folder."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from commonlist.exc import SourceFormatError
from commonlist.screen.source import release_dates


def _release(parent: Path, number: int, made: str, ops: list[dict[str, str]]) -> Path:
    folder = parent / f"{number:04d}"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_bytes(orjson.dumps({"release": number, "created_at": made}))
    (folder / "delta.jsonl").write_bytes(b"".join(orjson.dumps(op) + b"\n" for op in ops))
    return folder


def test_each_entry_dated_by_the_releases_that_added_and_changed_it(tmp_path: Path) -> None:
    jan, feb, mar = (f"2026-0{m}-01T00:00:00+00:00" for m in (1, 2, 3))
    _release(tmp_path, 1, jan, [{"op": "add", "id": i} for i in "ABC"])
    _release(tmp_path, 2, feb, [{"op": "amend", "id": "B"}, {"op": "remove", "id": "A"}])
    third = _release(tmp_path, 3, mar, [{"op": "add", "id": "A"}, {"op": "add", "id": "D"}])
    dates = release_dates(third)
    assert dates is not None and dates.made == mar
    # A, removed and listed again, was first seen in January
    assert dates.first_seen == {"A": jan, "B": jan, "C": jan, "D": mar}
    assert dates.last_change == {"A": mar, "B": feb, "C": jan, "D": mar}
    # the walk stops at a release folder that is gone: what came before is not known
    for path in (tmp_path / "0001").iterdir():
        path.unlink()
    dates = release_dates(third)
    assert dates is not None
    assert dates.first_seen == {"A": mar, "D": mar}
    assert dates.last_change == {"A": mar, "B": feb, "D": mar}
    assert release_dates(tmp_path / "exports") is None  # not a release folder
    assert release_dates(tmp_path / "0001") is None  # no manifest


def test_a_broken_delta_or_manifest_is_named(tmp_path: Path) -> None:
    folder = _release(tmp_path, 1, "2026-01-01", [{"op": "add", "id": "A"}])
    with (folder / "delta.jsonl").open("ab") as handle:
        handle.write(b'{"op": "add"}\n')
    with pytest.raises(SourceFormatError) as error:
        release_dates(folder)
    assert "delta.jsonl" in str(error.value) and "line 2" in str(error.value)
    (folder / "delta.jsonl").unlink()
    with pytest.raises(SourceFormatError, match="without its delta"):
        release_dates(folder)
    (folder / "manifest.json").write_bytes(b"{}")
    with pytest.raises(SourceFormatError, match="created_at"):
        release_dates(folder)

"""Background imports from the web: a page always reads a consistent job, and a job always ends."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import Engine

from commonlist.access.roles import Principal
from commonlist.web.uploads import UploadJob, get_job, start_import


def _wait(job_id: str) -> UploadJob:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = get_job(job_id)
        assert job is not None
        if job.state != "running":
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still running after 30 s")


def _start(engine: Engine, path: Path) -> UploadJob:
    """An import for a member the registry does not know: it must end as failed."""
    return start_import(
        engine,
        Principal.system("web-test"),
        path,
        member="ZZ",
        max_bytes=1_000_000,
        format_name=None,
        encoding=None,
    )


def test_a_refused_import_ends_failed_with_its_reason(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("not,a,list\n1,2,3\n", encoding="utf-8")
    job = _start(engine, path)
    done = _wait(job.id)
    assert done.state == "failed"
    assert done.batch_id is None
    assert done.error


def test_a_page_gets_a_snapshot_not_the_live_job(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("x\n", encoding="utf-8")
    job = _start(engine, path)
    _wait(job.id)
    snapshot = get_job(job.id)
    assert snapshot is not None and snapshot is not job
    snapshot.state = "done"  # a reader's copy cannot change what others see
    again = get_job(job.id)
    assert again is not None and again.state == "failed"

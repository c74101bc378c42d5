"""Bulk jobs survive a restart of the service: finished jobs stay, interrupted ones run again."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

from commonlist.screen.bulk import ColumnMap
from commonlist.screen.index import ScreenIndex
from commonlist.screen.jobs import Job, JobRunner
from commonlist.screen.service import IndexHolder

CSV = b"id,name,dob\nc1,Ivan Petrovich Sidorov,1970-05-01\nc2,Jane Q. Public,1980\nc3,\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\xa1\xd0\xb8\xd0\xb4\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb2,\n"


def runner(index: ScreenIndex, root: Path) -> JobRunner:
    return JobRunner(IndexHolder(index), root, max_bytes=1_000_000)


def wait(jobs: JobRunner, job_id: str) -> Job:
    for _ in range(400):
        job = jobs.get(job_id, client="bank")
        if job.status in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def submit(jobs: JobRunner) -> Job:
    mapping = ColumnMap(name="name", birth_date="dob", id="id")
    return jobs.create(client="bank", filename="c.csv", data=CSV, mapping=mapping)


def result_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [r["row_id"] for r in csv.DictReader(fh)]


def test_finished_job_reported_after_restart(index: ScreenIndex, tmp_path: Path) -> None:
    first = runner(index, tmp_path)
    job = wait(first, submit(first).id)
    first.shutdown()
    second = runner(index, tmp_path)
    again = second.get(job.id, client="bank")
    assert again == job and again.status == "done" and again.matches == 2
    assert result_ids(second.result_path(job.id, client="bank")) == ["c1", "c2", "c3"]
    second.shutdown()


def finished_job_state(index: ScreenIndex, root: Path, **state: object) -> tuple[Job, Path]:
    """Run one job to the end, stop the service and overwrite fields of its stored state."""
    first = runner(index, root)
    job = wait(first, submit(first).id)
    first.shutdown()
    folder = root / job.id
    stored = json.loads((folder / "job.json").read_text())
    (folder / "job.json").write_text(json.dumps({**stored, **state}))
    return job, folder


def test_interrupted_job_runs_again(index: ScreenIndex, tmp_path: Path) -> None:
    # what a service killed mid-job leaves: state "running", a partial result file
    job, folder = finished_job_state(index, tmp_path, status="running", done=1)
    (folder / "result.csv").rename(folder / "result.csv.part")
    second = runner(index, tmp_path)
    resumed = wait(second, job.id)
    assert resumed.status == "done" and resumed.done == 3 and resumed.matches == 2
    assert result_ids(second.result_path(job.id, client="bank")) == ["c1", "c2", "c3"]
    second.shutdown()


def test_interrupted_job_without_upload_fails(index: ScreenIndex, tmp_path: Path) -> None:
    job, folder = finished_job_state(index, tmp_path, status="queued")
    (folder / "input-c.csv").unlink()
    second = runner(index, tmp_path)
    failed = second.get(job.id, client="bank")
    assert failed.status == "failed" and failed.error == "interrupted by a restart"
    assert json.loads((folder / "job.json").read_text())["status"] == "failed"
    second.shutdown()

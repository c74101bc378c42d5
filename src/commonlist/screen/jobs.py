"""Bulk screening jobs of the API: upload → checked at once → screened in the background.

A job lives in its own folder under ``<data_dir>/screen-jobs/<id>/`` (the upload,
``request.json``, ``result.csv`` and ``job.json``), belongs to the client that
created it, and runs on one background worker so that jobs never starve
interactive screening. The folders are the job state: a restarted service
reports finished jobs as before and screens interrupted ones again from the
first row (a job whose upload is gone is marked failed).
"""

from __future__ import annotations

import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

import structlog

from commonlist.exc import CommonListError, NotFound
from commonlist.registry.clock import utcnow
from commonlist.screen.bulk import BulkSummary, ColumnMap, read_rows, screen_local, write_results
from commonlist.screen.service import IndexHolder

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    client: str
    status: str  # queued | running | done | failed
    rows: int
    done: int
    matches: int
    created_at: datetime
    finished_at: datetime | None = None
    error: str | None = None


class JobRunner:
    """Creates, runs and reports bulk jobs; one job screens at a time."""

    def __init__(self, holder: IndexHolder, root: Path, *, max_bytes: int) -> None:
        self._holder = holder
        self._root = root
        self.max_bytes = max_bytes
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screen-job")
        if root.is_dir():
            for state in sorted(root.glob("*/job.json")):
                self._restore(state.parent)

    def create(
        self,
        *,
        client: str,
        filename: str,
        data: bytes,
        mapping: ColumnMap,
        fmt: str | None = None,
        encoding: str | None = None,
    ) -> Job:
        """Store an upload, check it (format, encoding, columns, size) and queue it."""
        job_id = secrets.token_hex(8)
        folder = self._root / job_id
        folder.mkdir(parents=True)
        safe = Path(filename or "upload").name or "upload"
        path = folder / f"input-{safe}"
        path.write_bytes(data)
        try:
            count, _rows = read_rows(
                path, mapping, fmt=fmt, encoding=encoding, max_bytes=self.max_bytes
            )
        except CommonListError:
            path.unlink()
            folder.rmdir()
            raise
        request = {"input": path.name, "mapping": asdict(mapping), "fmt": fmt, "encoding": encoding}
        (folder / "request.json").write_text(json.dumps(request), encoding="utf-8")
        job = Job(job_id, client, "queued", count, 0, 0, utcnow())
        self._set(job)
        self._pool.submit(self._run, job_id, path, mapping, fmt, encoding)
        return job

    def _restore(self, folder: Path) -> None:
        """Take up a job folder left by an earlier run of the service."""
        data = json.loads((folder / "job.json").read_text(encoding="utf-8"))
        for key in ("created_at", "finished_at"):
            if data.get(key):
                data[key] = datetime.fromisoformat(data[key])
        job = Job(**data)
        if job.status in ("done", "failed"):
            with self._lock:
                self._jobs[job.id] = job
            return
        request_file = folder / "request.json"
        request = json.loads(request_file.read_text("utf-8")) if request_file.exists() else None
        path = folder / request["input"] if request else None
        if request is None or path is None or not path.exists():
            job = replace(
                job, status="failed", error="interrupted by a restart", finished_at=utcnow()
            )
            self._set(job)
            return
        log.info("screening job resumed after a restart", job=job.id, rows=job.rows)
        self._set(replace(job, status="queued", done=0, matches=0))
        mapping = ColumnMap(**request["mapping"])
        self._pool.submit(self._run, job.id, path, mapping, request["fmt"], request["encoding"])

    def get(self, job_id: str, *, client: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.client != client:
            raise NotFound(f"no screening job {job_id!r} of {client}")
        return job

    def result_path(self, job_id: str, *, client: str) -> Path:
        job = self.get(job_id, client=client)
        if job.status != "done":
            raise NotFound(f"job {job_id} has no result yet (status: {job.status})")
        return self._root / job_id / "result.csv"

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _set(self, job: Job) -> None:
        """Store a job's state on disk, then show it: a reader that sees a job finished
        finds its state file written."""
        data = {
            k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(job).items()
        }
        state = self._root / job.id / "job.json"
        state.with_suffix(".part").write_text(json.dumps(data), encoding="utf-8")
        state.with_suffix(".part").replace(state)  # never a half-written state file
        with self._lock:
            self._jobs[job.id] = job

    def _run(
        self, job_id: str, path: Path, mapping: ColumnMap, fmt: str | None, encoding: str | None
    ) -> None:
        job = replace(self._jobs[job_id], status="running")
        self._set(job)
        index = self._holder.current
        summary = BulkSummary()
        try:
            _count, rows = read_rows(
                path, mapping, fmt=fmt, encoding=encoding, max_bytes=self.max_bytes
            )
            partial = path.parent / "result.csv.part"
            with partial.open("w", encoding="utf-8", newline="") as out:
                for n, row in enumerate(write_results(out, screen_local(index, rows)), start=1):
                    summary.add(row)
                    if n % 100 == 0:
                        job = replace(job, done=n, matches=summary.matched_rows)
                        with self._lock:
                            self._jobs[job_id] = job
            partial.replace(path.parent / "result.csv")  # complete results only, even on a crash
            job = replace(
                job,
                status="done",
                done=summary.rows,
                matches=summary.matched_rows,
                finished_at=utcnow(),
            )
        except CommonListError as exc:
            job = replace(job, status="failed", error=exc.detail, finished_at=utcnow())
        log.info(
            "screening job finished",
            job=job_id,
            status=job.status,
            rows=job.done,
            index=index.info.version,
        )
        self._set(job)

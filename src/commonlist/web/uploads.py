"""Uploaded national lists imported in the background, so the browser can watch the progress.

The upload is saved under ``data_dir/uploads/<job>/`` with its own file name (the
importers detect the format from it), then ``policy.actions.submit_import`` runs in
a thread: the same all-or-nothing import, four-eyes submission and audit event as
the CLI and the API. Jobs live in this process only; a finished job points at its
import batch, whose report is in the registry.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import structlog
from sqlalchemy import Engine

from commonlist.access.roles import Principal
from commonlist.exc import CommonListError, FileTooLarge, InvalidInput, SourceFormatError
from commonlist.policy.actions import submit_import

log = structlog.get_logger(__name__)

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class UploadJob:
    id: str
    member: str
    user: str
    file_name: str
    started: float = field(default_factory=time.monotonic)
    state: str = "running"  # running | done | failed
    batch_id: int | None = None
    error: str | None = None
    error_where: str | None = None  # "line 3 (id KZ-009)"
    error_field: str | None = None

    @property
    def seconds(self) -> int:
        return int(time.monotonic() - self.started)


_jobs: dict[str, UploadJob] = {}
_lock = threading.Lock()


def safe_name(name: str) -> str:
    """A file name without folders or odd characters; keeps the extension for detection."""
    base = Path(name.replace("\\", "/")).name
    cleaned = _SAFE.sub("_", base).strip("._")
    if not cleaned:
        raise InvalidInput("the uploaded file has no usable name")
    return cleaned[:200]


def save_upload(folder: Path, name: str, chunks: list[bytes], *, max_bytes: int) -> Path:
    """Write the upload; refuse an empty or too large one before anything is imported."""
    size = sum(len(c) for c in chunks)
    if size == 0:
        raise InvalidInput("the uploaded file is empty")
    if size > max_bytes:
        raise FileTooLarge(f"the file has {size:,} bytes; the limit is {max_bytes:,}", file=name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(name)
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return path


def start_import(
    engine: Engine,
    principal: Principal,
    path: Path,
    *,
    member: str,
    max_bytes: int,
    format_name: str | None,
    encoding: str | None,
) -> UploadJob:
    """Run the import in a thread; returns the job to poll."""
    job = UploadJob(secrets.token_urlsafe(8), member, principal.name, path.name)
    with _lock:
        _jobs[job.id] = job

    def finish(**outcome: object) -> None:
        # one step under the lock, so a reader never sees "done" without its batch
        with _lock:
            for key, value in outcome.items():
                setattr(job, key, value)

    def run() -> None:
        try:
            submitted = submit_import(
                engine,
                principal,
                path,
                member=member,
                max_bytes=max_bytes,
                format_name=format_name,
                encoding=encoding,
            )
        except SourceFormatError as exc:
            finish(error=exc.message, error_where=exc.ref, error_field=exc.field, state="failed")
        except CommonListError as exc:
            finish(error=exc.detail, state="failed")
        except Exception:  # the page must not wait forever on a crashed import
            log.exception("web import crashed", member=member, job=job.id)
            finish(error="the import failed unexpectedly; nothing was changed", state="failed")
        else:
            finish(batch_id=submitted.result.batch_id, state="done")
        log.info("web import finished", member=member, job=job.id, state=job.state)

    threading.Thread(target=run, name=f"import-{job.id}", daemon=True).start()
    return job


def get_job(job_id: str) -> UploadJob | None:
    """A snapshot of the job: its fields do not change while a page is rendered from it."""
    with _lock:
        job = _jobs.get(job_id)
        return None if job is None else dataclasses.replace(job)

"""Importing a member's list file: parse everything, then write it in one transaction.

Re-importing a newer snapshot of the same list is an update. Records are matched
by their stable ID (the list's own identifier): a changed record gets a new
version, a record missing from the new file is *withdrawn by that member*
(never deleted), and a withdrawn record that comes back is reinstated.
A file that fails anywhere leaves the registry exactly as it was; the refusal
itself is recorded as a failed batch so that members can see what went wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.orm import Session

from commonlist.exc import CommonListError, SourceFormatError
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.registry.members import get_member
from commonlist.registry.tables import ImportBatchRow, RecordVersionRow, SourceRecordRow
from commonlist.sources.catalog import detect_format, get_format
from commonlist.sources.model import ParsedRecord, record_id

log = structlog.get_logger(__name__)

#: ``progress(phase, done, total)``; phase is "parse" (total unknown) or "write".
Progress = Callable[[str, int, int | None], None]

ACTIVE = "active"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one import did, as shown to the member."""

    batch_id: int
    member: str
    file_name: str
    format: str
    sha256: str
    status: str  # committed | failed
    total: int = 0
    added: int = 0
    changed: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    errors: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    started_at: datetime | None = None
    finished_at: datetime | None = None


def file_digest(path: Path) -> str:
    """SHA-256 of a file, or of every file of a folder (names and contents, sorted)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for item in files:
        if path.is_dir():
            digest.update(item.name.encode() + b"\0")
        with item.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def parse_file(
    path: Path,
    *,
    format_name: str | None = None,
    encoding: str | None = None,
    max_bytes: int,
    progress: Progress | None = None,
) -> tuple[str, list[ParsedRecord]]:
    """Parse a whole list file; raises on the first bad record or a duplicated ID."""
    if not path.exists():
        raise SourceFormatError("no such file or folder", file=str(path))
    fmt = get_format(format_name) if format_name else detect_format(path)
    records: list[ParsedRecord] = []
    seen: dict[str, str] = {}
    for record in fmt.parse(path, encoding=encoding, max_bytes=max_bytes):
        if record.native_id in seen:
            raise SourceFormatError(
                f"identifier {record.native_id!r} appears twice (first at {seen[record.native_id]})",
                file=path.name,
                ref=record.ref,
                field="id",
            )
        seen[record.native_id] = record.ref
        records.append(record)
        if progress is not None and len(records) % 250 == 0:
            progress("parse", len(records), None)
    if not records:
        raise SourceFormatError(f"no records found for format {fmt.name}", file=path.name)
    if progress is not None:
        progress("parse", len(records), len(records))
    return fmt.name, records


def import_file(
    engine: Engine,
    path: Path,
    *,
    member: str,
    actor: str,
    max_bytes: int,
    format_name: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a list file for a member, atomically. Raises on failure after logging it."""
    started = utcnow()
    with transaction(engine) as session:
        member = get_member(session, member).code
    sha = file_digest(path) if path.exists() else ""
    fmt_label = format_name or "?"
    try:
        fmt_label, records = parse_file(
            path, format_name=format_name, encoding=encoding, max_bytes=max_bytes, progress=progress
        )
        with transaction(engine) as session:
            result = write_records(
                session,
                records,
                member=member,
                file_name=path.name,
                sha256=sha,
                format_name=fmt_label,
                actor=actor,
                started_at=started,
                progress=progress,
            )
    except CommonListError as exc:
        _record_failure(engine, member, path.name, sha, fmt_label, actor, started, exc)
        raise
    log.info("import committed", member=member, file=path.name, batch=result.batch_id)
    return result


def _record_failure(
    engine: Engine,
    member: str,
    file_name: str,
    sha: str,
    fmt: str,
    actor: str,
    started: datetime,
    exc: CommonListError,
) -> None:
    error: dict[str, Any] = {"message": exc.detail}
    if isinstance(exc, SourceFormatError):
        error.update({"file": exc.file, "ref": exc.ref, "field": exc.field, "reason": exc.message})
    with transaction(engine) as session:
        session.add(
            ImportBatchRow(
                member_code=member,
                file_name=file_name,
                sha256=sha,
                format=fmt,
                actor=actor,
                status="failed",
                started_at=started,
                finished_at=utcnow(),
                errors=[error],
            )
        )
    log.warning("import refused", member=member, file=file_name, error=exc.detail)


def write_records(
    session: Session,
    records: Iterable[ParsedRecord],
    *,
    member: str,
    file_name: str,
    sha256: str,
    format_name: str,
    actor: str,
    started_at: datetime | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Apply a full snapshot of a member's list inside the caller's transaction."""
    now = utcnow()
    records = list(records)
    batch = ImportBatchRow(
        member_code=member,
        file_name=file_name,
        sha256=sha256,
        format=format_name,
        actor=actor,
        status="committed",
        started_at=started_at or now,
        finished_at=now,
        errors=[],
    )
    session.add(batch)
    session.flush()
    existing = {
        row.id: row
        for row in session.execute(
            select(
                SourceRecordRow.id,
                SourceRecordRow.status,
                SourceRecordRow.version,
                SourceRecordRow.content_hash,
            ).where(SourceRecordRow.member_code == member)
        )
    }
    new_heads: list[dict[str, Any]] = []
    head_updates: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    counts = {"added": 0, "changed": 0, "withdrawn": 0, "unchanged": 0}
    present: set[str] = set()
    for i, record in enumerate(records, 1):
        rid = record_id(member, record.native_id)
        present.add(rid)
        digest = record.content_hash()
        old = existing.get(rid)
        if old is not None and old.status == ACTIVE and old.content_hash == digest:
            counts["unchanged"] += 1
            continue
        version = 1 if old is None else old.version + 1
        change = "added" if old is None else "reinstated" if old.status == WITHDRAWN else "changed"
        counts["added" if old is None else "changed"] += 1
        head = {
            "status": ACTIVE,
            "version": version,
            "content_hash": digest,
            "caption": record.primary_name()[:1024],
            "schema": record.schema,
            "last_batch_id": batch.id,
            "updated_at": now,
        }
        if old is None:
            head.update(
                id=rid,
                member_code=member,
                native_id=record.native_id,
                first_batch_id=batch.id,
                created_at=now,
            )
            new_heads.append(head)
        else:
            head_updates.append({"b_id": rid, **head})
        versions.append(
            {
                "record_id": rid,
                "version": version,
                "batch_id": batch.id,
                "status": ACTIVE,
                "change": change,
                "content_hash": digest,
                "content": record.content(),
                "raw": record.raw,
                "created_at": now,
            }
        )
        if progress is not None and i % 500 == 0:
            progress("write", i, len(records))
    withdrawn = [
        row for rid, row in existing.items() if rid not in present and row.status == ACTIVE
    ]
    if withdrawn:
        _withdraw(session, withdrawn, batch.id, now, versions, head_updates)
        counts["withdrawn"] = len(withdrawn)
    if new_heads:
        session.execute(insert(SourceRecordRow), new_heads)
    if head_updates:
        _update_heads(session, head_updates)
    if versions:
        session.execute(insert(RecordVersionRow), versions)
    batch.total = len(records)
    batch.added = counts["added"]
    batch.changed = counts["changed"]
    batch.withdrawn = counts["withdrawn"]
    batch.unchanged = counts["unchanged"]
    batch.finished_at = utcnow()
    session.flush()
    if progress is not None:
        progress("write", len(records), len(records))
    return ImportResult(
        batch_id=batch.id,
        member=member,
        file_name=file_name,
        format=format_name,
        sha256=sha256,
        status="committed",
        total=len(records),
        started_at=batch.started_at,
        finished_at=batch.finished_at,
        added=counts["added"],
        changed=counts["changed"],
        withdrawn=counts["withdrawn"],
        unchanged=counts["unchanged"],
    )


def _withdraw(
    session: Session,
    rows: list[Any],
    batch_id: int,
    now: datetime,
    versions: list[dict[str, Any]],
    head_updates: list[dict[str, Any]],
) -> None:
    """Append a withdrawn version carrying the last content of each vanished record."""
    ids = [row.id for row in rows]
    current: dict[str, RecordVersionRow] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for version in session.scalars(
            select(RecordVersionRow)
            .join(SourceRecordRow, SourceRecordRow.id == RecordVersionRow.record_id)
            .where(RecordVersionRow.record_id.in_(chunk))
            .where(RecordVersionRow.version == SourceRecordRow.version)
        ):
            current[version.record_id] = version
    for row in rows:
        last = current[row.id]
        versions.append(
            {
                "record_id": row.id,
                "version": row.version + 1,
                "batch_id": batch_id,
                "status": WITHDRAWN,
                "change": "withdrawn",
                "content_hash": last.content_hash,
                "content": last.content,
                "raw": last.raw,
                "created_at": now,
            }
        )
        head_updates.append(
            {
                "b_id": row.id,
                "status": WITHDRAWN,
                "version": row.version + 1,
                "content_hash": last.content_hash,
                "last_batch_id": batch_id,
                "updated_at": now,
            }
        )


def _update_heads(session: Session, updates: list[dict[str, Any]]) -> None:
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for item in updates:
        by_keys.setdefault(tuple(sorted(item)), []).append(item)
    for keys, items in by_keys.items():
        values: dict[str, Any] = {k: bindparam(k) for k in keys if k != "b_id"}
        stmt = (
            update(SourceRecordRow.__table__)  # type: ignore[arg-type]
            .where(SourceRecordRow.__table__.c.id == bindparam("b_id"))
            .values(**values)
        )
        session.execute(stmt, items)

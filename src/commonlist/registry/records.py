"""Reading the registry: member records with their history, import batches, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from commonlist.exc import NotFound
from commonlist.registry.tables import ImportBatchRow, MemberRow, RecordVersionRow, SourceRecordRow
from commonlist.sources.model import ParsedRecord


@dataclass(frozen=True, slots=True)
class RecordSummary:
    id: str
    member: str
    native_id: str
    schema: str
    caption: str
    status: str
    version: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RecordVersion:
    version: int
    batch_id: int
    status: str
    change: str
    content_hash: str
    created_at: datetime
    record: ParsedRecord


@dataclass(frozen=True, slots=True)
class RecordDetail:
    summary: RecordSummary
    current: RecordVersion
    history: tuple[RecordVersion, ...]  # oldest first


def _summary(row: SourceRecordRow) -> RecordSummary:
    return RecordSummary(
        row.id,
        row.member_code,
        row.native_id,
        row.schema,
        row.caption,
        row.status,
        row.version,
        row.updated_at,
    )


def list_records(
    session: Session,
    *,
    member: str | None = None,
    status: str | None = "active",
    schema: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[RecordSummary]:
    """Record heads, filtered; ``text`` matches the caption or the native ID."""
    stmt = select(SourceRecordRow)
    if member:
        stmt = stmt.where(SourceRecordRow.member_code == member.upper())
    if status:
        stmt = stmt.where(SourceRecordRow.status == status)
    if schema:
        stmt = stmt.where(SourceRecordRow.schema == schema)
    if text:
        pattern = f"%{text.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(SourceRecordRow.caption).like(pattern),
                func.lower(SourceRecordRow.native_id).like(pattern),
            )
        )
    stmt = stmt.order_by(SourceRecordRow.member_code, SourceRecordRow.native_id)
    rows = session.scalars(stmt.limit(limit).offset(offset))
    return [_summary(r) for r in rows]


def get_record(session: Session, rid: str) -> RecordDetail:
    """A record with its whole version history; ``rid`` is ``MEMBER:NATIVE_ID``."""
    row = session.get(SourceRecordRow, rid)
    if row is None and ":" in rid:
        member, native = rid.split(":", 1)
        row = session.get(SourceRecordRow, f"{member.upper()}:{native}")
    if row is None:
        raise NotFound(f"no record {rid!r} (records are named MEMBER:ID, e.g. UN:QDi.001)")
    versions = session.scalars(
        select(RecordVersionRow)
        .where(RecordVersionRow.record_id == row.id)
        .order_by(RecordVersionRow.version)
    ).all()
    history = tuple(
        RecordVersion(
            v.version,
            v.batch_id,
            v.status,
            v.change,
            v.content_hash,
            v.created_at,
            ParsedRecord.from_content(row.native_id, v.content, v.raw),
        )
        for v in versions
    )
    return RecordDetail(_summary(row), history[-1], history)


@dataclass(frozen=True, slots=True)
class CurrentRecord:
    """The current version of an active member record."""

    id: str
    member: str
    content_hash: str
    record: ParsedRecord


def current_versions(session: Session, *, member: str | None = None) -> list[CurrentRecord]:
    """Every active record at its current version, ordered by record id."""
    stmt = (
        select(
            SourceRecordRow.id,
            SourceRecordRow.member_code,
            SourceRecordRow.native_id,
            SourceRecordRow.content_hash,
            RecordVersionRow.content,
        )
        .join(
            RecordVersionRow,
            (RecordVersionRow.record_id == SourceRecordRow.id)
            & (RecordVersionRow.version == SourceRecordRow.version),
        )
        .where(SourceRecordRow.status == "active")
        .order_by(SourceRecordRow.id)
    )
    if member:
        stmt = stmt.where(SourceRecordRow.member_code == member.upper())
    return [
        CurrentRecord(rid, code, digest, ParsedRecord.from_content(native, content))
        for rid, code, native, digest, content in session.execute(stmt)
    ]


def current_records(
    session: Session, *, member: str | None = None
) -> list[tuple[str, str, ParsedRecord]]:
    """(member, record id, record) of every active record, for resolution and export."""
    return [(c.member, c.id, c.record) for c in current_versions(session, member=member)]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    id: int
    member: str
    file_name: str
    format: str
    sha256: str
    actor: str
    status: str
    started_at: datetime
    finished_at: datetime
    total: int
    added: int
    changed: int
    withdrawn: int
    unchanged: int
    errors: tuple[dict[str, Any], ...]


def list_imports(
    session: Session, *, member: str | None = None, limit: int = 50
) -> list[BatchSummary]:
    stmt = select(ImportBatchRow).order_by(ImportBatchRow.id.desc()).limit(limit)
    if member:
        stmt = stmt.where(ImportBatchRow.member_code == member.upper())
    return [
        BatchSummary(
            b.id,
            b.member_code,
            b.file_name,
            b.format,
            b.sha256,
            b.actor,
            b.status,
            b.started_at,
            b.finished_at,
            b.total,
            b.added,
            b.changed,
            b.withdrawn,
            b.unchanged,
            tuple(b.errors or ()),
        )
        for b in session.scalars(stmt)
    ]


def stats(session: Session) -> dict[str, Any]:
    """Counts of current (active) and withdrawn records, overall and per member and schema."""
    members: dict[str, dict[str, Any]] = {
        code: {"name_en": en, "name_ru": ru, "records": 0, "withdrawn": 0, "schemata": {}}
        for code, en, ru in session.execute(
            select(MemberRow.code, MemberRow.name_en, MemberRow.name_ru).order_by(MemberRow.code)
        )
    }
    rows = session.execute(
        select(
            SourceRecordRow.member_code,
            SourceRecordRow.status,
            SourceRecordRow.schema,
            func.count(),
        ).group_by(SourceRecordRow.member_code, SourceRecordRow.status, SourceRecordRow.schema)
    )
    total = withdrawn = 0
    for member, status, schema, count in rows:
        entry = members[member]
        if status == "active":
            entry["records"] += count
            entry["schemata"][schema] = entry["schemata"].get(schema, 0) + count
            total += count
        else:
            entry["withdrawn"] += count
            withdrawn += count
    batches = session.scalar(select(func.count()).select_from(ImportBatchRow)) or 0
    versions = session.scalar(select(func.count()).select_from(RecordVersionRow)) or 0
    return {
        "records": total,
        "withdrawn": withdrawn,
        "versions": versions,
        "imports": batches,
        "members": members,
    }

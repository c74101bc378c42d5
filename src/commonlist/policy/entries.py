"""Adapter over resolution: the common entries with the member records that count.

Reads resolve's tables (``common_entry``, ``entry_record``) directly, since the
governance layer needs one thing resolve's API does not give: for each member
record, the newest version *approved under four eyes*. A record counts when that
version is active; a pending amendment or withdrawal changes nothing until a
second person of the member approves it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from commonlist.access.tables import UserRow
from commonlist.policy.model import Policy
from commonlist.policy.tables import SubmissionDecisionRow, SubmissionRow
from commonlist.registry.tables import ImportBatchRow, RecordVersionRow, SourceRecordRow
from commonlist.resolve.tables import CommonEntryRow, EntryRecordRow
from commonlist.sources.model import NameKind, ParsedRecord

#: Member whose record gives an entry its caption and name parts, when it designates it.
PREFERRED_MEMBER = "UN"


@dataclass(frozen=True, slots=True)
class Counted:
    """A member record that counts, by the version that counts (without its content)."""

    member: str
    record_id: str
    native_id: str
    version_id: int  # ``record_version.id`` of the approved version
    content_hash: str


@dataclass(frozen=True, slots=True)
class Support:
    """Who designates an entry and a digest of the record versions that count."""

    id: str
    schema: str
    records: tuple[Counted, ...]

    @property
    def supporters(self) -> frozenset[str]:
        return frozenset(r.member for r in self.records)

    def content_sha256(self) -> str:
        """Changes when any counting record changes, appears or goes."""
        pairs = sorted((r.record_id, r.content_hash) for r in self.records)
        return hashlib.sha256(orjson.dumps([self.schema, pairs])).hexdigest()


@dataclass(frozen=True, slots=True)
class MemberRecord:
    member: str
    record_id: str
    native_id: str
    content: Mapping[str, Any]

    @property
    def record(self) -> ParsedRecord:
        return ParsedRecord.from_content(self.native_id, self.content)

    @classmethod
    def of(cls, member: str, record_id: str, record: ParsedRecord) -> MemberRecord:
        return cls(member, record_id, record.native_id, record.content())


@dataclass(frozen=True, slots=True)
class Entry:
    """A live common entry and the approved, active member records in it."""

    id: str
    schema: str
    records: tuple[MemberRecord, ...]

    @property
    def supporters(self) -> frozenset[str]:
        return frozenset(r.member for r in self.records)


def unapproved_batches(session: Session, policy: Policy) -> set[int]:
    """Import batches that do not count (yet): pending or rejected submissions.

    A committed batch with no submission was made outside governance (the
    registry's own ``commonlist import``): it counts when the policy auto-approves
    system imports and its actor is not a registered user.
    """
    decided = dict(
        session.execute(
            select(SubmissionDecisionRow.submission_id, SubmissionDecisionRow.status)
        ).all()
    )
    status_of = {
        batch: decided.get(sid, "pending")
        for sid, batch in session.execute(select(SubmissionRow.id, SubmissionRow.batch_id))
    }
    if not policy.four_eyes:
        return {b for b, status in status_of.items() if status == "rejected"}
    refused = {b for b, status in status_of.items() if status != "approved"}
    submitted = select(SubmissionRow.batch_id)
    outside = select(ImportBatchRow.id).where(
        ImportBatchRow.status == "committed", ImportBatchRow.id.not_in(submitted)
    )
    if policy.auto_approve_system:
        outside = outside.where(ImportBatchRow.actor.in_(select(UserRow.name)))
    return refused | set(session.scalars(outside))


def entry_support(session: Session, policy: Policy) -> dict[str, Support]:
    """Every active common entry with at least one counting record, by id (no content read)."""
    rows = session.execute(
        select(
            EntryRecordRow.entry_id,
            CommonEntryRow.schema,
            SourceRecordRow.id,
            SourceRecordRow.member_code,
            SourceRecordRow.native_id,
            RecordVersionRow.id,
            RecordVersionRow.status,
            RecordVersionRow.content_hash,
        )
        .join(CommonEntryRow, CommonEntryRow.id == EntryRecordRow.entry_id)
        .join(SourceRecordRow, SourceRecordRow.id == EntryRecordRow.record_id)
        .join(
            RecordVersionRow,
            (RecordVersionRow.record_id == SourceRecordRow.id)
            & (RecordVersionRow.version == SourceRecordRow.version),
        )
        .where(EntryRecordRow.removed_at.is_(None), CommonEntryRow.status == "active")
        .order_by(EntryRecordRow.entry_id, SourceRecordRow.id)
    ).all()
    pending = unapproved_batches(session, policy)
    touched: set[str] = set()
    if pending:
        touched = set(
            session.scalars(
                select(RecordVersionRow.record_id).where(RecordVersionRow.batch_id.in_(pending))
            )
        )
    approved = _approved_versions(session, touched, pending)
    schemata: dict[str, str] = {}
    grouped: dict[str, list[Counted]] = defaultdict(list)
    for entry_id, schema, rid, member, native, version_id, status, content_hash in rows:
        schemata[entry_id] = schema
        if rid in touched:
            found = approved.get(rid)
            if found is None:
                continue
            version_id, status, content_hash = found
        if status == "active":
            grouped[entry_id].append(Counted(member, rid, native, version_id, content_hash))
    return {eid: Support(eid, schemata[eid], tuple(recs)) for eid, recs in grouped.items()}


def _approved_versions(
    session: Session, record_ids: Iterable[str], pending: set[int]
) -> dict[str, tuple[int, str, str]]:
    """(version id, status, content hash) of the newest approved version of each record."""
    ids = sorted(record_ids)
    found: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(ids), 500):
        for rid, version_id, status, content_hash in session.execute(
            select(
                RecordVersionRow.record_id,
                RecordVersionRow.id,
                RecordVersionRow.status,
                RecordVersionRow.content_hash,
            )
            .where(
                RecordVersionRow.record_id.in_(ids[start : start + 500]),
                RecordVersionRow.batch_id.not_in(pending),
            )
            .order_by(RecordVersionRow.record_id, RecordVersionRow.version)
        ):
            found[rid] = (version_id, status, content_hash)
    return found


def with_content(session: Session, support: Mapping[str, Support]) -> dict[str, Entry]:
    """The entries of ``support`` with the content of their counting record versions."""
    ids = sorted(r.version_id for s in support.values() for r in s.records)
    content: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 1000):
        content.update(
            session.execute(
                select(RecordVersionRow.id, RecordVersionRow.content).where(
                    RecordVersionRow.id.in_(ids[start : start + 1000])
                )
            ).all()
        )
    return {
        eid: Entry(
            eid,
            s.schema,
            tuple(
                MemberRecord(r.member, r.record_id, r.native_id, content[r.version_id])
                for r in s.records
            ),
        )
        for eid, s in support.items()
    }


def live_entries(session: Session, policy: Policy) -> dict[str, Entry]:
    """Every active common entry with the content of its counting records, by id."""
    return with_content(session, entry_support(session, policy))


def _primary(entry: Entry) -> MemberRecord:
    return min(entry.records, key=lambda r: (r.member != PREFERRED_MEMBER, r.member, r.record_id))


def entry_data(entry: Entry) -> dict[str, Any]:
    """The data a release publishes for an entry (without lifecycle and statement)."""
    properties: dict[str, set[str]] = defaultdict(set)
    documents: set[tuple[str, str, str, str]] = set()
    designations = []
    parsed = {item.record_id: item.record for item in entry.records}
    for item in sorted(entry.records, key=lambda r: r.record_id):
        record = parsed[item.record_id]
        for prop, values in record.to_entity(item.member).to_dict()["properties"].items():
            properties[prop].update(values)
        for doc in record.documents:
            documents.add((doc.kind, doc.number, doc.country or "", doc.note or ""))
        d = record.designation
        designations.append(
            {
                "member": item.member,
                "record": item.record_id,
                "listed_on": d.listed_on,
                "legal_basis": d.legal_basis,
                "regime": d.regime,
                "reasons": d.reasons,
            }
        )
    primary = parsed[_primary(entry).record_id]
    name = next(n for n in primary.names if n.kind is NameKind.PRIMARY)
    return {
        "id": entry.id,
        "schema": entry.schema,
        "caption": primary.primary_name(),
        "members": sorted(entry.supporters),
        "name_parts": [list(p) for p in name.parts],
        "properties": {k: sorted(v) for k, v in sorted(properties.items())},
        "documents": [
            {"kind": k, "number": n, "country": c or None, "note": note or None}
            for k, n, c, note in sorted(documents)
        ],
        "designations": designations,
    }

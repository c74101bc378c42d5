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
from collections.abc import Iterable
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
class MemberRecord:
    member: str
    record_id: str
    record: ParsedRecord


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


def live_entries(session: Session, policy: Policy) -> dict[str, Entry]:
    """Every active common entry with at least one counting record, by id."""
    rows = session.execute(
        select(
            EntryRecordRow.entry_id,
            CommonEntryRow.schema,
            SourceRecordRow.id,
            SourceRecordRow.member_code,
            SourceRecordRow.native_id,
            SourceRecordRow.status,
            RecordVersionRow.batch_id,
            RecordVersionRow.content,
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
    grouped: dict[str, list[MemberRecord]] = defaultdict(list)
    for entry_id, schema, rid, member, native, status, _batch, content in rows:
        schemata[entry_id] = schema
        if rid in touched:
            found = approved.get(rid)
            if found is None:
                continue
            status, content = found
        if status != "active":
            continue
        grouped[entry_id].append(
            MemberRecord(member, rid, ParsedRecord.from_content(native, content))
        )
    return {eid: Entry(eid, schemata[eid], tuple(recs)) for eid, recs in grouped.items()}


def _approved_versions(
    session: Session, record_ids: Iterable[str], pending: set[int]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """(status, content) of the newest approved version of each record."""
    ids = sorted(record_ids)
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        for rid, status, content in session.execute(
            select(RecordVersionRow.record_id, RecordVersionRow.status, RecordVersionRow.content)
            .where(
                RecordVersionRow.record_id.in_(ids[start : start + 500]),
                RecordVersionRow.batch_id.not_in(pending),
            )
            .order_by(RecordVersionRow.record_id, RecordVersionRow.version)
        ):
            found[rid] = (status, content)
    return found


def _primary(entry: Entry) -> MemberRecord:
    return min(entry.records, key=lambda r: (r.member != PREFERRED_MEMBER, r.member, r.record_id))


def entry_data(entry: Entry) -> dict[str, Any]:
    """The data a release publishes for an entry (without lifecycle and statement)."""
    properties: dict[str, set[str]] = defaultdict(set)
    documents: set[tuple[str, str, str, str]] = set()
    designations = []
    for item in sorted(entry.records, key=lambda r: r.record_id):
        proxy = item.record.to_entity(item.member)
        for prop, values in proxy.to_dict()["properties"].items():
            properties[prop].update(values)
        for doc in item.record.documents:
            documents.add((doc.kind, doc.number, doc.country or "", doc.note or ""))
        d = item.record.designation
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
    primary = _primary(entry).record
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


def data_sha256(data: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()

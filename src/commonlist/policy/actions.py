"""Every state-changing operation of governance, as one function each.

Each takes the acting ``Principal``, checks authorisation (``authorize`` raises
PermissionDenied), does its work in one transaction and appends its audit event
in that same transaction, so an action and its audit entry exist together or
not at all. ``now`` is the injectable clock: tests pass times, never sleep.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from commonlist.access import tokens as token_store
from commonlist.access import users as user_store
from commonlist.access.roles import Action, Principal, Role, authorize
from commonlist.access.tokens import Token
from commonlist.access.users import User
from commonlist.audit.log import NewEvent, append
from commonlist.exc import Conflict, InvalidInput, NotFound, PermissionDenied
from commonlist.policy.codes import PetitionStatus, ReviewOutcome, SubmissionStatus
from commonlist.policy.entries import entry_support
from commonlist.policy.lifecycle import (
    ON_LIST,
    EntryFacts,
    EntryStatus,
    Reason,
    next_step,
    objection_deadline,
)
from commonlist.policy.model import Policy, parse_policy
from commonlist.policy.petitions import MAX_ATTACHMENTS, attachment_type, check_text
from commonlist.policy.store import (
    holds_lifted,
    latest_statement,
    policy_at,
    policy_versions,
    standing_objectors,
    state_of,
)
from commonlist.policy.tables import (
    EntryStateRow,
    ObjectionRow,
    PetitionAttachmentRow,
    PetitionDecisionRow,
    PetitionRow,
    PolicyVersionRow,
    ReviewRow,
    StatementRow,
    SubmissionDecisionRow,
    SubmissionRow,
)
from commonlist.policy.transitions import Transitions
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.registry.imports import ImportResult, import_file, write_records
from commonlist.registry.members import Member, add_member, get_member
from commonlist.registry.records import current_records, get_record

log = structlog.get_logger(__name__)


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


# --- members, users, tokens ---------------------------------------------------------------


def create_member(
    engine: Engine,
    principal: Principal,
    code: str,
    *,
    name_en: str,
    name_ru: str,
    now: datetime | None = None,
) -> Member:
    authorize(principal, Action.MEMBER_ADD)
    with transaction(engine) as session:
        member = add_member(session, code, name_en=name_en, name_ru=name_ru, actor=principal.name)
        append(
            session,
            principal.name,
            principal.member,
            Action.MEMBER_ADD.value,
            f"member:{member.code}",
            None,
            {"code": member.code, "name_en": member.name_en, "name_ru": member.name_ru},
            now=_now(now),
        )
    return member


def create_user(
    engine: Engine,
    principal: Principal,
    name: str,
    *,
    member: str | None,
    roles: frozenset[Role],
    password: str | None,
    now: datetime | None = None,
) -> User:
    authorize(principal, Action.USER_ADD)
    when = _now(now)
    with transaction(engine) as session:
        user = user_store.add_user(
            session,
            name,
            member=member,
            roles=roles,
            password=password,
            actor=principal.name,
            now=when,
        )
        after = {"member": user.member, "roles": sorted(r.value for r in user.roles)}
        append(
            session,
            principal.name,
            principal.member,
            Action.USER_ADD.value,
            f"user:{user.name}",
            None,
            after,
            detail=after,
            now=when,
        )
    return user


def disable_user(
    engine: Engine, principal: Principal, name: str, *, now: datetime | None = None
) -> User:
    authorize(principal, Action.USER_DISABLE)
    when = _now(now)
    with transaction(engine) as session:
        user = user_store.disable_user(session, name, now=when)
        append(
            session,
            principal.name,
            principal.member,
            Action.USER_DISABLE.value,
            f"user:{user.name}",
            {"active": True},
            {"active": False},
            now=when,
        )
    return user


def create_token(
    engine: Engine,
    principal: Principal,
    user: str,
    *,
    scopes: Iterable[str],
    days: int = 90,
    now: datetime | None = None,
) -> tuple[Token, str]:
    """A token for ``user`` (oneself, or anyone for the secretariat); returns its clear text."""
    authorize(principal, Action.TOKEN_CREATE, owner=user.strip().lower())
    when = _now(now)
    with transaction(engine) as session:
        token, clear = token_store.create_token(session, user, scopes=scopes, days=days, now=when)
        append(
            session,
            principal.name,
            principal.member,
            Action.TOKEN_CREATE.value,
            f"token:{token.id}",
            None,
            {"user": token.user, "scopes": sorted(token.scopes)},
            detail={"user": token.user, "expires_at": token.expires_at.isoformat()},
            now=when,
        )
    return token, clear


def revoke_token(
    engine: Engine, principal: Principal, token_id: str, *, now: datetime | None = None
) -> Token:
    when = _now(now)
    with transaction(engine) as session:
        token = token_store.get_token(session, token_id)
        authorize(principal, Action.TOKEN_REVOKE, owner=token.user)
        token = token_store.revoke_token(session, token_id, now=when)
        append(
            session,
            principal.name,
            principal.member,
            Action.TOKEN_REVOKE.value,
            f"token:{token.id}",
            {"revoked": False},
            {"revoked": True},
            detail={"user": token.user},
            now=when,
        )
    return token


# --- policy -------------------------------------------------------------------------------


def apply_policy(
    engine: Engine,
    principal: Principal,
    text: str,
    *,
    source: str = "policy.toml",
    now: datetime | None = None,
) -> Policy:
    """Record a new policy version, in force from its ``effective_from`` date.

    Only the first policy may state a past date: later changes apply from today
    or a future day, never retroactively.
    """
    authorize(principal, Action.POLICY_CHANGE)
    when = _now(now)
    policy = parse_policy(text, source=source)
    with transaction(engine) as session:
        versions = policy_versions(session)
        if versions and policy.effective_from < when.date():
            raise InvalidInput(
                f"{source}: effective_from {policy.effective_from} is in the past; "
                "a policy change applies from today or later"
            )
        before = policy_at(session, when)
        row = PolicyVersionRow(
            effective_from=policy.effective_from,
            body=policy.to_dict(),
            source_sha256=hashlib.sha256(text.encode()).hexdigest(),
            created_at=when,
            created_by=principal.name,
        )
        session.add(row)
        session.flush()
        append(
            session,
            principal.name,
            principal.member,
            Action.POLICY_CHANGE.value,
            f"policy:{row.id}",
            before.to_dict(),
            policy.to_dict(),
            detail=policy.to_dict(),
            now=when,
        )
    return policy


# --- submissions and four eyes ------------------------------------------------------------


def _member_of(principal: Principal, member: str | None) -> str:
    code = (member or principal.member or "").strip().upper()
    if not code:
        raise InvalidInput("say which member this is for (--member)")
    return code


@dataclass(frozen=True, slots=True)
class Submitted:
    submission_id: int
    status: SubmissionStatus
    result: ImportResult


def _record_submission(
    session: Session,
    principal: Principal,
    result: ImportResult,
    *,
    kind: str,
    action: Action,
    target: str,
    now: datetime,
) -> tuple[int, SubmissionStatus]:
    row = SubmissionRow(
        batch_id=result.batch_id,
        member_code=result.member,
        kind=kind,
        submitted_by=principal.name,
        submitted_at=now,
    )
    session.add(row)
    session.flush()
    policy = policy_at(session, now)
    auto = (principal.is_system and policy.auto_approve_system) or not policy.four_eyes
    status = SubmissionStatus.APPROVED if auto else SubmissionStatus.PENDING
    if auto:
        session.add(
            SubmissionDecisionRow(
                submission_id=row.id,
                status=SubmissionStatus.APPROVED.value,
                decided_by=principal.name,
                reasons="approved automatically by the deployment's policy",
                decided_at=now,
            )
        )
    counts = {
        "batch": result.batch_id,
        "added": result.added,
        "changed": result.changed,
        "withdrawn": result.withdrawn,
        "status": status.value,
    }
    append(
        session,
        principal.name,
        result.member,
        action.value,
        target,
        None,
        {"submission": row.id, "sha256": result.sha256, **counts},
        detail=counts,
        now=now,
    )
    return row.id, status


def submit_import(
    engine: Engine,
    principal: Principal,
    path: Path,
    *,
    member: str | None = None,
    max_bytes: int,
    format_name: str | None = None,
    encoding: str | None = None,
    now: datetime | None = None,
) -> Submitted:
    """Import a member's list file as a submission; it counts once approved (four eyes).

    The import itself is ``registry.imports.import_file`` (all or nothing, a
    refusal kept as a failed batch); the submission and its audit event follow
    in a second transaction. Until then the batch counts as an unapproved user
    import (see ``entries.unapproved_batches``), so nothing slips through.
    """
    code = _member_of(principal, member)
    authorize(principal, Action.IMPORT_SUBMIT, member=code)
    when = _now(now)
    result = import_file(
        engine,
        path,
        member=code,
        actor=principal.name,
        max_bytes=max_bytes,
        format_name=format_name,
        encoding=encoding,
    )
    with transaction(engine) as session:
        sid, status = _record_submission(
            session,
            principal,
            result,
            kind="import",
            action=Action.IMPORT_SUBMIT,
            target=f"batch:{result.batch_id}",
            now=when,
        )
    return Submitted(sid, status, result)


def withdraw_designation(
    engine: Engine, principal: Principal, record_id: str, *, now: datetime | None = None
) -> Submitted:
    """A member withdraws one of its designations (a submission like an import)."""
    when = _now(now)
    with transaction(engine) as session:
        detail = get_record(session, record_id)
        code = detail.summary.member
        authorize(principal, Action.DESIGNATION_WITHDRAW, member=code)
        if detail.summary.status != "active":
            raise Conflict(f"{detail.summary.id} is already withdrawn")
        keep = [
            rec for _, rid, rec in current_records(session, member=code) if rid != detail.summary.id
        ]
        result = write_records(
            session,
            keep,
            member=code,
            file_name=f"withdrawal of {detail.summary.id}",
            sha256="",
            format_name="withdrawal",
            actor=principal.name,
        )
        sid, status = _record_submission(
            session,
            principal,
            result,
            kind="withdrawal",
            action=Action.DESIGNATION_WITHDRAW,
            target=detail.summary.id,
            now=when,
        )
    return Submitted(sid, status, result)


def decide_submission(
    engine: Engine,
    principal: Principal,
    submission_id: int,
    *,
    approve: bool,
    reasons: str = "",
    now: datetime | None = None,
) -> SubmissionStatus:
    """The second pair of eyes: an approver of the same member, not the submitter."""
    when = _now(now)
    with transaction(engine) as session:
        sub = session.get(SubmissionRow, submission_id)
        if sub is None:
            raise NotFound(f"no submission {submission_id}")
        authorize(principal, Action.SUBMISSION_DECIDE, member=sub.member_code)
        if sub.submitted_by == principal.name:
            raise PermissionDenied(
                f"four eyes: {principal.name} submitted #{sub.id} and cannot also approve it"
            )
        done = session.scalars(
            select(SubmissionDecisionRow).where(SubmissionDecisionRow.submission_id == sub.id)
        ).first()
        if done is not None:
            raise Conflict(f"submission #{sub.id} is already {done.status}")
        status = SubmissionStatus.APPROVED if approve else SubmissionStatus.REJECTED
        if not approve and not reasons.strip():
            raise InvalidInput("say why the submission is rejected")
        session.add(
            SubmissionDecisionRow(
                submission_id=sub.id,
                status=status.value,
                decided_by=principal.name,
                reasons=reasons.strip(),
                decided_at=when,
            )
        )
        append(
            session,
            principal.name,
            sub.member_code,
            Action.SUBMISSION_DECIDE.value,
            f"batch:{sub.batch_id}",
            {"status": SubmissionStatus.PENDING.value},
            {"status": status.value},
            detail={"submission": sub.id, "reasons": reasons.strip()},
            now=when,
        )
    return status


# --- lifecycle ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evaluation:
    """What one evaluation changed: entry id → (old status, new status, reason)."""

    policy: Policy
    changes: dict[str, tuple[EntryStatus | None, EntryStatus, Reason]]
    entries: int


def evaluate_entries(
    engine: Engine, principal: Principal, *, now: datetime | None = None
) -> Evaluation:
    """Apply the policy in force to every common entry; record and audit each transition."""
    authorize(principal, Action.ENTRY_EVALUATE)
    when = _now(now)
    with transaction(engine) as session:
        policy = policy_at(session, when)
        entries = entry_support(session, policy)
        batch = Transitions(session, actor=principal.name, now=when)
        objections = standing_objectors(session)
        lifted = holds_lifted(session)
        changes: dict[str, tuple[EntryStatus | None, EntryStatus, Reason]] = {}
        for entry_id in sorted(set(entries) | batch.ids()):
            entry = entries.get(entry_id)
            first = batch.state(entry_id)
            if entry is not None:
                facts = EntryFacts(entry_id, entry.supporters, entry.content_sha256())
            else:
                assert first is not None
                facts = EntryFacts(entry_id, frozenset(), first.content_sha256)
            since = lifted.get(entry_id)
            objectors = frozenset(
                m for m, at in objections.get(entry_id, {}).items() if since is None or at > since
            )
            # one evaluation runs the machine to rest: new → proposed → listed at once
            for _ in range(len(EntryStatus)):
                step = next_step(batch.state(entry_id), facts, policy, objectors, when)
                if step is None:
                    break
                batch.apply(entry_id, step.status, step.reason, facts=facts)
                changes[entry_id] = (first.status if first else None, step.status, step.reason)
        batch.save()
    log.info("entries evaluated", changes=len(changes), rule=policy.rule.value)
    return Evaluation(policy, changes, len(entries))


def _state_row(session: Session, entry_id: str) -> EntryStateRow:
    row = session.get(EntryStateRow, entry_id.strip().upper())
    if row is None:
        raise NotFound(f"no common entry {entry_id!r} under governance")
    return row


def _decide_entry(
    engine: Engine,
    principal: Principal,
    action: Action,
    entry_id: str,
    new: EntryStatus,
    reason: Reason,
    note: str,
    now: datetime | None,
) -> EntryStatus:
    authorize(principal, action)
    when = _now(now)
    note = check_text("the reasons", note, limit=10_000)
    with transaction(engine) as session:
        batch = Transitions(session, actor=principal.name, now=when, entries=[entry_id.upper()])
        entry = batch.row(entry_id)["entry_id"]
        if new is EntryStatus.DELISTED:
            batch.decide(entry)
        batch.apply(entry, new, reason, note=note)
        batch.save()
    return new


def hold_entry(
    engine: Engine, principal: Principal, entry_id: str, note: str, *, now: datetime | None = None
) -> EntryStatus:
    """The secretariat puts a proposed entry on hold."""
    return _decide_entry(
        engine,
        principal,
        Action.ENTRY_HOLD,
        entry_id,
        EntryStatus.HELD,
        Reason.SECRETARIAT_HOLD,
        note,
        now,
    )


def lift_hold(
    engine: Engine, principal: Principal, entry_id: str, note: str, *, now: datetime | None = None
) -> EntryStatus:
    """The secretariat lifts a hold; objections raised before it no longer count."""
    return _decide_entry(
        engine,
        principal,
        Action.ENTRY_UNHOLD,
        entry_id,
        EntryStatus.PROPOSED,
        Reason.HOLD_LIFTED,
        note,
        now,
    )


def delist_entry(
    engine: Engine,
    principal: Principal,
    entry_id: str,
    note: str,
    *,
    reason: Reason = Reason.SECRETARIAT_DECISION,
    now: datetime | None = None,
) -> EntryStatus:
    """The secretariat delists a listed entry; it returns only if its designations change."""
    return _decide_entry(
        engine, principal, Action.ENTRY_DELIST, entry_id, EntryStatus.DELISTED, reason, note, now
    )


def set_statement(
    engine: Engine,
    principal: Principal,
    entry_id: str,
    *,
    public_summary: str,
    confidential: str = "",
    now: datetime | None = None,
) -> None:
    """Record the statement of reasons: a public summary and a confidential part."""
    authorize(principal, Action.STATEMENT_SET)
    when = _now(now)
    summary = check_text("the public summary", public_summary, limit=20_000)
    with transaction(engine) as session:
        row = _state_row(session, entry_id)
        session.add(
            StatementRow(
                entry_id=row.entry_id,
                public_summary=summary,
                confidential=confidential.strip(),
                author=principal.name,
                created_at=when,
            )
        )
        append(
            session,
            principal.name,
            principal.member,
            Action.STATEMENT_SET.value,
            row.entry_id,
            None,
            {"public_summary": summary, "confidential": confidential.strip()},
            now=when,
        )


def record_review(
    engine: Engine,
    principal: Principal,
    entry_id: str,
    outcome: ReviewOutcome,
    notes: str,
    *,
    now: datetime | None = None,
) -> None:
    """Record a periodic review; a ``delist`` outcome delists the entry."""
    authorize(principal, Action.ENTRY_REVIEW)
    when = _now(now)
    notes = check_text("the review notes", notes, limit=20_000)
    with transaction(engine) as session:
        batch = Transitions(session, actor=principal.name, now=when, entries=[entry_id.upper()])
        row = batch.row(entry_id)
        entry = row["entry_id"]
        if EntryStatus(row["status"]) not in ON_LIST:
            raise Conflict(f"{entry} is {row['status']}: only listed entries are reviewed")
        session.add(
            ReviewRow(
                entry_id=entry,
                outcome=outcome.value,
                notes=notes,
                reviewer=principal.name,
                reviewed_at=when,
            )
        )
        review = NewEvent(
            principal.name,
            principal.member,
            Action.ENTRY_REVIEW.value,
            entry,
            None,
            {"outcome": outcome.value},
            {"outcome": outcome.value},
        )
        if outcome is ReviewOutcome.DELIST:
            batch.decide(entry)
            batch.apply(entry, EntryStatus.DELISTED, Reason.REVIEW_DELISTING, note=notes)
        batch.save(first=[review])


# --- objections -----------------------------------------------------------------------------


def raise_objection(
    engine: Engine,
    principal: Principal,
    entry_id: str,
    reasons: str,
    *,
    member: str | None = None,
    now: datetime | None = None,
) -> int:
    """A member objects to a proposed entry within the no-objection period, with reasons."""
    code = _member_of(principal, member)
    authorize(principal, Action.OBJECTION_RAISE, member=code)
    when = _now(now)
    reasons = check_text("the reasons", reasons, limit=20_000)
    with transaction(engine) as session:
        get_member(session, code)
        row = _state_row(session, entry_id)
        if row.status != EntryStatus.PROPOSED.value:
            raise Conflict(f"{row.entry_id} is {row.status}: objections are to proposed entries")
        policy = policy_at(session, when)
        deadline = objection_deadline(state_of(row).proposed_at, policy)
        if policy.objection_days and when >= deadline:
            raise Conflict(
                f"the no-objection period of {row.entry_id} ended on {deadline:%Y-%m-%d %H:%M} UTC"
            )
        if code in row.supporters:
            raise Conflict(
                f"{code} designates {row.entry_id}; withdraw the designation instead of objecting"
            )
        if code in standing_objectors(session).get(row.entry_id, {}):
            raise Conflict(f"{code} already objects to {row.entry_id}")
        objection = ObjectionRow(
            entry_id=row.entry_id,
            member_code=code,
            raised_by=principal.name,
            reasons=reasons,
            raised_at=when,
        )
        session.add(objection)
        session.flush()
        append(
            session,
            principal.name,
            code,
            Action.OBJECTION_RAISE.value,
            row.entry_id,
            None,
            {"objection": objection.id, "reasons": reasons},
            detail={"objection": objection.id},
            now=when,
        )
        return objection.id


def withdraw_objection(
    engine: Engine, principal: Principal, objection_id: int, *, now: datetime | None = None
) -> None:
    when = _now(now)
    with transaction(engine) as session:
        row = session.get(ObjectionRow, objection_id)
        if row is None:
            raise NotFound(f"no objection {objection_id}")
        authorize(principal, Action.OBJECTION_WITHDRAW, member=row.member_code)
        if row.withdrawn_at is not None:
            raise Conflict(f"objection {objection_id} is already withdrawn")
        row.withdrawn_at, row.withdrawn_by = when, principal.name
        append(
            session,
            principal.name,
            row.member_code,
            Action.OBJECTION_WITHDRAW.value,
            row.entry_id,
            {"objection": row.id, "standing": True},
            {"objection": row.id, "standing": False},
            now=when,
        )


# --- petitions ------------------------------------------------------------------------------


def file_petition(
    engine: Engine,
    principal: Principal,
    entry_id: str,
    *,
    petitioner: str,
    contact: str,
    grounds: str,
    attachments: Sequence[tuple[str, bytes]] = (),
    max_attachment_bytes: int,
    now: datetime | None = None,
) -> tuple[str, str]:
    """Anyone may petition for delisting a listed entry; returns (petition id, status token)."""
    authorize(principal, Action.PETITION_FILE)
    when = _now(now)
    petitioner = check_text("the petitioner's name", petitioner, limit=255)
    contact = check_text("a contact address", contact, limit=255)
    grounds = check_text("the grounds", grounds, limit=50_000)
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"at most {MAX_ATTACHMENTS} attachments")
    typed = [
        (name, attachment_type(name, content, max_bytes=max_attachment_bytes), content)
        for name, content in attachments
    ]
    with transaction(engine) as session:
        row = _state_row(session, entry_id)
        if EntryStatus(row.status) not in ON_LIST:
            raise Conflict(f"{row.entry_id} is not on the list ({row.status})")
        petition_id = f"P-{secrets.token_hex(4).upper()}"
        token = secrets.token_hex(16)  # safe to paste anywhere, even after a CLI option
        session.add(
            PetitionRow(
                id=petition_id,
                entry_id=row.entry_id,
                petitioner=petitioner,
                contact=contact,
                grounds=grounds,
                token_sha256=hashlib.sha256(token.encode()).hexdigest(),
                filed_at=when,
            )
        )
        session.flush()
        for name, media_type, content in typed:
            session.add(
                PetitionAttachmentRow(
                    petition_id=petition_id,
                    file_name=Path(name).name[:255],
                    media_type=media_type,
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    content=content,
                )
            )
        append(
            session,
            principal.name,
            principal.member,
            Action.PETITION_FILE.value,
            f"petition:{petition_id}",
            None,
            {"entry": row.entry_id, "grounds": grounds, "attachments": len(typed)},
            detail={"entry": row.entry_id},
            now=when,
        )
    return petition_id, token


def _petition_status(session: Session, petition_id: str) -> PetitionStatus:
    last = session.scalars(
        select(PetitionDecisionRow.status)
        .where(PetitionDecisionRow.petition_id == petition_id)
        .order_by(PetitionDecisionRow.id.desc())
        .limit(1)
    ).first()
    return PetitionStatus(last) if last else PetitionStatus.RECEIVED


def decide_petition(
    engine: Engine,
    principal: Principal,
    petition_id: str,
    status: PetitionStatus,
    reasons: str,
    *,
    now: datetime | None = None,
) -> PetitionStatus:
    """The secretariat records a step or the outcome, with reasons; granting delists the entry."""
    authorize(principal, Action.PETITION_DECIDE)
    when = _now(now)
    reasons = check_text("the reasons", reasons, limit=50_000)
    if status is PetitionStatus.RECEIVED:
        raise InvalidInput("a decision is under_review, granted or rejected")
    with transaction(engine) as session:
        petition = session.get(PetitionRow, petition_id.strip().upper())
        if petition is None:
            raise NotFound(f"no petition {petition_id!r}")
        old = _petition_status(session, petition.id)
        if old in (PetitionStatus.GRANTED, PetitionStatus.REJECTED):
            raise Conflict(f"petition {petition.id} is already {old.value}")
        session.add(
            PetitionDecisionRow(
                petition_id=petition.id,
                status=status.value,
                reasons=reasons,
                decided_by=principal.name,
                decided_at=when,
            )
        )
        events = [
            NewEvent(
                principal.name,
                principal.member,
                Action.PETITION_DECIDE.value,
                f"petition:{petition.id}",
                {"status": old.value},
                {"status": status.value, "reasons": reasons},
                {"entry": petition.entry_id, "status": status.value},
            )
        ]
        batch = Transitions(session, actor=principal.name, now=when, entries=[petition.entry_id])
        if status is PetitionStatus.GRANTED:
            batch.decide(petition.entry_id)
            batch.apply(
                petition.entry_id,
                EntryStatus.DELISTED,
                Reason.PETITION_GRANTED,
                note=f"petition {petition.id}: {reasons}",
            )
        batch.save(first=events)
    return status


@dataclass(frozen=True, slots=True)
class PetitionView:
    """What a petitioner sees with their token."""

    id: str
    entry_id: str
    filed_at: datetime
    status: PetitionStatus
    steps: tuple[tuple[PetitionStatus, str, datetime], ...]


def petition_status(session: Session, petition_id: str, token: str) -> PetitionView:
    """A petition's status for whoever holds its token (the same error for any mismatch)."""
    petition = session.get(PetitionRow, petition_id.strip().upper())
    digest = hashlib.sha256(token.strip().encode()).hexdigest()
    if petition is None or not secrets.compare_digest(petition.token_sha256, digest):
        raise NotFound("no petition with this number and token")
    steps = tuple(
        (PetitionStatus(d.status), d.reasons, d.decided_at)
        for d in session.scalars(
            select(PetitionDecisionRow)
            .where(PetitionDecisionRow.petition_id == petition.id)
            .order_by(PetitionDecisionRow.id)
        )
    )
    return PetitionView(
        petition.id,
        petition.entry_id,
        petition.filed_at,
        steps[-1][0] if steps else PetitionStatus.RECEIVED,
        steps,
    )


def read_statement(session: Session, principal: Principal, entry_id: str) -> dict[str, Any]:
    """An entry's statement of reasons; its confidential part never reaches the public."""
    try:
        authorize(principal, Action.CONFIDENTIAL_READ)
        confidential = True
    except PermissionDenied:
        confidential = False
    statement = latest_statement(session, entry_id.strip().upper(), confidential=confidential)
    if statement is None:
        return {}
    data: dict[str, Any] = {"public_summary": statement.public_summary}
    if statement.confidential is not None:
        data["confidential"] = statement.confidential
    return data

"""The member workspace: upload a national list, watch it import, read the report, own records.

A member's pages are that member's: another member's user gets 403 (their import
reports, objections and rejection reasons are confidential), the secretariat and
auditors may read them.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from sqlalchemy import select

from commonlist.access.roles import Principal, Role
from commonlist.exc import NotFound, PermissionDenied
from commonlist.policy.actions import decide_submission, raise_objection
from commonlist.policy.codes import SubmissionStatus
from commonlist.policy.store import list_submissions
from commonlist.policy.tables import EntryStateRow, ObjectionRow
from commonlist.registry.db import transaction
from commonlist.registry.members import get_member
from commonlist.registry.records import list_imports, list_records
from commonlist.resolve.tables import EntryRecordRow
from commonlist.settings import get_settings
from commonlist.sources.catalog import formats
from commonlist.web.context import CSRF, Ctx
from commonlist.web.render import WebRoute, redirect, render
from commonlist.web.uploads import get_job, save_upload, start_import

router = APIRouter(route_class=WebRoute)

CHUNK = 1 << 20


def member_access(principal: Principal, member: str) -> None:
    """PermissionDenied unless ``principal`` belongs to ``member`` or oversees all members."""
    if principal.member == member or principal.roles & {Role.SECRETARIAT, Role.AUDITOR}:
        return
    raise PermissionDenied(
        f"{principal.name} ({principal.member or 'no member'}) may not see the workspace of "
        f"{member}: a member's imports, objections and reasons are its own"
    )


def _open(ctx: Ctx, member: str) -> tuple[Principal, str]:
    principal = ctx.require_user()
    with transaction(ctx.engine) as session:
        code = get_member(session, member).code
    member_access(principal, code)
    return principal, code


@router.get("/workspace")
def workspace_home(ctx: Ctx) -> Response:
    principal = ctx.require_user()
    if principal.member is None:
        return redirect(ctx, "/secretariat")
    return redirect(ctx, f"/workspace/{principal.member}")


@router.get("/workspace/{member}")
def workspace(ctx: Ctx, member: str) -> Response:
    principal, code = _open(ctx, member)
    with transaction(ctx.engine) as session:
        info = get_member(session, code)
        imports = list_imports(session, member=code, limit=20)
        records = list_records(session, member=code, status=None, limit=500)
        entries = {
            rid: entry
            for rid, entry in session.execute(
                select(EntryRecordRow.record_id, EntryRecordRow.entry_id).where(
                    EntryRecordRow.record_id.in_([r.id for r in records]),
                    EntryRecordRow.removed_at.is_(None),
                )
            )
        }
        lifecycle = {
            entry_id: status
            for entry_id, status in session.execute(
                select(EntryStateRow.entry_id, EntryStateRow.status).where(
                    EntryStateRow.entry_id.in_(set(entries.values()))
                )
            )
        }
        objections = list(
            session.scalars(
                select(ObjectionRow)
                .where(ObjectionRow.member_code == code)
                .order_by(ObjectionRow.id.desc())
            )
        )
        submissions = list_submissions(session, member=code)
    waiting = [
        s
        for s in submissions
        if s.status is SubmissionStatus.PENDING
        and principal.has(Role.APPROVER)
        and s.submitted_by != principal.name
    ]
    return render(
        ctx,
        "workspace.html",
        member=info,
        imports=imports,
        records=records,
        entries=entries,
        lifecycle=lifecycle,
        objections=objections,
        submissions={s.batch_id: s for s in submissions},
        waiting=waiting,
        formats=sorted(formats().items()),
        can_upload=principal.has(Role.SUBMITTER) and principal.member == code,
    )


@router.post("/workspace/{member}/imports", dependencies=[CSRF])
def upload(
    ctx: Ctx,
    member: str,
    file: Annotated[UploadFile, File()],
    format_name: Annotated[str, Form(alias="format")] = "",
    encoding: Annotated[str, Form()] = "",
) -> Response:
    """Save the upload and start importing it; the browser is sent to the progress page."""
    principal, code = _open(ctx, member)
    settings = get_settings()
    chunks: list[bytes] = []
    size = 0
    while chunk := file.file.read(CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > settings.max_import_bytes:
            break
    job_folder = settings.data_dir / "uploads" / secrets.token_hex(8)
    path = save_upload(
        job_folder, file.filename or "upload", chunks, max_bytes=settings.max_import_bytes
    )
    job = start_import(
        ctx.engine,
        principal,
        path,
        member=code,
        max_bytes=settings.max_import_bytes,
        format_name=format_name or None,
        encoding=encoding or None,
    )
    return redirect(ctx, f"/workspace/{code}/jobs/{job.id}")


@router.get("/workspace/{member}/jobs/{job_id}")
def job_page(ctx: Ctx, member: str, job_id: str) -> Response:
    """Progress while the import runs (refreshes itself), then the report."""
    _, code = _open(ctx, member)
    job = get_job(job_id)
    if job is None or job.member != code:
        raise NotFound(f"no import job {job_id!r} for {code}")
    if job.state == "done" and job.batch_id is not None:
        return redirect(ctx, f"/workspace/{code}/imports/{job.batch_id}")
    return render(ctx, "job.html", job=job, member=code)


@router.get("/workspace/{member}/imports/{batch_id}")
def import_report(ctx: Ctx, member: str, batch_id: int) -> Response:
    """What one import did: counts, and each error with where it is in the file."""
    _, code = _open(ctx, member)
    with transaction(ctx.engine) as session:
        batch = next(
            (b for b in list_imports(session, member=code, limit=1000) if b.id == batch_id), None
        )
        submissions = {s.batch_id: s for s in list_submissions(session, member=code)}
    if batch is None:
        raise NotFound(f"no import {batch_id} of {code}")
    return render(
        ctx, "report.html", batch=batch, member=code, submission=submissions.get(batch.id)
    )


@router.post("/workspace/{member}/submissions/{submission_id}", dependencies=[CSRF])
def decide(
    ctx: Ctx,
    member: str,
    submission_id: int,
    decision: Annotated[str, Form()],
    reasons: Annotated[str, Form()] = "",
) -> Response:
    """Four eyes: an approver of the member approves or rejects a colleague's submission."""
    principal, code = _open(ctx, member)
    decide_submission(
        ctx.engine, principal, submission_id, approve=decision == "approve", reasons=reasons
    )
    return redirect(ctx, f"/workspace/{code}")


@router.post("/workspace/{member}/objections", dependencies=[CSRF])
def object_to(
    ctx: Ctx,
    member: str,
    entry: Annotated[str, Form()],
    reasons: Annotated[str, Form()],
) -> Response:
    """Object to a proposed entry, with reasons (kept confidential to the member)."""
    principal, code = _open(ctx, member)
    raise_objection(ctx.engine, principal, entry, reasons, member=code)
    return redirect(ctx, f"/workspace/{code}")

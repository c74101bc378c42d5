"""The secretariat: review queue, overdue periodic reviews, petitions, creating a release."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response
from sqlalchemy import select

from commonlist.access.roles import Principal, Role
from commonlist.exc import PermissionDenied
from commonlist.policy.actions import decide_petition
from commonlist.policy.codes import PetitionStatus
from commonlist.policy.store import policy_at, review_schedule
from commonlist.policy.tables import PetitionDecisionRow, PetitionRow
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.registry.tables import SourceRecordRow
from commonlist.releases.actions import create_release
from commonlist.resolve.judgement import Decision
from commonlist.web.context import CSRF, Ctx
from commonlist.web.render import WebRoute, redirect, render
from commonlist.web.review import (
    compare_rows,
    decide_pair,
    get_candidate,
    open_candidates,
    pair_details,
)

router = APIRouter(route_class=WebRoute)


def _secretariat(ctx: Ctx) -> Principal:
    principal = ctx.require_user()
    if not principal.roles & {Role.SECRETARIAT, Role.AUDITOR}:
        raise PermissionDenied(f"{principal.name}: the secretariat's pages are for the secretariat")
    return principal


@router.get("/secretariat")
def dashboard(ctx: Ctx) -> Response:
    _secretariat(ctx)
    with transaction(ctx.engine) as session:
        candidates = open_candidates(session)
        captions = {
            rid: caption
            for rid, caption in session.execute(
                select(SourceRecordRow.id, SourceRecordRow.caption).where(
                    SourceRecordRow.id.in_(
                        {c.left for c in candidates} | {c.right for c in candidates}
                    )
                )
            )
        }
        policy = policy_at(session, utcnow())
        schedule = review_schedule(session, months=policy.review_months, today=date.today())
        petitions = list(session.scalars(select(PetitionRow).order_by(PetitionRow.filed_at.desc())))
        steps: dict[str, str] = {}
        for pid, status in session.execute(
            select(PetitionDecisionRow.petition_id, PetitionDecisionRow.status).order_by(
                PetitionDecisionRow.id
            )
        ):
            steps[pid] = status
    overdue = sorted((r for r in schedule if r.overdue_days > 0), key=lambda r: -r.overdue_days)
    due_soon = sorted((r for r in schedule if r.overdue_days <= 0), key=lambda r: r.due)[:10]
    return render(
        ctx,
        "secretariat.html",
        candidates=candidates,
        captions=captions,
        overdue=overdue,
        due_soon=due_soon,
        months=policy.review_months,
        petitions=petitions,
        petition_status={p.id: steps.get(p.id, PetitionStatus.RECEIVED.value) for p in petitions},
        decisions=[s for s in PetitionStatus if s is not PetitionStatus.RECEIVED],
    )


@router.get("/secretariat/review/{candidate_id}")
def review_page(ctx: Ctx, candidate_id: int) -> Response:
    """Two records side by side, differences marked, the matcher's explanation, the decision."""
    _secretariat(ctx)
    with transaction(ctx.engine) as session:
        candidate = get_candidate(session, candidate_id)
        left, right = pair_details(session, candidate)
    return render(
        ctx,
        "review.html",
        candidate=candidate,
        left=left,
        right=right,
        rows=compare_rows(left, right),
        features=candidate.features.get("features", []),
    )


@router.post("/secretariat/review/{candidate_id}", dependencies=[CSRF])
def review_decide(
    ctx: Ctx,
    candidate_id: int,
    decision: Annotated[Decision, Form()],
    comment: Annotated[str, Form()] = "",
) -> Response:
    principal = _secretariat(ctx)
    entry = decide_pair(ctx.engine, principal, candidate_id, decision, comment)
    return redirect(ctx, f"/entries/{entry}" if entry else "/secretariat")


@router.post("/secretariat/petitions/{petition_id}", dependencies=[CSRF])
def petition_decide(
    ctx: Ctx,
    petition_id: str,
    status: Annotated[PetitionStatus, Form()],
    reasons: Annotated[str, Form()],
) -> Response:
    principal = _secretariat(ctx)
    decide_petition(ctx.engine, principal, petition_id, status, reasons)
    return redirect(ctx, "/secretariat#petitions-h")


@router.post("/secretariat/releases", dependencies=[CSRF])
def release_create(ctx: Ctx) -> Response:
    """Evaluate, freeze and publish the next release; shows its diff page."""
    principal = _secretariat(ctx)
    published = create_release(ctx.engine, principal)
    return redirect(ctx, f"/releases/{published.release.number}")

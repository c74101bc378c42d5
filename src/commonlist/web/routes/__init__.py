"""The web UI's pages: one router per area, gathered in ``router`` for the API app."""

from fastapi import APIRouter

from commonlist.web.render import WebRoute
from commonlist.web.routes import (
    auth,
    charts,
    petitions,
    public,
    releases,
    screening,
    secretariat,
    workspace,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)
router.include_router(public.router)
router.include_router(releases.router)
router.include_router(charts.router)
router.include_router(screening.router)
router.include_router(auth.router)
router.include_router(workspace.router)
router.include_router(secretariat.router)
router.include_router(petitions.router)

__all__ = ["router"]

"""The FastAPI application: routers per area, one handler for domain errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from commonlist.api.routers import entities, jobs, match, reconcile, search, system
from commonlist.exc import CommonListError
from commonlist.screen.jobs import JobRunner
from commonlist.screen.service import IndexHolder
from commonlist.settings import get_settings
from commonlist.web.routes import router as web_router


def create_app(holder: IndexHolder, engine: Engine, *, jobs_dir: Path | None = None) -> FastAPI:
    """The API over a served index and the registry (tokens, false-positive marks).

    Args:
        holder: the index being served; swap it to serve a new release.
        engine: the registry database.
        jobs_dir: where bulk jobs keep uploads and results (default: data_dir/screen-jobs).
    """
    settings = get_settings()
    runner = JobRunner(
        holder, jobs_dir or settings.data_dir / "screen-jobs", max_bytes=settings.max_import_bytes
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.shutdown()

    app = FastAPI(
        title="commonlist screening API",
        description="Screen names against the common list of designated terrorist persons "
        "and organisations: yente-compatible /match, search, entities, OpenRefine "
        "reconciliation and bulk jobs.",
        version="1",
        lifespan=lifespan,
    )
    app.state.holder = holder
    app.state.engine = engine
    app.state.jobs = runner
    app.add_exception_handler(CommonListError, _domain_error)  # type: ignore[arg-type]
    for module in (match, search, entities, reconcile, jobs, system):
        app.include_router(module.router)
    app.include_router(web_router)
    return app


async def _domain_error(_request: Request, exc: CommonListError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=exc.status)

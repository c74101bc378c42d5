"""GET /healthz, /readyz and /algorithms: what orchestrators and yente clients ask first."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from commonlist.api.deps import EngineDep, IndexDep
from commonlist.api.routers.match import matcher_docs
from commonlist.api.schemas import AlgorithmDoc, AlgorithmResponse, ErrorResponse, StatusResponse
from commonlist.matching import ALGORITHMS, DEFAULT_ALGORITHM

router = APIRouter(tags=["System information"])


@router.get("/healthz", response_model=StatusResponse)
def healthz() -> StatusResponse:
    """The service answers (a liveness probe: it does no work)."""
    return StatusResponse(status="ok")


@router.get(
    "/readyz",
    response_model=StatusResponse,
    responses={503: {"model": ErrorResponse, "description": "Not ready to screen"}},
)
def readyz(index: IndexDep, engine: EngineDep) -> StatusResponse | JSONResponse:
    """Ready to screen: an index is served and the registry database answers (for the
    known false positives and bulk jobs); 503 otherwise."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        detail = f"registry database unreachable: {type(exc).__name__}"
        return JSONResponse({"detail": detail}, status_code=503)
    return StatusResponse(status="ok", index=index.info.version)


@router.get("/algorithms", response_model=AlgorithmResponse)
def algorithms() -> AlgorithmResponse:
    """The matching algorithms ``/match`` takes (``?algorithm=``), as yente lists them."""
    return AlgorithmResponse(
        algorithms=[
            AlgorithmDoc(
                name=name,
                description=(kind.__doc__ or name).strip().splitlines()[0],
                features=matcher_docs(name),
            )
            for name, kind in ALGORITHMS.items()
        ],
        default=DEFAULT_ALGORITHM,
        best=DEFAULT_ALGORITHM,
    )

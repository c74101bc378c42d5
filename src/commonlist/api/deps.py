"""Dependencies of the routers: the served index, the registry, the calling client."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy import Engine

from commonlist.access.roles import Principal
from commonlist.access.tokens import authenticate_token
from commonlist.exc import PermissionDenied
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.screen.index import ScreenIndex
from commonlist.screen.jobs import JobRunner
from commonlist.screen.service import DEFAULT_DATASET, IndexHolder

PATH_DATASET = Path(
    description="Dataset to screen against: `default` is the release being served",
    examples=[DEFAULT_DATASET],
)


def get_holder(request: Request) -> IndexHolder:
    holder: IndexHolder = request.app.state.holder
    return holder


def get_index(request: Request) -> ScreenIndex:
    """The served index, taken once for the whole request (a swap does not affect it)."""
    return get_holder(request).current


def get_dataset_index(request: Request, dataset: Annotated[str, PATH_DATASET]) -> ScreenIndex:
    return get_holder(request).get(dataset)


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_jobs(request: Request) -> JobRunner:
    jobs: JobRunner = request.app.state.jobs
    return jobs


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def optional_client(request: Request) -> Principal | None:
    """The principal of the request's Bearer API token, if one is given."""
    token = _bearer(request)
    if token is None:
        return None
    with transaction(get_engine(request)) as session:
        return authenticate_token(session, token, now=utcnow())


def require_client(request: Request) -> Principal:
    """The principal of the request's Bearer API token; false-positive marks and jobs are scoped to it."""
    principal = optional_client(request)
    if principal is None:
        raise PermissionDenied("this needs an API token: send 'Authorization: Bearer clt_…'")
    return principal


HolderDep = Annotated[IndexHolder, Depends(get_holder)]
IndexDep = Annotated[ScreenIndex, Depends(get_index)]
DatasetIndexDep = Annotated[ScreenIndex, Depends(get_dataset_index)]
EngineDep = Annotated[Engine, Depends(get_engine)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]
OptionalClientDep = Annotated[Principal | None, Depends(optional_client)]
ClientDep = Annotated[Principal, Depends(require_client)]

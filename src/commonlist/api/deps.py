"""Dependencies of the routers: the served index, the registry, the calling client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlalchemy import Engine

from commonlist.access.roles import Principal
from commonlist.access.tokens import authenticate_token
from commonlist.exc import PermissionDenied
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.screen.index import EntryFilter, ScreenIndex
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


#: Most entity IDs one request may exclude (as yente).
MAX_EXCLUDED_IDS = 50


@dataclass(frozen=True, slots=True)
class ResultFilters:
    """yente's result filters of ``/match`` and ``/search``, as the client sent them."""

    include_dataset: list[str]
    exclude_dataset: list[str]
    exclude_schema: list[str]
    topics: list[str]
    exclude_entity_ids: list[str]
    changed_since: str | None

    def on(self, index: ScreenIndex) -> EntryFilter | None:
        """The filter over an index's entries (None: none asked for).

        Raises:
            InvalidInput: a dataset the index does not hold, an unknown schema or topic, a
                ``changed_since`` that is not a date or that the index cannot tell.
        """
        return index.entry_filter(
            include_datasets=self.include_dataset,
            exclude_datasets=self.exclude_dataset,
            exclude_schemata=self.exclude_schema,
            topics=self.topics,
            exclude_ids=self.exclude_entity_ids,
            changed_since=self.changed_since,
        )


def result_filters(
    include_dataset: Annotated[
        list[str] | None,
        Query(title="Only results listed by these members (the entries' `datasets`)"),
    ] = None,
    exclude_dataset: Annotated[
        list[str] | None, Query(title="No results listed by these members")
    ] = None,
    exclude_schema: Annotated[
        list[str] | None, Query(title="No results of these schemata (e.g. `Organization`)")
    ] = None,
    topics: Annotated[
        list[str] | None, Query(title="Only results with one of these topics (e.g. `sanction`)")
    ] = None,
    exclude_entity_ids: Annotated[
        list[str] | None,
        Query(
            title="Entities not to return",
            description="Entry IDs, IDs retired by a merge, or the member records behind an "
            "entry (`MEMBER:NATIVE_ID`, as in `referents`): any of them excludes the entry. "
            "Useful to leave out hits a human already decided were not a match.",
            max_length=MAX_EXCLUDED_IDS,
        ),
    ] = None,
    changed_since: Annotated[
        str | None,
        Query(
            title="Only entries added or amended by a release made since this date",
            description="ISO 8601 date or time, UTC unless it says otherwise (e.g. "
            "`2026-11-01`): screen a customer base again against what changed only.",
            examples=["2026-11-01"],
            max_length=40,
        ),
    ] = None,
) -> ResultFilters:
    return ResultFilters(
        include_dataset or [],
        exclude_dataset or [],
        exclude_schema or [],
        topics or [],
        exclude_entity_ids or [],
        changed_since,
    )


HolderDep = Annotated[IndexHolder, Depends(get_holder)]
IndexDep = Annotated[ScreenIndex, Depends(get_index)]
DatasetIndexDep = Annotated[ScreenIndex, Depends(get_dataset_index)]
EngineDep = Annotated[Engine, Depends(get_engine)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]
OptionalClientDep = Annotated[Principal | None, Depends(optional_client)]
ClientDep = Annotated[Principal, Depends(require_client)]
FiltersDep = Annotated[ResultFilters, Depends(result_filters)]

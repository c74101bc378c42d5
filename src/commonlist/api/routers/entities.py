"""GET /entities/{id}: one entry, following redirects from merged or split IDs."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from commonlist.access.roles import Action, authorize
from commonlist.api.deps import ClientDep, HolderDep, IndexDep
from commonlist.api.present import entity_response
from commonlist.api.schemas import EntityResponse, ErrorResponse, IndexStatus

router = APIRouter(tags=["Entities"])


@router.get(
    "/entities/{entity_id}",
    response_model=EntityResponse,
    response_model_by_alias=True,
    responses={
        307: {"description": "The ID was merged into another entry"},
        404: {"model": ErrorResponse, "description": "No such entry"},
    },
)
def get_entity(entity_id: str, index: IndexDep) -> EntityResponse | RedirectResponse:
    """An entry of the served list with its member records (``referents``).

    An ID retired by a merge redirects (307) to the entry that absorbed it, as yente does.
    """
    entry = index.resolve_id(entity_id)
    current = index.ids[entry]
    if current != entity_id:
        return RedirectResponse(url=f"/entities/{current}", status_code=307)
    return entity_response(index, entry)


@router.get("/index", response_model=IndexStatus, tags=["Entities"])
def index_status(index: IndexDep) -> IndexStatus:
    """What the service screens against: release or working list, and its size."""
    return IndexStatus(
        name=index.info.name,
        version=index.info.version,
        entries=index.info.entries,
        names=index.info.names,
    )


@router.post("/index/reload", response_model=IndexStatus, tags=["Entities"])
def reload_index(holder: HolderDep, client: ClientDep) -> IndexStatus:
    """Rebuild the index from its source (a new release) and swap it in.

    Requests in flight finish on the old index; none is dropped. Needs the
    secretariat's token (the right to publish releases).
    """
    authorize(client, Action.RELEASE_CREATE)
    index = holder.reload()
    return index_status(index)

"""Releases: the list, one release with its diff from the previous one, its signed files."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from commonlist.exc import NotFound
from commonlist.registry.db import transaction
from commonlist.releases.delta import ReleaseDiff, diff
from commonlist.releases.signing import MANIFEST, SIGNATURE, file_sha256
from commonlist.releases.store import Release, get_release, list_releases, release_entries
from commonlist.web import charts
from commonlist.web.context import Ctx
from commonlist.web.render import WebRoute, render

router = APIRouter(route_class=WebRoute)


@dataclass(frozen=True, slots=True)
class ReleaseFile:
    name: str
    sha256: str
    size: int


def release_files(release: Release) -> list[ReleaseFile]:
    """The files of a release as its signed manifest lists them, then the manifest itself."""
    manifest = release.folder / MANIFEST
    if not manifest.is_file():
        return []
    listed = orjson.loads(manifest.read_bytes()).get("files", {})
    files = [
        ReleaseFile(name, info["sha256"], info["bytes"]) for name, info in sorted(listed.items())
    ]
    for extra in (MANIFEST, SIGNATURE):
        path = release.folder / extra
        if path.is_file():
            files.append(ReleaseFile(extra, file_sha256(path), path.stat().st_size))
    return files


@router.get("/releases")
def releases_page(ctx: Ctx) -> Response:
    with transaction(ctx.engine) as session:
        releases = list_releases(session)
    chart = charts.line(
        [(str(r.number), r.entries) for r in releases],
        ident="size",
        title=ctx.t("charts.size"),
        desc=", ".join(f"{r.number}: {r.entries}" for r in releases),
    )
    return render(ctx, "releases.html", releases=list(reversed(releases)), chart=chart)


@router.get("/releases/{number}")
def release_page(ctx: Ctx, number: int) -> Response:
    """A release: its numbers, the change from the one before, its files with hashes."""
    with transaction(ctx.engine) as session:
        release = get_release(session, number)
        after = release_entries(session, number)
        before = release_entries(session, number - 1) if number > 1 else {}
    changes: ReleaseDiff = diff(before, after)
    captions = {k: v.get("caption", k) for k, v in {**before, **after}.items()}
    return render(
        ctx,
        "release.html",
        release=release,
        changes=changes,
        captions=captions,
        files=release_files(release),
        first=number == 1,
    )


@router.get("/releases/{number}/files/{name}")
def release_file(ctx: Ctx, number: int, name: str) -> Response:
    """One file of a release, as signed; only names its manifest lists."""
    with transaction(ctx.engine) as session:
        release = get_release(session, number)
    if name not in {f.name for f in release_files(release)}:
        raise NotFound(f"release {number} has no file {name!r}")
    return FileResponse(release.folder / name, filename=name)

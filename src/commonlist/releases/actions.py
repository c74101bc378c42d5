"""Creating a release: evaluate, freeze, export, sign, audit — by the secretariat.

The one state-changing operation not in ``policy.actions``: it needs the
exports, and releases come after policy in the package order.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from commonlist.access.roles import Action, Principal, authorize
from commonlist.audit.log import append, head
from commonlist.exc import Conflict
from commonlist.policy.actions import evaluate_entries
from commonlist.policy.store import policy_at
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.releases.delta import make_delta
from commonlist.releases.exports import write_csv, write_ftm, write_un_xml
from commonlist.releases.signing import load_or_create_key, sign_folder
from commonlist.releases.store import (
    Release,
    freeze,
    latest_release,
    listed_entries,
    listing,
    next_number,
    release_entries,
)
from commonlist.settings import get_settings

log = structlog.get_logger(__name__)

FTM_FILE = "entities.ftm.json"
CSV_FILE = "entries.csv"
XML_FILE = "consolidated.xml"
DELTA_FILE = "delta.jsonl"


@dataclass(frozen=True, slots=True)
class Published:
    release: Release
    folder: Path
    added: int
    removed: int
    amended: int
    #: False when ``if_changed`` found nothing new and returned the latest release
    created: bool = True


def signing_key_path() -> Path:
    settings = get_settings()
    return settings.signing_key or settings.data_dir / "keys" / "release-ed25519.pem"


def create_release(
    engine: Engine,
    principal: Principal,
    *,
    out: Path | None = None,
    key_path: Path | None = None,
    if_changed: bool = False,
    now: datetime | None = None,
) -> Published:
    """Evaluate the policy, then freeze the listed entries into release N+1 and publish it.

    Writes ``<out or data_dir/releases>/<N>/``: FtM JSON lines, CSV, UN-layout
    XML, the delta from release N, and a manifest signed with Ed25519. With
    ``if_changed``, returns release N instead when its content would be the same.
    """
    authorize(principal, Action.RELEASE_CREATE)
    when = now or utcnow()
    evaluate_entries(engine, principal, now=when)
    key = load_or_create_key(key_path or signing_key_path())
    with transaction(engine) as session:
        policy = policy_at(session, when)
        listed = listing(session, policy)
        previous = latest_release(session)
        if if_changed and previous and previous.source_sha256 == listed.fingerprint():
            return Published(previous, previous.folder, 0, 0, 0, created=False)
        entries = listed_entries(session, listed)
        before = release_entries(session, previous.number) if previous else {}
        anchor = head(session)
        parent = (out or get_settings().data_dir / "releases").resolve()
        folder = parent / f"{next_number(session):04d}"
        release = freeze(
            session,
            entries,
            actor=principal.name,
            policy=policy,
            audit_head=anchor,
            folder=folder,
            fingerprint=listed.fingerprint(),
            now=when,
        )
        if folder.exists() and any(folder.iterdir()):
            raise Conflict(f"{folder} exists and is not empty; releases are never overwritten")
        folder.mkdir(parents=True, exist_ok=True)
        try:
            counts = _publish(folder, key, release, entries, before, previous, anchor, when)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)  # the transaction rolls back too
            raise
        append(
            session,
            principal.name,
            principal.member,
            Action.RELEASE_CREATE.value,
            f"release:{release.number}",
            None,
            {"entries": release.entries, "content_sha256": release.content_sha256},
            detail={"folder": str(folder), **counts},
            now=when,
        )
    log.info("release published", release=release.number, entries=release.entries)
    return Published(release, folder, counts["add"], counts["remove"], counts["amend"])


def _publish(
    folder: Path,
    key: Ed25519PrivateKey,
    release: Release,
    entries: dict[str, dict[str, Any]],
    before: dict[str, dict[str, Any]],
    previous: Release | None,
    anchor: tuple[int, str],
    when: datetime,
) -> dict[str, int]:
    """Write the export files, the delta and the signed manifest; returns the delta counts."""
    ordered = [entries[k] for k in sorted(entries)]
    write_ftm(folder / FTM_FILE, ordered)
    write_csv(folder / CSV_FILE, ordered)
    write_un_xml(folder / XML_FILE, ordered, generated=when)
    ops = make_delta(before, entries)
    with (folder / DELTA_FILE).open("wb") as fh:
        for op in ops:
            fh.write(orjson.dumps(op, option=orjson.OPT_SORT_KEYS) + b"\n")
    counts = {k: sum(1 for op in ops if op["op"] == k) for k in ("add", "remove", "amend")}
    sign_folder(
        folder,
        key,
        {
            "release": release.number,
            "created_at": when.isoformat(),
            "previous": previous.number if previous else None,
            "entries": release.entries,
            "content_sha256": release.content_sha256,
            "policy": release.policy,
            "audit": {"seq": anchor[0], "hash": anchor[1]},
            "delta": counts,
        },
    )
    return counts

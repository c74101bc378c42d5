"""Where an index's entries come from: a release's FtM export, or the registry's working list.

Both give followthemoney entities whose ``referents`` are the member records
(``MEMBER:NATIVE_ID``) behind each entry. The working list is the resolved
common entries (``CL-…``, with redirects from merged IDs); before any resolution
run it is one entry per active member record, so screening works from the first
import on.
"""

from __future__ import annotations

import gzip
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar, cast

import orjson
import structlog
from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import Engine, func, select

from commonlist.exc import SourceFormatError
from commonlist.registry.db import transaction
from commonlist.registry.records import current_records
from commonlist.registry.tables import ImportBatchRow
from commonlist.releases.actions import DELTA_FILE, FTM_FILE
from commonlist.releases.signing import MANIFEST
from commonlist.resolve.tables import (
    CommonEntryRow,
    EntryRecordRow,
    EntryRedirectRow,
    ResolutionRunRow,
)
from commonlist.screen.index import INDEX_FORMAT, ScreenIndex, build_index
from commonlist.sources.model import ParsedRecord

log = structlog.get_logger(__name__)
T = TypeVar("T")

#: File name of the FtM JSON-lines export in a release folder (``releases/0003/``).
RELEASE_FILE = FTM_FILE


@dataclass(frozen=True, slots=True)
class EntrySource:
    """Entries and the redirects of retired IDs, with a label of what they are."""

    version: str
    entities: list[EntityProxy]
    redirects: dict[str, str]


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def read_ftm_lines(path: Path) -> Iterator[EntityProxy]:
    """Entities of a followthemoney JSON-lines file (plain or ``.gz``).

    Raises:
        SourceFormatError: a line is not a JSON entity; names the file and line.
    """
    return _json_lines(path, "a followthemoney entity", EntityProxy.from_dict, file=path.name)


def _json_lines(path: Path, what: str, parse: Callable[[Any], T], *, file: str) -> Iterator[T]:
    """``parse`` of each JSON line of a file (plain or ``.gz``), blank lines skipped.

    Raises:
        SourceFormatError: a line is not JSON, or not ``what`` ``parse`` takes; names
            ``file`` and the line.
    """
    with _open(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = parse(orjson.loads(line))
            except (orjson.JSONDecodeError, TypeError, KeyError, ValueError) as exc:
                raise SourceFormatError(
                    f"not {what}: {exc}", file=file, ref=f"line {number}"
                ) from exc
            yield item


def file_source(path: Path) -> EntrySource:
    """Entries from an FtM JSON-lines export (a release file); Sanction and other
    non-matchable entities of the export are left out.

    The entries of a release file in its release folder carry yente's dates
    (``release_dates``): ``first_seen`` and ``last_change``, when the releases that
    first added and last added or amended them were made, and ``last_seen``, when this
    release was.
    """
    is_release = path.name == RELEASE_FILE
    version = f"release-{path.parent.name}" if is_release else f"file:{path.name}"
    entities = [e for e in read_ftm_lines(path) if e.schema.matchable]
    dates = release_dates(path.parent) if is_release else None
    if dates is not None:
        for entity in entities:
            entity.context["last_seen"] = dates.made
            if entity.id in dates.first_seen:
                entity.context["first_seen"] = dates.first_seen[entity.id]
            if entity.id in dates.last_change:
                entity.context["last_change"] = dates.last_change[entity.id]
    return EntrySource(version, entities, {})


@dataclass(frozen=True, slots=True)
class ReleaseDates:
    """When a release was made, and per entry ID when the releases that first added it
    and last added or amended it were made (ISO 8601)."""

    made: str
    first_seen: dict[str, str]
    last_change: dict[str, str]


def release_dates(folder: Path) -> ReleaseDates | None:
    """The dates of the release in ``folder`` (``releases/0003/``) and of its entries, from
    the manifests and deltas of that release and the ones before it in the same parent
    folder; None when ``folder`` is not a release folder.

    The walk goes back from this release and stops at the first folder without a
    manifest: what happened before that is not known.

    Raises:
        SourceFormatError: a manifest or a delta line that is not what releases write, or
            a delta missing; names the file and line.
    """
    if not folder.name.isdigit() or not (folder / MANIFEST).is_file():
        return None
    made: str | None = None
    first_seen: dict[str, str] = {}
    last_change: dict[str, str] = {}
    number = int(folder.name)
    while number > 0:
        release = folder.parent / f"{number:0{len(folder.name)}d}"
        if not (release / MANIFEST).is_file():
            break
        when = _made(release / MANIFEST)
        made = made or when
        for kind, entry_id in _delta_ops(release / DELTA_FILE):
            if kind in ("add", "amend"):
                last_change.setdefault(entry_id, when)
            if kind == "add":
                first_seen[entry_id] = when  # going back: the earliest add stays
        number -= 1
    assert made is not None
    return ReleaseDates(made, first_seen, last_change)


def _made(manifest: Path) -> str:
    try:
        return str(orjson.loads(manifest.read_bytes())["created_at"])
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise SourceFormatError(
            f"not a release manifest: {exc}", file=str(manifest), ref="created_at"
        ) from exc


def _delta_ops(delta: Path) -> Iterator[tuple[str, str]]:
    """Each operation's kind and entry ID, in order."""
    if not delta.is_file():
        raise SourceFormatError("a release folder without its delta", file=str(delta))
    return _json_lines(delta, "a delta operation", _op, file=str(delta))


def _op(op: dict[str, Any]) -> tuple[str, str]:
    return str(op["op"]), str(op["id"])


def latest_release_file(data_dir: Path) -> Path | None:
    """The FtM export of the newest published release under ``data_dir/releases``, if any."""
    found = sorted((data_dir / "releases").glob(f"*/{RELEASE_FILE}"))
    return found[-1] if found else None


def working_source(engine: Engine) -> EntrySource:
    """The registry's current common entries, or one entry per record before resolution."""
    with transaction(engine) as session:
        records = {rid: (member, rec) for member, rid, rec in current_records(session)}
        rows = session.execute(
            select(CommonEntryRow.id, CommonEntryRow.schema, EntryRecordRow.record_id)
            .join(EntryRecordRow, EntryRecordRow.entry_id == CommonEntryRow.id)
            .where(CommonEntryRow.status == "active", EntryRecordRow.removed_at.is_(None))
            .order_by(CommonEntryRow.seq, EntryRecordRow.record_id)
        ).all()
        redirect_rows = session.execute(
            select(EntryRedirectRow.old_id, EntryRedirectRow.new_id).order_by(EntryRedirectRow.id)
        ).all()
    members: dict[str, tuple[str, list[str]]] = {}
    for entry_id, schema, record_id in rows:
        if record_id in records:
            members.setdefault(entry_id, (schema, []))[1].append(record_id)
    entities: list[EntityProxy] = []
    covered: set[str] = set()
    for entry_id, (schema, record_ids) in members.items():
        entities.append(_merge(entry_id, schema, [(rid, *records[rid]) for rid in record_ids]))
        covered.update(record_ids)
    for rid, (member, rec) in records.items():
        if rid not in covered:
            entity = rec.to_entity(member)
            entity.context["referents"] = [rid]
            entities.append(entity)
    redirects = {old: new for old, new in redirect_rows}
    log.info("working list", entries=len(entities), resolved=len(members))
    return EntrySource("working", entities, redirects)


def _merge(entry_id: str, schema: str, records: list[tuple[str, str, ParsedRecord]]) -> EntityProxy:
    merged = model.make_entity(schema)
    merged.id = entry_id
    for _rid, member, rec in records:
        entity = rec.to_entity(member)
        if merged.schema != entity.schema:
            merged.schema = model.common_schema(merged.schema, entity.schema)
        for prop, values in entity.properties.items():
            merged.add(prop, values, quiet=True, cleaned=True)
    merged.context["referents"] = sorted(rid for rid, _m, _r in records)
    return merged


def load_index(source: EntrySource, *, name: str = "default") -> ScreenIndex:
    """Build the screening index of a source."""
    return build_index(
        source.entities, name=name, version=source.version, redirects=source.redirects
    )


def registry_state(engine: Engine) -> str:
    """A label that changes whenever the working list can have changed (imports, resolution)."""
    with transaction(engine) as session:
        batch = session.scalar(select(func.max(ImportBatchRow.id))) or 0
        run = session.scalar(select(func.max(ResolutionRunRow.id))) or 0
    return f"working-b{batch}-r{run}"


def registry_index(engine: Engine, *, cache_dir: Path | None = None) -> ScreenIndex:
    """The working list's index, from a pickle in ``cache_dir`` when the registry is unchanged.

    Building reads and merges every current record (tens of seconds for the six
    bundled lists); the cache makes ``commonlist screen`` and a restart instant.
    """
    state = registry_state(engine)
    cached = cache_dir / f"screen-index-{INDEX_FORMAT}-{state}.pickle" if cache_dir else None
    if cached is not None and cached.exists():
        with cached.open("rb") as handle:
            index = pickle.load(handle)
        if isinstance(index, ScreenIndex):
            return index
    source = working_source(engine)
    index = build_index(source.entities, name="default", version=state, redirects=source.redirects)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("screen-index-*.pickle"):
            old.unlink()
        tmp = cached.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cached)
    return index

"""Differences between two releases: field-level changes and a delta that patches A into B.

Entries are plain JSON objects. The delta of one amended entry sets or unsets
values at key paths, recursing into nested objects (``properties`` → ``alias``)
so a change of one alias does not restate the whole entry; lists are replaced whole.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

Entries = Mapping[str, Mapping[str, Any]]


class DeltaOp(TypedDict, total=False):
    """One line of a delta file."""

    op: str  # add | remove | amend
    id: str
    data: dict[str, Any]  # add: the whole entry
    set: list[tuple[list[str], Any]]  # amend: (path, new value)
    unset: list[list[str]]  # amend: paths removed


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field of an amended entry; lists show the values added and removed."""

    path: str
    old: Any
    new: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    amended: dict[str, tuple[FieldChange, ...]]


def _walk(
    old: Mapping[str, Any], new: Mapping[str, Any], path: list[str]
) -> Iterator[tuple[list[str], Any, Any]]:
    """(path, old, new) of every leaf that differs; ``...`` marks a missing side."""
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, ...), new.get(key, ...)
        if a == b and key in old and key in new:
            continue
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            yield from _walk(a, b, [*path, key])
        else:
            yield [*path, key], a, b


def _as_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _hashable(value: Any) -> Any:
    return repr(value) if isinstance(value, dict | list) else value


def diff(a: Entries, b: Entries) -> ReleaseDiff:
    """Entries added, removed and amended from ``a`` to ``b``, with field-level changes."""
    amended: dict[str, tuple[FieldChange, ...]] = {}
    for entry_id in sorted(set(a) & set(b)):
        changes = []
        for path, old, new in _walk(a[entry_id], b[entry_id], []):
            old_v, new_v = (None if old is ... else old), (None if new is ... else new)
            olds = {_hashable(v): v for v in _as_tuple(old_v)}
            news = {_hashable(v): v for v in _as_tuple(new_v)}
            changes.append(
                FieldChange(
                    ".".join(path),
                    old_v,
                    new_v,
                    tuple(v for k, v in news.items() if k not in olds),
                    tuple(v for k, v in olds.items() if k not in news),
                )
            )
        if changes:
            amended[entry_id] = tuple(changes)
    return ReleaseDiff(tuple(sorted(set(b) - set(a))), tuple(sorted(set(a) - set(b))), amended)


def make_delta(a: Entries, b: Entries) -> list[DeltaOp]:
    """The operations that turn release ``a`` into release ``b``, sorted by entry id."""
    ops: list[DeltaOp] = []
    for entry_id in sorted(set(a) | set(b)):
        if entry_id not in b:
            ops.append({"op": "remove", "id": entry_id})
        elif entry_id not in a:
            ops.append({"op": "add", "id": entry_id, "data": dict(b[entry_id])})
        else:
            sets, unsets = [], []
            for path, _old, new in _walk(a[entry_id], b[entry_id], []):
                if new is ...:
                    unsets.append(path)
                else:
                    sets.append((path, new))
            if sets or unsets:
                ops.append({"op": "amend", "id": entry_id, "set": sets, "unset": unsets})
    return ops


def apply_delta(a: Entries, ops: list[DeltaOp]) -> dict[str, dict[str, Any]]:
    """Release ``a`` patched by a delta (``a`` itself is not changed)."""
    result = {k: copy.deepcopy(dict(v)) for k, v in a.items()}
    for op in ops:
        entry_id = op["id"]
        if op["op"] == "remove":
            del result[entry_id]
        elif op["op"] == "add":
            result[entry_id] = copy.deepcopy(op["data"])
        else:
            target = result[entry_id]
            for path in op.get("unset", []):
                _parent(target, path).pop(path[-1], None)
            for path, value in op.get("set", []):
                _parent(target, path)[path[-1]] = copy.deepcopy(value)
    return result


def _parent(obj: dict[str, Any], path: list[str]) -> dict[str, Any]:
    for key in path[:-1]:
        nxt = obj.get(key)
        if not isinstance(nxt, dict):
            nxt = obj[key] = {}
        obj = nxt
    return obj

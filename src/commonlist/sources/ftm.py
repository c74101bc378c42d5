"""followthemoney entities as JSON lines: one ``{"id", "schema", "properties"}`` per line.

Reads third-party exports and our own: ``write_entities`` writes each record as
``ParsedRecord.to_entity`` makes it, plus two top-level keys that followthemoney
does not have, ``native_id`` (the list's own identifier) and ``designation``.
Reading them back gives the same identifiers, schema, names and properties.

What the entity form cannot carry is rebuilt as well as it can be: name kinds
come from the property (``name``, ``alias``, ``weakAlias``, ``previousName``; a
non-Latin alias counts as original script), name parts go to the primary name,
``passportNumber``/``idNumber`` become documents without country, and
``program``, ``programId`` and ``topics`` (which ``to_entity`` derives from the
designation) are not copied into the properties.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import orjson

from commonlist.exc import SourceFormatError
from commonlist.sources.common import read_text
from commonlist.sources.formats import SourceFormat
from commonlist.sources.model import (
    NAME_PART_PROPERTIES,
    SCHEMATA,
    Designation,
    Name,
    NameKind,
    ParsedRecord,
    RecordBuilder,
)

#: Name properties → the kind of name they hold.
NAME_KINDS = {
    "name": NameKind.PRIMARY,
    "alias": NameKind.ALIAS,
    "weakAlias": NameKind.WEAK_ALIAS,
    "previousName": NameKind.PREVIOUS,
}
DOCUMENT_KINDS = {"passportNumber": "passport", "idNumber": "other"}
#: Properties ``to_entity`` derives from the designation and the native id.
DERIVED_PROPERTIES = frozenset({"program", "programId", "topics"})


def write_entities(records: Iterable[ParsedRecord], member: str, fh: IO[str]) -> int:
    """Write the records of ``member`` as entity JSON lines; how many were written."""
    count = 0
    for record in records:
        entity = record.to_entity(member)
        line = {
            "native_id": record.native_id,
            "designation": record.designation.to_dict(),
            **entity.to_dict(),
        }
        fh.write(orjson.dumps(line).decode("utf-8"))
        fh.write("\n")
        count += 1
    return count


def parse(path: Path, *, encoding: str | None = None, max_bytes: int) -> Iterator[ParsedRecord]:
    """Yield one record per non-blank line."""
    text = read_text(path, max_bytes=max_bytes, encoding=encoding)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        ref = f"line {number}"
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise SourceFormatError(f"invalid JSON: {exc}", file=path.name, ref=ref) from exc
        if not isinstance(data, dict):
            raise SourceFormatError("line is not a JSON object", file=path.name, ref=ref)
        yield _record(data, line, path.name, ref)


def _record(data: Mapping[str, Any], raw: str, file: str, ref: str) -> ParsedRecord:
    entity_id = data.get("id")
    native_id = data.get("native_id", entity_id)
    if not isinstance(native_id, str) or not native_id:
        raise SourceFormatError("entity has no id", file=file, ref=ref, field="id")
    ref = f"{ref} ({native_id})"
    schema = data.get("schema")
    if schema not in SCHEMATA:
        raise SourceFormatError(
            f"unsupported schema {schema!r}; expected one of {', '.join(SCHEMATA)}",
            file=file,
            ref=ref,
            field="schema",
        )
    properties = data.get("properties", {})
    if not isinstance(properties, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in properties.values()
    ):
        raise SourceFormatError(
            "properties must map names to lists of strings", file=file, ref=ref, field="properties"
        )
    rec = RecordBuilder(native_id=native_id, schema=schema, ref=ref, file=file, raw=raw)
    parts = [(p, v) for p in NAME_PART_PROPERTIES for v in properties.get(p, [])]
    for prop, kind in NAME_KINDS.items():
        for value in properties.get(prop, []):
            rec.add_name(value, kind)
    for prop, values in properties.items():
        if prop in NAME_KINDS or prop in DERIVED_PROPERTIES or prop in NAME_PART_PROPERTIES:
            continue
        if prop in DOCUMENT_KINDS:
            for value in values:
                rec.add_document(DOCUMENT_KINDS[prop], value)
            continue
        for value in values:
            rec.add(prop, value)
    _attach_parts(rec, parts)
    rec.designation = _designation(data, properties, file, ref)
    return rec.build()


def _attach_parts(rec: RecordBuilder, parts: list[tuple[str, str]]) -> None:
    """Give the name parts to the one primary name; else keep them as properties."""
    if not parts:
        return
    primary = [i for i, n in enumerate(rec.names) if n.kind is NameKind.PRIMARY]
    if len(primary) == 1:
        name = rec.names[primary[0]]
        rec.names[primary[0]] = Name(name.value, name.kind, name.script, name.lang, tuple(parts))
        return
    for prop, value in parts:
        rec.add(prop, value)


def _designation(
    data: Mapping[str, Any], properties: Mapping[str, list[str]], file: str, ref: str
) -> Designation:
    """The ``designation`` our exports write; else the regime from ``program``."""
    given = data.get("designation")
    if given is None:
        programs = properties.get("program", [])
        return Designation(regime="; ".join(programs) if programs else None)
    fields = set(Designation.__slots__)
    if not isinstance(given, dict) or not all(
        k in fields and (v is None or isinstance(v, str)) for k, v in given.items()
    ):
        raise SourceFormatError(
            f"designation must be an object with text fields among {', '.join(sorted(fields))}",
            file=file,
            ref=ref,
            field="designation",
        )
    return Designation.from_dict(given)


def detect(path: Path, head: bytes) -> bool:
    """The first line is a JSON object with ``schema`` and ``properties``."""
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        data = orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return isinstance(data, dict) and "schema" in data and "properties" in data


FORMAT = SourceFormat(
    name="ftm",
    title="followthemoney entities, one JSON object per line",
    parse=parse,
    detect=detect,
)

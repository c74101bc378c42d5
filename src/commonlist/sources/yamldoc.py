"""Multi-document YAML list files (EU FSF and UK Sanctions List conversions).

Each document is parsed on its own so that a record keeps its raw fragment and an
error names the document and the file line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import yaml

from commonlist.exc import SourceFormatError
from commonlist.sources.model import ParsedRecord, clean_text

_DOCUMENT_MARKER = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping read from a list file, with where it came from for error messages."""

    data: Mapping[str, object]
    file: str
    ref: str

    def error(self, message: str, key: str | None = None) -> SourceFormatError:
        return SourceFormatError(message, file=self.file, ref=self.ref, field=key)

    def text(self, key: str) -> str | None:
        """A scalar value as cleaned text; ``None`` when absent or empty."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | datetime.date):
            raise self.error(f"expected text, got {type(value).__name__}", key)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return clean_text(str(value))

    def flag(self, key: str) -> bool | None:
        """A boolean, given as YAML boolean or as XML attribute text."""
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise self.error(f"expected true or false, got {value!r}", key)

    def child(self, key: str) -> Fields:
        """A nested mapping (empty when absent)."""
        value = self.data.get(key)
        if value is None:
            return Fields({}, self.file, self.ref)
        if not isinstance(value, Mapping):
            raise self.error(f"expected a mapping, got {type(value).__name__}", key)
        return Fields(value, self.file, self.ref)

    def items(self, key: str) -> list[Fields]:
        """A list of mappings (empty when absent)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.error("expected a list of mappings", key)
        return [Fields(v, self.file, self.ref) for v in value]


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """One document of a multi-document YAML file, with its source text."""

    number: int  # 1-based, counting every ``---`` of the file
    line: int  # line of its ``---`` marker (or first line)
    raw: str
    fields: Fields


def yaml_documents(text: str, *, file: str) -> Iterator[YamlDocument]:
    """The mapping documents of a multi-document YAML text, each with its raw fragment.

    The text is split on lines equal to ``---`` (YAML forbids such a line inside a
    scalar, so the split agrees with the parser) and each fragment is parsed by
    libyaml on its own: records keep their source text and an error names the
    document and the file line. Empty documents are skipped.
    """
    starts = [m.start() for m in _DOCUMENT_MARKER.finditer(text)]
    preamble = text[: starts[0]] if starts else text
    if any(line.strip() and not line.lstrip().startswith("#") for line in preamble.splitlines()):
        starts.insert(0, 0)
    line = 1
    previous = 0
    for number, start in enumerate(starts, 1):
        line += text.count("\n", previous, start)
        previous = start
        end = starts[number] if number < len(starts) else len(text)
        raw = text[start:end]
        ref = f"document {number} (line {line})"
        try:
            data = yaml.load(raw, Loader=yaml.CSafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f"document {number} (line {line + mark.line})" if mark else ref
            context = exc.context
            if context and exc.context_mark:
                context += f" (line {line + exc.context_mark.line})"
            problem = " ".join(p for p in (context, exc.problem) if p)
            raise SourceFormatError(f"malformed YAML: {problem}", file=file, ref=where) from exc
        except yaml.YAMLError as exc:
            raise SourceFormatError(f"malformed YAML: {exc}", file=file, ref=ref) from exc
        if data is None:
            continue
        if not isinstance(data, dict):
            raise SourceFormatError(
                f"document is a {type(data).__name__}, expected a mapping", file=file, ref=ref
            )
        yield YamlDocument(number, line, raw, Fields(data, file, ref))


def yaml_records(
    text: str, mapper: Callable[[Fields, str], ParsedRecord], *, file: str, id_field: str
) -> Iterator[ParsedRecord]:
    """``mapper(fields, raw)`` applied to each document; an identifier seen twice is an error."""
    seen: dict[str, str] = {}
    for doc in yaml_documents(text, file=file):
        record = mapper(doc.fields, doc.raw)
        if record.native_id in seen:
            raise doc.fields.error(f"{record.native_id} repeats {seen[record.native_id]}", id_field)
        seen[record.native_id] = record.ref
        yield record

"""The description every importer module exports as ``FORMAT``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from commonlist.sources.model import ParsedRecord

#: ``parse(path, encoding=None, max_bytes=…)`` yields the records of one list file.
Parser = Callable[..., Iterator[ParsedRecord]]
#: ``detect(path, head)`` says whether a file is certainly of this format;
#: ``head`` is the first 64 KiB of its (gunzipped) content.
Detector = Callable[[Path, bytes], bool]


@dataclass(frozen=True, slots=True)
class SourceFormat:
    """An importable list format."""

    name: str  # e.g. "un-xml"
    title: str  # human description
    parse: Parser
    detect: Detector

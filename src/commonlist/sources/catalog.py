"""The importable formats: every module of this package that exports ``FORMAT``."""

from __future__ import annotations

import gzip
import importlib
import pkgutil
from functools import cache
from pathlib import Path

import commonlist.sources as package
from commonlist.exc import SourceFormatError
from commonlist.sources.formats import SourceFormat


@cache
def formats() -> dict[str, SourceFormat]:
    """Format name → format, from the modules of ``commonlist.sources``."""
    found: dict[str, SourceFormat] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        fmt = getattr(module, "FORMAT", None)
        if isinstance(fmt, SourceFormat):
            found[fmt.name] = fmt
    return found


def get_format(name: str) -> SourceFormat:
    """The format called ``name``, or an error listing the known ones."""
    try:
        return formats()[name]
    except KeyError:
        known = ", ".join(sorted(formats()))
        raise SourceFormatError(f"unknown format {name!r}; known formats: {known}") from None


def detect_format(path: Path) -> SourceFormat:
    """The one format whose detector accepts the file; an error when none or several do."""
    head = _head(path)
    found = [fmt for fmt in formats().values() if fmt.detect(path, head)]
    if len(found) == 1:
        return found[0]
    known = ", ".join(sorted(formats()))
    if not found:
        raise SourceFormatError(
            f"cannot tell the list format; give it with --format ({known})", file=path.name
        )
    names = ", ".join(f.name for f in found)
    raise SourceFormatError(f"ambiguous format ({names}); give it with --format", file=path.name)


def _head(path: Path) -> bytes:
    if path.is_dir():
        return b""
    with path.open("rb") as fh:
        head = fh.read(65536)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                head = gz.read(65536)
        except (OSError, EOFError):
            return head
    return head

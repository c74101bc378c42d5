"""Modules compiled by setup.py must be built from the sources beside them.

A compiled module takes precedence over its ``.py`` on import, so after an edit of
the source the tests and the application would run the old code until
``pip install -e .`` builds it again.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import commonlist.matching
import commonlist.names
import commonlist.screen


def _modules() -> list[str]:
    names = []
    for package in (commonlist.names, commonlist.matching, commonlist.screen):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            names.append(info.name)
    return names


def test_compiled_modules_are_not_older_than_their_sources() -> None:
    stale = []
    for name in _modules():
        path = Path(importlib.import_module(name).__file__ or "")
        if path.suffix != ".so":
            continue
        stem = path.name.split(".")[0]
        # The .py and, where there is one, the .pxd of C declarations beside it.
        for source in (path.with_name(stem + ".py"), path.with_name(stem + ".pxd")):
            if source.exists() and source.stat().st_mtime > path.stat().st_mtime:
                stale.append(f"{name} ({source.name} changed after {path.name} was built)")
    assert not stale, "run `pip install -e .` again: " + "; ".join(stale)

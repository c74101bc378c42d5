"""Release tests reuse the governed registry of the policy tests (``tests/policy/govkit.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).parents[1] / "policy"))

from govkit import Gov, make_gov  # noqa: E402


@pytest.fixture
def gov(engine: Engine, tmp_path: Path) -> Gov:
    return make_gov(engine, tmp_path)

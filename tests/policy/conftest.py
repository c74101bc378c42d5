"""A small governed registry on every backend (see ``govkit``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from govkit import Gov, make_gov
from sqlalchemy import Engine


@pytest.fixture
def gov(engine: Engine, tmp_path: Path) -> Gov:
    return make_gov(engine, tmp_path)

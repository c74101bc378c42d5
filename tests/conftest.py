"""Shared fixtures: a fresh registry on every backend under test.

SQLite always; PostgreSQL when ``COMMONLIST_TEST_POSTGRES_URL`` names a server
(``scripts/test`` starts a throwaway cluster and sets it). Under CI a missing
PostgreSQL server is an error, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from commonlist.registry.db import get_engine, migrate

DATA = Path(__file__).resolve().parents[1] / "data" / "lists"
PG_URL = os.environ.get("COMMONLIST_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not PG_URL:
        raise pytest.UsageError(
            "CI run without COMMONLIST_TEST_POSTGRES_URL: run the suite through scripts/test"
        )


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


def _postgres_database() -> Iterator[str]:
    assert PG_URL is not None
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"cl_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        get_engine(
            make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        ).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
        yield url
        get_engine(url).dispose()
    else:
        yield from _postgres_database()


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A migrated, empty registry."""
    eng = get_engine(db_url)
    migrate(eng)
    return eng

"""The API over the small real index of tests/screen, on each registry backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from commonlist.access.roles import Role
from commonlist.access.tokens import create_token
from commonlist.access.users import add_user
from commonlist.api.app import create_app
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction
from commonlist.screen.index import ScreenIndex
from commonlist.screen.service import IndexHolder
from commonlist.settings import get_settings
from screen.conftest import entities, index

__all__ = ["entities", "index"]


@pytest.fixture
def app(
    index: ScreenIndex, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FastAPI]:
    # a small upload limit, so that the oversize test need not send 200 MB
    monkeypatch.setenv("COMMONLIST_MAX_IMPORT_BYTES", "1000000")
    get_settings.cache_clear()
    yield create_app(IndexHolder(index), engine, jobs_dir=tmp_path / "jobs")
    get_settings.cache_clear()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def make_token(engine: Engine, user: str) -> str:
    with transaction(engine) as session:
        add_user(
            session,
            user,
            member=None,
            roles=frozenset({Role.PUBLIC}),
            password=None,
            actor="test",
            now=utcnow(),
        )
        _token, clear = create_token(session, user, scopes=["all"], days=30, now=utcnow())
    return clear


@pytest.fixture
def bank_a(engine: Engine) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(engine, 'bank-a')}"}


@pytest.fixture
def bank_b(engine: Engine) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(engine, 'bank-b')}"}

"""/healthz, /readyz and /algorithms, as orchestrators and yente clients read them."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from commonlist.api.app import create_app
from commonlist.screen.index import ScreenIndex
from commonlist.screen.service import IndexHolder


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "index": None}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ok", "index": "test-1"}


def test_not_ready_without_the_registry(index: ScreenIndex, tmp_path: Path) -> None:
    """A registry database that does not answer: alive, but not ready (503, saying why)."""
    engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'registry.db'}")
    app = create_app(IndexHolder(index), engine, jobs_dir=tmp_path / "jobs")
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        res = client.get("/readyz")
        assert res.status_code == 503 and "registry database" in res.json()["detail"]


def test_algorithms_in_yente_shape(client: TestClient) -> None:
    body = client.get("/algorithms").json()
    assert set(body) == {"algorithms", "default", "best"}
    assert body["default"] == body["best"] == "match-v1"
    (algorithm,) = body["algorithms"]
    assert algorithm["name"] == "match-v1" and algorithm["description"]
    query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Sidorov"]}}}}
    matcher = client.post("/match/default", json=query).json()["matcher"]
    assert algorithm["features"] == matcher and "name_match" in matcher
    for doc in matcher.values():
        assert set(doc) == {"description", "coefficient", "url"}

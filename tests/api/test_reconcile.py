"""/reconcile against the W3C Reconciliation Service API examples (manifest, queries, preview, suggest)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient


def test_manifest(client: TestClient) -> None:
    body = client.get("/reconcile").json()
    # required members of a 0.2 manifest
    assert body["versions"] == ["0.2"]
    assert {
        "name",
        "identifierSpace",
        "schemaSpace",
        "defaultTypes",
        "view",
        "preview",
        "suggest",
    } <= set(body)
    assert "{{id}}" in body["view"]["url"] and "{{id}}" in body["preview"]["url"]
    assert {t["id"] for t in body["defaultTypes"]} >= {"Person", "Organization"}
    assert body["suggest"]["entity"]["service_path"] == "/suggest/entity"


def test_queries_form_post(client: TestClient) -> None:
    # the spec's shape: queries={"q0": {"query": …, "type": …, "limit": …, "properties": [{"pid", "v"}]}}
    queries = {
        "q0": {"query": "Ivan Sidorov", "type": "Person", "limit": 3,
               "properties": [{"pid": "birthDate", "v": "1970-05-01"}]},
        "q1": {"query": "Northern Lights Charity Foundation"},
    }  # fmt: skip
    res = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert res.status_code == 200, res.text
    body = res.json()
    assert set(body) == {"q0", "q1"}
    top = body["q0"]["result"][0]
    assert top["id"] == "CL-000001" and top["match"] is True
    assert 0 <= top["score"] <= 100 and top["type"][0]["id"] == "Person" and top["name"]
    assert body["q1"]["result"][0]["id"] == "CL-000002"
    got = client.get("/reconcile", params={"queries": json.dumps({"q": {"query": "Sidorov Ivan"}})})
    assert got.json()["q"]["result"][0]["id"] == "CL-000001"


def test_bad_queries(client: TestClient) -> None:
    assert client.post("/reconcile", data={"queries": "{not json"}).status_code == 422
    assert (
        client.post("/reconcile", data={"queries": json.dumps({"q": {"limit": 2}})}).status_code
        == 422
    )


def test_preview_and_suggest(client: TestClient) -> None:
    page = client.get("/reconcile/preview", params={"id": "CL-000001"})
    assert page.status_code == 200 and "SIDOROV" in page.text and "RU:1234" in page.text
    ent = client.get("/reconcile/suggest/entity", params={"prefix": "Northern Lights"}).json()
    assert ent["result"][0]["id"] == "CL-000002"
    types = client.get("/reconcile/suggest/type", params={"prefix": "Pers"}).json()
    assert [t["id"] for t in types["result"]] == ["Person"]
    props = client.get("/reconcile/suggest/property", params={"prefix": "birth"}).json()
    assert "birthDate" in {p["id"] for p in props["result"]}

"""/match in yente's shapes, /search, /entities, known false positives."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

QUERY = {
    "queries": {
        "q1": {
            "schema": "Person",
            "properties": {
                "name": ["Иван Петрович Сидоров"],
                "birthDate": ["1970"],
                "nationality": ["Russia"],
            },
        },
        "q2": {"schema": "Company", "properties": {"name": "Northern Lights Charity Foundation"}},
        "q3": {"schema": "Person", "properties": {"name": ["Zzyzx Qwertyuiop"]}},
    }
}

# The keys and types of yente's EntityMatchResponse / ScoredEntityResponse
# (yente/data/common.py): a yente client reads exactly these.
YENTE_RESULT = {
    "id": str, "caption": str, "schema": str, "properties": dict, "datasets": list,
    "referents": list, "target": bool, "score": float, "features": dict, "match": bool,
}  # fmt: skip


def check_yente_shape(body: dict[str, Any]) -> None:
    assert set(body) >= {"responses", "matcher", "limit"}
    for resp in body["responses"].values():
        assert set(resp) >= {"status", "results", "total", "query"}
        assert resp["status"] == 200 and set(resp["total"]) == {"value", "relation"}
        assert set(resp["query"]) >= {"schema", "properties"}
        for result in resp["results"]:
            for key, kind in YENTE_RESULT.items():
                assert isinstance(result[key], kind), key
            assert all(isinstance(v, list) for v in result["properties"].values())
            assert all(isinstance(v, float) for v in result["features"].values())
    for doc in body["matcher"].values():
        assert set(doc) == {"description", "coefficient", "url"}


def test_match_batch_in_yente_shape(client: TestClient) -> None:
    res = client.post("/match/default", json=QUERY, params={"limit": 3})
    assert res.status_code == 200, res.text
    body = res.json()
    check_yente_shape(body)
    assert res.headers["x-batch-size"] == "3"
    top = body["responses"]["q1"]["results"][0]
    assert top["id"] == "CL-000001" and top["match"] is True
    assert top["referents"] == ["RU:1234", "EU:EU.99.1"] and top["datasets"] == ["EU", "RU"]
    assert top["features"]["name_match"] > 0.9
    assert {f["name"] for f in top["explanation"]} >= {"name_match", "birth_date_match"}
    assert body["responses"]["q1"]["query"]["properties"]["nationality"] == ["ru"]
    assert body["responses"]["q2"]["results"][0]["id"] == "CL-000002"
    assert body["responses"]["q3"]["results"] == []


def test_match_dataset_names(client: TestClient) -> None:
    assert client.post("/match/test-1", json=QUERY).status_code == 200
    res = client.post("/match/other", json=QUERY)
    assert res.status_code == 404 and "default" in res.json()["detail"]


def test_match_bad_queries(client: TestClient) -> None:
    bad_schema = {"queries": {"q": {"schema": "Banana", "properties": {"name": ["x"]}}}}
    assert client.post("/match/default", json=bad_schema).status_code == 422
    bad_prop = {"queries": {"q": {"schema": "Person", "properties": {"colour": ["red"]}}}}
    res = client.post("/match/default", json=bad_prop)
    assert res.status_code == 422 and "colour" in res.json()["detail"]
    assert client.post("/match/default", json={"queries": {}}).status_code == 422


def _match_ids(client: TestClient, query: dict[str, Any], **params: Any) -> list[str]:
    res = client.post("/match/default", json={"queries": {"q": query}}, params=params)
    assert res.status_code == 200, res.text
    return [r["id"] for r in res.json()["responses"]["q"]["results"]]


SIDOROV = {"schema": "Person", "properties": {"name": ["Ivan Petrovich Sidorov"]}}


def test_match_result_filters_as_yente(client: TestClient) -> None:
    """yente's result filters: by listing member, schema, topic, and entity IDs (an entry's,
    a retired one, a member record behind it); the identifier hit is filtered too."""
    assert _match_ids(client, SIDOROV)[0] == "CL-000001"
    # found by its passport alone (scored 0 without a name: shown from cutoff 0)
    by_passport = {"schema": "Person", "properties": {"passportNumber": ["7512345678"]}}
    assert _match_ids(client, by_passport, cutoff=0) == ["CL-000001"]
    for params in [
        {"exclude_entity_ids": ["CL-000001"]},
        {"exclude_entity_ids": ["CL-000009"]},  # retired by a merge into CL-000001
        {"exclude_entity_ids": ["nobody", "RU:1234"]},  # a member record behind it
        {"exclude_dataset": ["RU"]},  # listed by RU and EU: RU's listing excludes it
        {"include_dataset": ["UN", "UK"]},
        {"exclude_schema": ["Person"]},
        {"topics": ["sanction"]},  # the UN records carry it, this entry does not
    ]:
        for cutoff in (0.5, 0.7):  # all candidates scored, or the pre-filter's path
            assert "CL-000001" not in _match_ids(client, SIDOROV, cutoff=cutoff, **params)
        assert _match_ids(client, by_passport, cutoff=0, **params) == []
    for params in [
        {"include_dataset": ["EU"]},
        {"exclude_dataset": ["UN"]},
        {"exclude_schema": ["Organization", "LegalEntity"]},
        {"exclude_entity_ids": ["CL-000002", "UN:QDi.001"]},
    ]:
        assert _match_ids(client, SIDOROV, **params)[0] == "CL-000001"
    # filtered entries take no result's place: the next best come up instead
    muhammad = {"schema": "Person", "properties": {"name": ["Muhammad"]}}
    unfiltered = _match_ids(client, muhammad, limit=3, cutoff=0)
    shown = _match_ids(client, muhammad, limit=3, cutoff=0, exclude_entity_ids=unfiltered[:2])
    assert len(shown) == 3 and shown[0] == unfiltered[2] and not set(shown) & set(unfiltered[:2])
    un_only = client.post(
        "/match/default",
        json={"queries": {"q": muhammad}},
        params={"include_dataset": "UN", "cutoff": 0},
    ).json()["responses"]["q"]["results"]
    assert un_only and all(r["datasets"] == ["UN"] for r in un_only)


def test_match_bad_result_filters(client: TestClient) -> None:
    body = {"queries": {"q": SIDOROV}}
    for params, word in [
        ({"include_dataset": "OFAC"}, "'OFAC'"),
        ({"exclude_dataset": "ru"}, "'ru'"),
        ({"exclude_schema": "Persn"}, "'Persn'"),
        ({"topics": "terror"}, "'terror'"),
        ({"changed_since": "2026-01-01"}, "no change dates"),  # not served from a release
        ({"changed_since": "last week"}, "ISO 8601"),
    ]:
        res = client.post("/match/default", json=body, params=params)
        assert res.status_code == 422 and word in res.text, (params, res.text)
    res = client.post("/match/default", json=body, params={"include_dataset": "XX"})
    assert "EU, RU, UK, UN" in res.json()["detail"]  # the datasets there are
    many = {"exclude_entity_ids": [f"CL-{i:06d}" for i in range(51)]}
    assert client.post("/match/default", json=body, params=many).status_code == 422
    assert client.get("/search", params={"q": "sidorov", "topics": "nope"}).status_code == 422


def test_match_weights_as_yente(client: TestClient) -> None:
    """Weights in the body replace the algorithm's for those features, in the scores and in
    the matcher's description; the algorithm's own weights give the same scores."""

    def top(weights: dict[str, float]) -> tuple[float, dict[str, Any]]:
        props = {"name": ["Ivan Petrovich Sidorov"], "birthDate": ["1970-05-01"]}
        query = {"q": {"schema": "Person", "properties": props}}
        res = client.post("/match/default", json={"queries": query, "weights": weights})
        assert res.status_code == 200, res.text
        body = res.json()
        return body["responses"]["q"]["results"][0]["score"], body["matcher"]

    score, matcher = top({})
    assert matcher["birth_date_match"]["coefficient"] == 3.0
    assert top({"birth_date_match": 3.0, "name_match": 16.0})[0] == score
    lower, reweighted = top({"birth_date_match": 0.0})
    assert lower < score and reweighted["birth_date_match"]["coefficient"] == 0.0
    assert reweighted["name_match"] == matcher["name_match"]
    res = client.post("/match/default", json={**QUERY, "weights": {"name_literal_match": 1.0}})
    assert res.status_code == 422 and "'name_literal_match'" in res.json()["detail"]


def test_search_any_script(client: TestClient) -> None:
    res = client.get("/search", params={"q": "Фонд Северное сияние"})
    assert res.status_code == 200
    assert res.json()["results"][0]["id"] == "CL-000002"
    latin = client.get("/search", params={"q": "sidorov"}).json()
    assert latin["results"][0]["id"] == "CL-000001"
    for params in [{"include_dataset": "UN"}, {"exclude_entity_ids": "EU:EU.99.1"}]:
        found = client.get("/search", params={"q": "sidorov", **params}).json()["results"]
        assert "CL-000001" not in [r["id"] for r in found]
    by_number = client.get("/search", params={"q": "7512 345678"}).json()["results"]
    assert by_number[0]["id"] == "CL-000001"
    none = client.get("/search", params={"q": "7512 345678", "exclude_schema": "Person"})
    assert "CL-000001" not in [r["id"] for r in none.json()["results"]]


def test_entities_and_redirect(client: TestClient) -> None:
    res = client.get("/entities/CL-000001")
    assert res.status_code == 200 and res.json()["referents"] == ["RU:1234", "EU:EU.99.1"]
    moved = client.get("/entities/CL-000009", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == "/entities/CL-000001"
    assert client.get("/entities/CL-000009").json()["id"] == "CL-000001"
    assert client.get("/entities/nope").status_code == 404


def test_false_positive_scoped_to_client(
    client: TestClient, bank_a: dict[str, str], bank_b: dict[str, str]
) -> None:
    query = {
        "queries": {
            "c": {"id": "cust-1", "schema": "Person", "properties": {"name": ["Ivan Sidorov"]}}
        }
    }
    assert (
        client.post(
            "/screen/false-positives", json={"record_id": "cust-1", "entity_id": "CL-000001"}
        ).status_code
        == 403
    )
    mark = client.post(
        "/screen/false-positives",
        json={"record_id": "cust-1", "entity_id": "CL-000001", "comment": "born 1990"},
        headers=bank_a,
    )
    assert mark.status_code == 200, mark.text
    mine = client.post("/match/default", json=query, headers=bank_a).json()["responses"]["c"][
        "results"
    ][0]
    assert (
        mine["id"] == "CL-000001"
        and mine["known_false_positive"] is True
        and mine["match"] is False
    )
    theirs = client.post("/match/default", json=query, headers=bank_b).json()["responses"]["c"][
        "results"
    ][0]
    assert theirs["known_false_positive"] is False and theirs["match"] is True
    assert (
        client.delete(f"/screen/false-positives/{mark.json()['id']}", headers=bank_b).status_code
        == 404
    )
    assert (
        client.delete(f"/screen/false-positives/{mark.json()['id']}", headers=bank_a).status_code
        == 200
    )
    again = client.post("/match/default", json=query, headers=bank_a).json()["responses"]["c"][
        "results"
    ][0]
    assert again["known_false_positive"] is False
    assert (
        client.get("/match/default", headers={"Authorization": "Bearer clt_x_y"}).status_code == 405
    )


def test_openapi_docs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/match/{dataset}",
        "/search",
        "/entities/{entity_id}",
        "/reconcile",
        "/screen/jobs",
    } <= set(paths)

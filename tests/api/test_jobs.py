"""Bulk jobs: upload → job → progress → result; bad uploads get clear 4xx errors."""

from __future__ import annotations

import csv
import io
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from commonlist.settings import get_settings

CSV = "customer_id,full_name,dob\nc1,Ivan Petrovich Sidorov,1970-05-01\nc2,Jane Q. Public,1980\nc3,Иван Сидоров,\n"


def wait_done(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, object]:
    for _ in range(200):
        job = client.get(url, headers=headers).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_job_lifecycle_csv(
    client: TestClient, bank_a: dict[str, str], bank_b: dict[str, str]
) -> None:
    res = client.post(
        "/screen/jobs",
        files={"file": ("customers.csv", CSV.encode(), "text/csv")},
        data={"name_col": "full_name", "dob_col": "dob", "id_col": "customer_id"},
        headers=bank_a,
    )
    assert res.status_code == 202, res.text
    job = res.json()
    assert job["rows"] == 3 and job["status"] in ("queued", "running", "done")
    done = wait_done(client, f"/screen/jobs/{job['id']}", bank_a)
    assert done["status"] == "done" and done["done"] == 3 and done["matches"] == 2
    assert client.get(f"/screen/jobs/{job['id']}", headers=bank_b).status_code == 404
    result = client.get(f"/screen/jobs/{job['id']}/result", headers=bank_a)
    rows = list(csv.DictReader(io.StringIO(result.text)))
    assert [r["row_id"] for r in rows] == ["c1", "c2", "c3"]
    assert rows[0]["entity_id"] == "CL-000001" and rows[0]["match"] == "true"
    assert rows[1]["match"] == "false"


def test_job_parquet(client: TestClient, bank_a: dict[str, str]) -> None:
    buf = io.BytesIO()
    pq.write_table(pa.table({"name": ["Northern Lights Charity Foundation", "Nobody Here"]}), buf)
    res = client.post("/screen/jobs", files={"file": ("c.parquet", buf.getvalue())}, headers=bank_a)
    assert res.status_code == 202, res.text
    assert wait_done(client, f"/screen/jobs/{res.json()['id']}", bank_a)["matches"] == 1


@pytest.mark.parametrize(
    ("filename", "content", "data", "status", "needle"),
    [
        ("c.csv", CSV.encode(), {"name_col": "name"}, 422, "'name'"),
        (
            "c.csv",
            "full_name\nJos\xe9 Mar\xeda\n".encode("latin-1"),
            {"name_col": "full_name"},
            422,
            "utf-8",
        ),
        ("c.parquet", b"not parquet at all", {}, 422, "Parquet"),
        ("c.xlsx", b"PK\x03\x04", {}, 422, "format"),
    ],
)
def test_bad_uploads(
    client: TestClient,
    bank_a: dict[str, str],
    filename: str,
    content: bytes,
    data: dict[str, str],
    status: int,
    needle: str,
) -> None:
    res = client.post(
        "/screen/jobs", files={"file": (filename, content)}, data=data, headers=bank_a
    )
    assert res.status_code == status, res.text
    assert needle.lower() in res.json()["detail"].lower()


def test_oversize_and_auth(client: TestClient, bank_a: dict[str, str]) -> None:
    limit = get_settings().max_import_bytes
    big = b"name\n" + b"x" * (limit + 10)
    res = client.post("/screen/jobs", files={"file": ("big.csv", big)}, headers=bank_a)
    assert res.status_code == 413 and "limit" in res.json()["detail"]
    assert client.post("/screen/jobs", files={"file": ("c.csv", CSV.encode())}).status_code == 403

"""A new index is swapped in under load on a real uvicorn server: no request fails."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter

import httpx
import uvicorn
from followthemoney.proxy import EntityProxy
from sqlalchemy import Engine

from commonlist.api.app import create_app
from commonlist.screen.index import ScreenIndex, build_index
from commonlist.screen.service import IndexHolder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_swap_under_concurrent_requests(
    index: ScreenIndex, entities: list[EntityProxy], engine: Engine, tmp_path: object
) -> None:
    other = build_index(entities[-40:], name="test", version="test-2")
    holder = IndexHolder(index)
    app = create_app(holder, engine)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    statuses: Counter[int] = Counter()
    versions: Counter[str] = Counter()
    lock = threading.Lock()
    query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Sidorov"]}}}}

    def hammer() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            for _ in range(25):
                res = http.post("/match/default", json=query)
                with lock:
                    statuses[res.status_code] += 1
                    versions[res.headers.get("x-index-version", "?")] += 1

    try:
        # one request first, so that the matcher's warm-up is not inside the race
        assert (
            httpx.post(f"http://127.0.0.1:{port}/match/default", json=query, timeout=60).status_code
            == 200
        )
        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for w in workers:
            w.start()
        swaps = 0
        # keep swapping for as long as requests are in flight, however slow the machine
        while any(w.is_alive() for w in workers):
            holder.swap(other if swaps % 2 == 0 else index)
            swaps += 1
            time.sleep(0.01)
        for w in workers:
            w.join()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert statuses == Counter({200: 100})
    assert set(versions) == {"test-1", "test-2"}

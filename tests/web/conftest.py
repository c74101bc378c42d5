"""The browser tests' world: a small real registry, the real app on a real port, chromium.

The registry is built once per session from the list files in ``data/`` (two
members, Latin and Cyrillic lists of the same subjects), resolved, evaluated
under the default policy and given a statement of reasons and a release. The app
is the API's ``create_app()`` served by uvicorn in a thread on a free port;
chromium is Debian's package, driven headless by Playwright.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import Engine, select

from commonlist.access.roles import Principal, Role
from commonlist.api.app import create_app
from commonlist.policy import actions
from commonlist.registry.clock import utcnow
from commonlist.registry.db import get_engine, migrate, transaction
from commonlist.registry.imports import import_file
from commonlist.releases.actions import create_release
from commonlist.resolve.entries import entry_for_record
from commonlist.resolve.resolver import ResolveConfig, resolve
from commonlist.resolve.tables import ReviewCandidateRow
from commonlist.screen.service import IndexHolder
from commonlist.screen.source import registry_index
from commonlist.settings import get_settings

DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery"
MAX_BYTES = 10 * 1024 * 1024
LISTED_AT = utcnow() - timedelta(days=800)


@dataclass(frozen=True, slots=True)
class World:
    url: str
    engine: Engine
    rakhmonov: str  # entry of KZ-001 and RU:3149
    candidate: int  # an open review candidate


def build_registry(engine: Engine) -> None:
    """Members, users, both lists imported, resolved and listed two years ago."""
    system = Principal.system()
    migrate(engine)
    actions.create_member(engine, system, "KZ", name_en="Kazakhstan", name_ru="Казахстан")
    actions.create_member(
        engine, system, "RU", name_en="Russian Federation", name_ru="Российская Федерация"
    )
    users = (
        ("kz.submitter", "KZ", Role.SUBMITTER),
        ("kz.approver", "KZ", Role.APPROVER),
        ("ru.submitter", "RU", Role.SUBMITTER),
        ("sec.reviewer", None, Role.SECRETARIAT),
    )
    for name, member, role in users:
        actions.create_user(
            engine, system, name, member=member, roles=frozenset({role}), password=PASSWORD
        )
    import_file(engine, DATA / "kz_list.csv", member="KZ", actor="cli", max_bytes=MAX_BYTES)
    import_file(engine, DATA / "ru_list.csv", member="RU", actor="cli", max_bytes=MAX_BYTES)
    with transaction(engine) as session:
        # a low review threshold puts the two NODIROV records (same surname, other
        # first name and birth year) in the review queue rather than apart
        resolve(session, actor="cli", config=ResolveConfig(review_threshold=0.2))
    # listed two years ago, so the entries are overdue for their periodic review
    actions.evaluate_entries(engine, system, now=LISTED_AT)


def publish(engine: Engine) -> None:
    """Release 1 (two years old), a statement of reasons, then release 2."""
    system = Principal.system()
    create_release(engine, system, now=LISTED_AT)
    with transaction(engine) as session:
        rakhmonov = entry_for_record(session, "KZ:KZ-001")
    assert rakhmonov is not None
    actions.set_statement(
        engine,
        system,
        rakhmonov,
        public_summary="Recruits fighters for Jamaat Ansarullah (designated by KZ and RU).",
        confidential="Source: liaison report 2021/17.",
    )
    create_release(engine, system)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'registry.db'}"
    saved = {k: os.environ.get(k) for k in ("COMMONLIST_DATABASE_URL", "COMMONLIST_DATA_DIR")}
    os.environ["COMMONLIST_DATABASE_URL"] = url
    os.environ["COMMONLIST_DATA_DIR"] = str(folder / "var")
    get_settings.cache_clear()
    engine = get_engine(url)
    build_registry(engine)
    publish(engine)
    with transaction(engine) as session:
        rakhmonov = entry_for_record(session, "KZ:KZ-001")
        candidate = session.scalars(
            select(ReviewCandidateRow.id).where(ReviewCandidateRow.state == "open")
        ).first()
    assert rakhmonov is not None
    server, thread, port = _serve(engine)
    try:
        yield World(f"http://127.0.0.1:{port}", engine, rakhmonov, candidate or 0)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(engine: Engine) -> tuple[uvicorn.Server, threading.Thread, int]:
    """``create_app`` as ``commonlist serve`` builds it, on a free port in a thread."""
    holder = IndexHolder(registry_index(engine))
    app = create_app(holder, engine)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    return server, thread, port


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

"""The member workspace in a real browser: login, upload with report, refusals, 403, CSRF."""

from __future__ import annotations

import httpx
from playwright.sync_api import FilePayload, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import func, select
from tests.web.conftest import DATA, World, login, shot

from commonlist.registry.db import transaction
from commonlist.registry.tables import ImportBatchRow, RecordVersionRow


def _upload(page: Page, world: World, name: str) -> None:
    page.goto(f"{world.url}/workspace/KZ")
    page.get_by_label("List file").set_input_files(str(DATA / name))
    page.get_by_role("button", name="Upload and import").click()


def _committed_state(world: World) -> tuple[int, int]:
    with transaction(world.engine) as session:
        versions = session.scalar(select(func.count()).select_from(RecordVersionRow)) or 0
        committed = (
            session.scalar(
                select(func.count())
                .select_from(ImportBatchRow)
                .where(ImportBatchRow.status == "committed")
            )
            or 0
        )
    return versions, committed


def test_member_uploads_a_list_and_sees_the_report(world: World, page: Page) -> None:
    login(page, world.url, "kz.submitter")
    expect(page).to_have_url(f"{world.url}/workspace/KZ")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workspace of KZ")
    shot(page, "workspace")
    _upload(page, world, "kz_list_v2.csv")
    try:
        page.wait_for_url("**/workspace/KZ/imports/*", timeout=60_000)
    except PlaywrightTimeout:
        shot(page, "upload-timeout")
        raise AssertionError(f"still at {page.url}: {page.content()[:3000]}") from None
    expect(page.get_by_role("status")).to_contain_text("The list was imported.")
    expect(page.get_by_role("status")).to_contain_text("awaiting approval")
    report = page.locator("table.report")
    expect(report.locator("[data-count=added]")).to_have_text("1")  # KZ-005
    expect(report.locator("[data-count=changed]")).to_have_text("1")  # KZ-001: new alias
    expect(report.locator("[data-count=withdrawn]")).to_have_text("1")  # KZ-004
    expect(report.locator("[data-count=unchanged]")).to_have_text("2")
    shot(page, "import-report")
    # the second pair of eyes sees it waiting and approves it
    page.get_by_role("button", name="Sign out").click()
    login(page, world.url, "kz.approver")
    waiting = page.get_by_role("region", name="Approvals waiting for me (1)")
    expect(waiting).to_contain_text("kz.submitter")
    shot(page, "workspace-approvals")
    waiting.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", name="Approvals waiting for me (1)")).to_have_count(0)
    expect(
        page.locator("section", has_text="Our imports").locator("tbody tr").first
    ).to_contain_text("approved")


def test_bad_upload_shows_a_clear_message_and_changes_nothing(world: World, page: Page) -> None:
    before = _committed_state(world)
    login(page, world.url, "kz.submitter")
    _upload(page, world, "kz_bad.csv")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The file was refused; nothing was changed.", timeout=60_000)
    expect(alert).to_contain_text("line 3 (id KZ-009)")
    expect(alert).to_contain_text("empty name")
    shot(page, "import-refused")
    assert _committed_state(world) == before
    page.goto(f"{world.url}/workspace/KZ")
    expect(
        page.locator("section", has_text="Our imports").locator("tbody tr").first
    ).to_contain_text("refused")


def test_member_cannot_see_another_members_pages(world: World, page: Page) -> None:
    login(page, world.url, "kz.submitter")
    for path in ("/workspace/RU", "/workspace/RU/imports/2"):
        response = page.goto(f"{world.url}{path}")
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Error 403")
        expect(page.get_by_role("alert")).to_contain_text("may not see the workspace of RU")
    shot(page, "forbidden")
    response = page.goto(f"{world.url}/secretariat")
    assert response is not None and response.status == 403


def test_public_is_sent_to_login(world: World, page: Page) -> None:
    page.goto(f"{world.url}/workspace/KZ")
    expect(page).to_have_url(f"{world.url}/login?next=%2Fworkspace%2FKZ")
    page.get_by_label("User name").fill("kz.submitter")
    page.get_by_label("Password").fill("wrong password!")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")


def test_forms_require_the_csrf_token(world: World, page: Page) -> None:
    login(page, world.url, "kz.submitter")
    before = _committed_state(world)
    upload: FilePayload = {
        "name": "kz.csv",
        "mimeType": "text/csv",
        "buffer": (DATA / "kz_list.csv").read_bytes(),
    }
    for token in (None, "forged"):
        form: dict[str, str | float | bool | bytes | FilePayload] = {"file": upload}
        if token is not None:
            form["csrf_token"] = token
        response = page.request.post(f"{world.url}/workspace/KZ/imports", multipart=form)
        assert response.status == 403
        assert "CSRF" in response.text()
    assert _committed_state(world) == before
    anonymous = page.context.browser
    assert anonymous is not None
    fresh = anonymous.new_context()
    try:
        response = fresh.request.post(
            f"{world.url}/login", form={"user": "kz.submitter", "password": "x" * 12}
        )
        assert response.status == 403
    finally:
        fresh.close()


POST_FORMS = [
    "/login",
    "/logout",
    "/petition",
    "/workspace/KZ/imports",
    "/workspace/KZ/submissions/1",
    "/workspace/KZ/objections",
    "/secretariat/review/1",
    "/secretariat/petitions/P-1",
    "/secretariat/releases",
]


def test_every_form_refuses_a_post_without_the_token(world: World) -> None:
    with httpx.Client(base_url=world.url) as client:
        client.get("/")  # receives the CSRF cookie, as a browser would
        assert client.cookies.get("cl_csrf")
        for path in POST_FORMS:
            response = client.post(path, data={"csrf_token": "not-the-cookie"})
            assert response.status_code == 403, path
            assert "CSRF" in response.text, path

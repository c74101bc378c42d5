"""The secretariat in a real browser: review queue decisions, petitions, creating a release."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from tests.web.conftest import World, login, shot

from commonlist.registry.db import transaction
from commonlist.resolve.entries import entry_for_record


def test_reviewer_decides_a_candidate_and_the_entry_changes(world: World, page: Page) -> None:
    with transaction(world.engine) as session:
        before = entry_for_record(session, "KZ:KZ-003")
    page.goto(f"{world.url}/entries/{before}")
    expect(page.locator("dl.summary")).not_to_contain_text("RU")
    login(page, world.url, "sec.reviewer")
    expect(page).to_have_url(f"{world.url}/secretariat")
    queue = page.locator("table.queue")
    expect(queue).to_contain_text("KZ:KZ-003")
    overdue = page.get_by_role("region", name="Overdue periodic reviews")
    expect(overdue.get_by_role("link", name=world.rakhmonov)).to_be_visible()
    shot(page, "secretariat")
    page.get_by_role("link", name=f"Review #{world.candidate}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same subject?")
    compare = page.locator("table.compare")
    expect(compare).to_contain_text("Sayid NODIROV")
    expect(compare).to_contain_text("НОДИРОВ САИД")
    expect(compare.locator("tr.diff").first).to_contain_text("differs")
    expect(page.locator("table.explain")).to_contain_text("name_match")
    shot(page, "review-pair")
    page.get_by_label("Comment").fill("Same passport photo in both national files.")
    page.get_by_role("button", name="Same", exact=True).click()
    page.wait_for_url("**/entries/*")
    summary = page.locator("dl.summary")
    expect(summary).to_contain_text("KZ")
    expect(summary).to_contain_text("RU")
    expect(page.locator("table.names").filter(has_text="Cyrillic")).to_contain_text("НОДИРОВ САИД")
    expect(page.locator("ol.timeline")).to_contain_text("judged: Same")
    shot(page, "entry-after-review")
    page.goto(f"{world.url}/secretariat")
    expect(page.locator("table.queue")).to_have_count(0)


def test_petition_filed_and_followed(world: World, page: Page) -> None:
    page.goto(f"{world.url}/entries/{world.rakhmonov}")
    page.get_by_role("link", name="File a delisting petition for this entry").click()
    expect(page.get_by_label("Entry ID (e.g. CL-000001)")).to_have_value(world.rakhmonov)
    page.get_by_label("Your name").fill("A. Advocate")
    page.get_by_label("How to reach you (e-mail or postal address)").fill("advocate@example.org")
    page.get_by_label("Grounds for delisting").fill("The person was acquitted in 2024.")
    shot(page, "petition-form")
    page.get_by_role("button", name="File the petition").click()
    expect(page.get_by_role("status")).to_contain_text("was filed")
    expect(page.locator("dl.summary")).to_contain_text("received")
    status_url = page.url
    shot(page, "petition-status")
    context = page.context
    context.clear_cookies()
    login(page, world.url, "sec.reviewer")
    row = page.locator("tr", has_text="A. Advocate")
    row.get_by_label("Status").select_option("under_review")
    row.get_by_label("Reasons").fill("Asked the designating members for their files.")
    row.get_by_role("button", name="Record the decision").click()
    expect(page.locator("tr", has_text="A. Advocate")).to_contain_text("under review")
    page.goto(status_url)
    expect(page.locator("dl.summary")).to_contain_text("under review")
    expect(page.locator("ol.timeline")).to_contain_text("Asked the designating members")


def test_petition_for_an_unknown_entry_keeps_the_text(world: World, page: Page) -> None:
    page.goto(f"{world.url}/petition")
    page.get_by_label("Entry ID (e.g. CL-000001)").fill("CL-999999")
    page.get_by_label("Your name").fill("B. Person")
    page.get_by_label("How to reach you (e-mail or postal address)").fill("b@example.org")
    page.get_by_label("Grounds for delisting").fill("Mistaken identity.")
    page.get_by_role("button", name="File the petition").click()
    expect(page.get_by_role("alert")).to_contain_text("CL-999999")
    expect(page.get_by_label("Grounds for delisting")).to_have_value("Mistaken identity.")


def test_secretariat_creates_a_release(world: World, page: Page) -> None:
    login(page, world.url, "sec.reviewer")
    page.get_by_role("button", name="Create a release").click()
    page.wait_for_url("**/releases/*")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Release")
    expect(page.locator("table.files")).to_contain_text("manifest.json")

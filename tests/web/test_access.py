"""Accessibility basics and pages without JavaScript, in a real browser."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from tests.web.conftest import World, shot

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden')
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label'))
  .map(el => el.name || el.id)"""


def test_main_pages_have_labels_headings_and_language(world: World, page: Page) -> None:
    paths = ["/", f"/entries/{world.rakhmonov}", "/screen", "/releases", "/charts", "/petition"]
    for path in paths + ["/login", "/releases/1"]:
        response = page.goto(f"{world.url}{path}")
        assert response is not None and response.ok, path
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert page.evaluate(UNLABELLED) == [], path
        assert page.locator("table:not(:has(th))").count() == 0, path


def test_keyboard_skip_link_reaches_the_content(world: World, page: Page) -> None:
    page.goto(f"{world.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_search_and_language_work_without_javascript(world: World, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(f"{world.url}/")
        expect(page.locator("html")).to_have_attribute("lang", "ru")  # from Accept-Language
        page.get_by_label("Имя или идентификатор, в любой письменности").fill("Rakhmonov")
        page.get_by_role("button", name="Найти").click()
        expect(page.locator("#results tbody tr")).to_have_count(1)
        expect(page.locator("#results")).to_contain_text("РАХМОНОВ ДИЛШОД АБДУЛЛОЕВИЧ")
        shot(page, "list-ru-nojs")
        page.get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#results")).to_contain_text("Dilshod Abdulloevich RAKHMONOV")
    finally:
        context.close()

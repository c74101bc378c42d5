"""Public pages in a real browser: list, cross-script search, entry page, language switch."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from tests.web.conftest import World, shot


def _search(page: Page, world: World, text: str) -> list[str]:
    page.goto(f"{world.url}/")
    page.get_by_label("Name or ID, in any script").fill(text)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/?q=*")
    return page.locator("#results tbody tr td:first-child a").all_inner_texts()


def test_search_cyrillic_and_latin_find_the_same_entry(world: World, page: Page) -> None:
    latin = _search(page, world, "Rakhmonov")
    shot(page, "list-search-latin")
    cyrillic = _search(page, world, "Рахмонов")
    shot(page, "list-search-cyrillic")
    assert latin == [world.rakhmonov]
    assert cyrillic == [world.rakhmonov]
    assert _search(page, world, "Tursunov") == []


def test_list_filters_and_entry_page(world: World, page: Page) -> None:
    page.goto(f"{world.url}/?member=RU&schema=Organization")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    page.goto(f"{world.url}/")
    expect(page.locator("#results tbody tr")).to_have_count(5)
    shot(page, "list")
    page.get_by_role("link", name=world.rakhmonov).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("RAKHMONOV")
    names = page.locator("table.names")
    expect(names.filter(has_text="Cyrillic")).to_contain_text("РАХМОНОВ ДИЛШОД АБДУЛЛОЕВИЧ")
    expect(names.filter(has_text="Latin")).to_contain_text("Dilshod Abdulloevich RAKHMONOV")
    expect(page.locator("table.facts")).to_contain_text("1985-03-12")
    expect(page.locator("ol.timeline")).to_contain_text("listed by KZ")
    expect(page.locator("ol.timeline")).to_contain_text("listed by RU")
    shot(page, "entry")


def test_language_switch(world: World, page: Page) -> None:
    page.goto(f"{world.url}/entries/{world.rakhmonov}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("РАХМОНОВ")
    expect(page.get_by_role("heading", name="Имена по письменностям")).to_be_visible()
    page.goto(f"{world.url}/")  # the choice is remembered
    expect(page.get_by_role("heading", level=1)).to_have_text("Общий перечень")
    shot(page, "list-ru")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The common list")

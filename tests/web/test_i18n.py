"""The message catalogues and choosing a request's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonlist.web.i18n import MESSAGES, negotiate, translator

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "commonlist" / "web"


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    assert MESSAGES["en"].keys() == MESSAGES["ru"].keys()
    for key, english in MESSAGES["en"].items():
        fields = set(re.findall(r"{(\w+)}", english))
        assert fields == set(re.findall(r"{(\w+)}", MESSAGES["ru"][key])), key


def test_every_literal_key_used_in_templates_and_routes_exists() -> None:
    used: set[str] = set()
    for path in TEMPLATES.rglob("*"):
        if path.suffix in (".html", ".py"):
            used |= set(re.findall(r"""\bt\(\s*['"]([a-z_]+\.[a-z_.]+)['"]""", path.read_text()))
    assert used, "no keys found: the pattern is wrong"
    assert used - MESSAGES["en"].keys() == set()


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        ("ru", "en", "en", "ru"),
        (None, "ru", "en-GB,en;q=0.9", "ru"),
        (None, None, "ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        (None, None, "de-DE,en;q=0.5,ru;q=0.7", "ru"),
        (None, None, "de-DE", "en"),
        ("fr", "xx", None, "en"),
        (None, None, "ru;q=0", "en"),
        (None, None, "ru;q=bad,en", "en"),
    ],
)
def test_negotiate(
    query: str | None, cookie: str | None, header: str | None, expected: str
) -> None:
    assert negotiate(query, cookie, header) == expected


def test_translator_fills_placeholders_and_shows_unknown_keys() -> None:
    assert translator("ru")("list.results", count=3) == "Записей: 3"
    assert translator("en")("no.such.key") == "no.such.key"

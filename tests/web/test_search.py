"""Cross-script name search and the SVG charts, without a browser."""

from __future__ import annotations

from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.web.charts import bars, heatmap, line
from commonlist.web.search import NameIndex

INDEX = NameIndex(
    [
        ("CL-1", ["РАХМОНОВ ДИЛШОД АБДУЛЛОЕВИЧ"]),
        ("CL-2", ["Dilshod Abdulloevich RAKHMONOV", "Abu Dilshod"]),
        ("CL-3", ["Osama bin Laden", "أسامة بن لادن"]),
        ("CL-4", ["Jamaat Ansarullah"]),
    ]
)


def test_one_name_in_any_script_finds_both_spellings() -> None:
    assert INDEX.search("Рахмонов") == {"CL-1", "CL-2"}
    assert INDEX.search("Rakhmonov") == {"CL-1", "CL-2"}
    assert INDEX.search("rahmonov dilshod") == {"CL-1", "CL-2"}


def test_every_word_must_match_and_prefixes_do() -> None:
    assert INDEX.search("Rakhmonov Ansarullah") == set()
    assert INDEX.search("Ansar") == {"CL-4"}
    assert INDEX.search("أسامة") == {"CL-3"}
    assert INDEX.search("Usama") == {"CL-3"}


@settings(deadline=None)
@given(st.text(max_size=40))
def test_search_never_crashes(query: str) -> None:
    assert INDEX.search(query) <= {"CL-1", "CL-2", "CL-3", "CL-4"}


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_charts_are_valid_labelled_svg_with_escaped_text() -> None:
    ns = "{http://www.w3.org/2000/svg}"
    heat = _parse(heatmap(["KZ", "R<U"], [[4, 2], [2, 3]], ident="h", title="A & B", desc="d"))
    assert heat.get("role") == "img" and heat.get("aria-labelledby") == "h-t h-d"
    assert heat.find(f"{ns}title") is not None
    assert heat.find(f"{ns}title").text == "A & B"  # type: ignore[union-attr]
    texts = [t.text for t in heat.iter(f"{ns}text")]
    assert "R<U" in texts and "2" in texts
    trend = _parse(line([("1", 6), ("2", 5)], ident="l", title="t", desc="d"))
    assert len(list(trend.iter(f"{ns}circle"))) == 2
    bar_svg = _parse(bars([("listed", 6), ("held", 0)], ident="b", title="t", desc="d"))
    assert len(list(bar_svg.iter(f"{ns}rect"))) == 2
    assert _parse(line([], ident="e", title="t", desc="d")).tag == f"{ns}svg"

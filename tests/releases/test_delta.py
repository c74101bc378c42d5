"""Diffs and deltas between releases: applying the delta to release A gives release B."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.releases.delta import apply_delta, diff, make_delta

text = st.text(alphabet="abcxyz é", max_size=4)
leaf = st.one_of(st.none(), st.integers(-3, 3), text, st.lists(text, max_size=3))
value = st.recursive(leaf, lambda inner: st.dictionaries(text, inner, max_size=3), max_leaves=5)
entry = st.dictionaries(st.sampled_from(["caption", "properties", "members", "x"]), value)
release = st.dictionaries(st.sampled_from([f"CL-{i:06d}" for i in range(6)]), entry, max_size=6)


@settings(max_examples=60, deadline=None)
@given(release, release)
def test_delta_turns_a_into_b(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> None:
    before = repr(a)
    assert apply_delta(a, make_delta(a, b)) == b
    assert repr(a) == before  # a is not changed
    assert make_delta(b, b) == []


def test_field_level_diff() -> None:
    a = {
        "CL-000001": {"caption": "Ivan", "properties": {"alias": ["I", "J"], "country": ["ua"]}},
        "CL-000002": {"caption": "Gone"},
    }
    b = {
        "CL-000001": {"caption": "Ivan", "properties": {"alias": ["I", "K"], "gender": ["male"]}},
        "CL-000003": {"caption": "New"},
    }
    result = diff(a, b)
    assert (result.added, result.removed) == (("CL-000003",), ("CL-000002",))
    changes = {c.path: c for c in result.amended["CL-000001"]}
    assert set(changes) == {"properties.alias", "properties.country", "properties.gender"}
    assert (changes["properties.alias"].added, changes["properties.alias"].removed) == (
        ("K",),
        ("J",),
    )
    assert changes["properties.country"].new is None
    ops = make_delta(a, b)
    assert [op["op"] for op in ops] == ["amend", "remove", "add"]
    assert apply_delta(a, ops) == b

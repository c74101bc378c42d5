"""The default matcher as resolution uses it: prepared once, scored in forked workers."""

from __future__ import annotations

from followthemoney.proxy import EntityProxy

from commonlist.resolve.matcher import default_matcher, fork_map
from commonlist.sources.model import NameKind, RecordBuilder


def test_fork_map_keeps_order() -> None:
    items = list(range(1000))
    assert fork_map(lambda x: x * x, items, 2) == [x * x for x in items]
    assert fork_map(str, items[:3], 1) == ["0", "1", "2"]


def test_default_matcher_scores_and_explains() -> None:
    def entity(member: str, name: str) -> EntityProxy:
        builder = RecordBuilder("1", "Person", ref="1")
        builder.add_name(name, NameKind.PRIMARY)
        builder.add("birthDate", "1957-03-10")
        return builder.build().to_entity(member)

    matcher = default_matcher()
    left, right = entity("UN", "Usama bin Ladin"), entity("UK", "Osama Ben Laden")
    assert matcher.warm is not None and matcher.explain is not None
    matcher.warm([left, right], 1)
    assert matcher.score(left, right) > 0.9
    assert matcher.explain(left, right)["features"]

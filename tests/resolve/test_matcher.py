"""The default matcher as resolution uses it: prepared once, scored in forked workers."""

from __future__ import annotations

from followthemoney.proxy import EntityProxy

from commonlist.resolve.matcher import default_matcher, fork_map, score_bulk
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


def test_score_bulk_streams_chunks_and_keeps_pairs_above_the_threshold() -> None:
    names = ["Usama bin Ladin", "Osama Ben Laden", "Ayman al-Zawahiri", "Aiman al-Zawahri"]
    entities = []
    for i, name in enumerate(names):
        builder = RecordBuilder(str(i), "Person", ref=str(i))
        builder.add_name(name, NameKind.PRIMARY)
        entities.append(builder.build().to_entity("M"))
    chunks = [[(0, 1), (0, 2)], [(1, 3), (2, 3)], []]
    results = {
        workers: list(score_bulk(entities.__getitem__, chunks, min_score=0.7, workers=workers))
        for workers in (1, 2)
    }
    assert [[(a, b) for a, b, _ in chunk] for chunk in results[1]] == [[(0, 1)], [(2, 3)], []]
    assert results[1] == results[2]

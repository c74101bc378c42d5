"""Records prepared in forked workers keep part numbers unique in the process that scores them."""

from __future__ import annotations

import pickle

from followthemoney import model

from commonlist.names.analysis import analyze_name
from commonlist.resolve.matcher import default_matcher


def _person(i: int) -> object:
    entity = model.make_entity("Person")
    entity.id = f"p{i}"
    entity.add("name", f"Morteza Rezaie{chr(97 + i % 26)}{chr(97 + i // 26 % 26)} Ali{i % 7}")
    return entity


def test_a_part_from_another_process_gets_a_serial_of_this_one() -> None:
    part = analyze_name("Morteza Rezaie", person=True).parts[0]
    again = pickle.loads(pickle.dumps(part))
    assert again.serial != part.serial
    assert again._replace(serial=part.serial) == part


def test_parts_prepared_in_two_workers_never_share_a_serial() -> None:
    matcher = default_matcher()
    assert matcher.warm is not None
    entities = [_person(i) for i in range(2500)]  # enough to prepare in forked workers
    matcher.warm(entities, 2)
    owners: dict[int, object] = {}
    for entity in entities:
        record = matcher.warm.__self__.cache[entity.id]  # type: ignore[attr-defined]
        for name, _trust in record.names:
            for part in name.parts:
                seen = owners.setdefault(part.serial, part)
                assert seen is part or seen == part, f"serial {part.serial} names two parts"

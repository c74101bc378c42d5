"""Blocking keys across romanisations and scripts, and the DuckDB pair index."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from commonlist.resolve.blocking import BlockingIndex, block_keys, document_key, name_keys
from commonlist.sources.model import IdentityDocument, NameKind, RecordBuilder


def shared(a: str, b: str) -> set[str]:
    return name_keys(a) & name_keys(b)


def test_romanisations_and_scripts_share_a_key() -> None:
    assert shared("Usama bin Ladin", "Osama Ben Laden")
    assert shared("Usama bin Ladin", "Усама бен Ладен")
    assert shared("Muhammad Abd al-Rahman", "Mohamed Abdelrahman")
    assert shared("Muhammad Abd al-Rahman", "محمد عبد الرحمن")
    assert not shared("Usama bin Ladin", "Ayman al-Zawahiri")


def test_birth_year_and_documents_give_keys() -> None:
    builder = RecordBuilder("X", "Person", ref="X")
    builder.add_name("Hamza Yusuf", NameKind.PRIMARY)
    builder.add("birthDate", "1970-05-01")
    builder.add_document("passport", "A-123 456")
    keys = block_keys(builder.build())
    assert "d:A123456" in keys
    assert any(k.startswith("y:1970:") for k in keys)
    assert document_key("12") is None
    assert IdentityDocument("passport", "A123456").number == "A123456"


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=40))
def test_name_keys_never_crash_and_are_deterministic(text: str) -> None:
    assert name_keys(text) == name_keys(text)


def test_index_drops_oversized_blocks_and_measures_recall() -> None:
    index = BlockingIndex(max_block=3)
    index.add([(0, {"a", "big"}), (1, {"a", "big"}), (2, {"b", "big"}), (3, {"b", "big"})])
    index.build()
    assert list(index.pairs()) == [(0, 1), (2, 3)]
    assert index.recall([(1, 0), (0, 2)]) == (1, 2)
    index.close()

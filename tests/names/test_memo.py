import gc

import pytest

from commonlist.names.memo import COLLECTOR_THRESHOLD, EMPTY, memo, raise_collector_threshold


def test_caches_until_full_then_starts_over() -> None:
    calls: list[str] = []

    @memo(2)
    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert [upper("a"), upper("a"), upper("b")] == ["A", "A", "B"]
    assert calls == ["a", "b"]
    upper("c")  # full: emptied, then holds only "c"
    upper("a")
    assert calls == ["a", "b", "c", "a"]
    upper.cache_clear()
    upper("a")
    assert calls[-1] == "a" and len(calls) == 5


def test_several_arguments_are_one_key() -> None:
    @memo(8)
    def join(a: str, b: str) -> str:
        return a + b

    assert join("x", "y") == "xy" and join("y", "x") == "yx"
    assert join.__name__ == "join"


def test_keyword_arguments_are_refused() -> None:
    def stated(text: str, *, person: bool) -> str:
        return text

    with pytest.raises(TypeError):
        memo(8)(stated)


def test_empty_is_one_object() -> None:
    assert EMPTY == frozenset() and not EMPTY


def test_collector_threshold_is_raised_not_lowered() -> None:
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        raise_collector_threshold()
        assert gc.get_threshold() == (COLLECTOR_THRESHOLD, 10, 10)
        gc.set_threshold(50_000, 5, 5)
        raise_collector_threshold()
        assert gc.get_threshold() == (50_000, 5, 5)
        gc.set_threshold(0)
        raise_collector_threshold()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*saved)


def test_analysing_a_name_raises_the_collector_threshold() -> None:
    from commonlist.names.analysis import analyze_name

    analyze_name("Ivan Petrov", person=True)
    assert gc.get_threshold()[0] >= COLLECTOR_THRESHOLD

import pytest

from commonlist.names.memo import EMPTY, memo


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

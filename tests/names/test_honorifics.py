from commonlist.names.honorifics import is_honorific


def test_honorifics() -> None:
    for word in ("haji", "hadzhi", "mullah", "mawlawi", "sheikh", "shaykh", "dr"):
        assert is_honorific(word), word
    assert not is_honorific("emomali")

from commonlist.names.script import detect_script, is_cross_script


def test_detects_scripts() -> None:
    assert detect_script("Рахмонов Эмомали") == "Cyrillic"
    assert detect_script("RAKHMONOV Emomali") == "Latin"
    assert detect_script("امام علی رحمان") == "Arabic"
    assert detect_script("ТОО Alem LLC") == "Cyrillic"
    assert detect_script("123 -") == "Unknown"
    assert detect_script("Иван محمد") == "Mixed"


def test_cross_script() -> None:
    assert is_cross_script("Иван", "Ivan")
    assert not is_cross_script("Ivan", "Iwan")
    assert not is_cross_script("Ivan", "007")

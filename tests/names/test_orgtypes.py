from commonlist.names.orgtypes import compare_form, legal_forms


def test_legal_forms_across_scripts() -> None:
    assert legal_forms("ТОО Казахский Банк") == legal_forms("Kazakh Bank LLP") == {"llp"}
    assert legal_forms("МЧЖ Тошкент") == legal_forms("OOO Romashka") == {"llc"}
    assert legal_forms("Haqqani Network") == frozenset()


def test_compare_form() -> None:
    assert compare_form("Siemens Aktiengesellschaft") == compare_form("Siemens AG")

from commonlist.names.analysis import analyze_name
from commonlist.names.gender import Gender
from commonlist.names.parts import PartRole


def roles(text: str, **kw: frozenset[str]) -> list[tuple[str, PartRole]]:
    return [(p.latin, p.role) for p in analyze_name(text, person=True, **kw).parts]


def test_russian_orders() -> None:
    assert roles("Рахмонов Эмомали Шарипович") == [
        ("rakhmonov", PartRole.SURNAME), ("emomali", PartRole.GIVEN),
        ("sharipovich", PartRole.PATRONYMIC),
    ]  # fmt: skip
    assert roles("Эмомали Шарипович Рахмонов")[2] == ("rakhmonov", PartRole.SURNAME)


def test_written_conventions() -> None:
    assert roles("RAKHMONOV Emomali")[0] == ("rakhmonov", PartRole.SURNAME)
    assert roles("Rahmon, Emomali")[0] == ("rahmon", PartRole.SURNAME)
    assert roles("John Smith", surnames=frozenset({"john"}))[0] == ("john", PartRole.SURNAME)


def test_arabic_and_turkic_patronymics() -> None:
    assert roles("Isa bin Tarif")[1:] == [
        ("bin", PartRole.PARTICLE),
        ("tarif", PartRole.PATRONYMIC),
    ]
    parts = analyze_name("Nursultan Abish uly Nazarbayev", person=True).parts
    assert parts[1].role is PartRole.PATRONYMIC and parts[1].gender is Gender.MALE


def test_honorifics_and_particles() -> None:
    found = roles("Haji Mullah Abdul Rahman al-Kabir")
    assert found[0][1] is PartRole.HONORIFIC and found[1][1] is PartRole.HONORIFIC
    assert ("al", PartRole.PARTICLE) in found
    assert roles("Amir Khan")[0][1] is not PartRole.HONORIFIC  # a given name here


def test_initials_and_gender() -> None:
    parts = analyze_name("Рахмонова З.", person=True).parts
    assert parts[0].gender is Gender.FEMALE and parts[0].stem == "rahmonov"
    assert parts[1].role is PartRole.INITIAL


def test_organisation_parts() -> None:
    parts = analyze_name("ТОО Казахский Банк", person=False).parts
    assert [p.role for p in parts] == [PartRole.LEGAL, PartRole.UNKNOWN, PartRole.GENERIC]


def test_a_name_of_particles_only_keeps_its_words() -> None:
    assert roles("Ar") == [("ar", PartRole.UNKNOWN)]
    assert roles("Ar Rahman") == [("ar", PartRole.PARTICLE), ("rahman", PartRole.UNKNOWN)]


def test_the_name_after_abu_or_umm_is_a_kunya() -> None:
    assert roles("Abu Usama")[1] == ("usama", PartRole.KUNYA)
    assert roles("Umm Salama al-Tunisi")[1] == ("salama", PartRole.KUNYA)
    assert roles("Abu al-Qasim Taheri")[2] == ("qasim", PartRole.KUNYA)  # past the particle
    assert roles("Abubakar Bashir")[0][1] is not PartRole.KUNYA  # written as one word


def test_a_kunya_written_surname_first_or_in_stated_parts() -> None:
    assert roles("Bakr, Abu")[0] == ("bakr", PartRole.KUNYA)
    stated = roles("Abu Bakr", given=frozenset({"abu"}), surnames=frozenset({"bakr"}))
    assert stated[1] == ("bakr", PartRole.KUNYA)

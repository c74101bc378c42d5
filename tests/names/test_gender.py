from commonlist.names.gender import Gender, is_patronymic, patronymic_form, surname_form


def test_surname_forms() -> None:
    assert surname_form("rahmonova") == ("rahmonov", Gender.FEMALE)
    assert surname_form("rahmonov") == ("rahmonov", Gender.MALE)
    assert surname_form("vasileva") == ("vasilev", Gender.FEMALE)
    assert surname_form("smith") == ("smith", None)
    assert surname_form("ova") == ("ova", None)  # too short to be an ending


def test_patronymic_forms() -> None:
    assert patronymic_form("sharipovich") == ("sharipov", Gender.MALE)
    assert patronymic_form("sharipovna") == ("sharipov", Gender.FEMALE)
    assert patronymic_form("abishuli")[1] is Gender.MALE
    assert patronymic_form("abishkizi")[1] is Gender.FEMALE
    assert patronymic_form("marina") == ("marina", None)
    assert is_patronymic("ivanovich") and not is_patronymic("ivan")

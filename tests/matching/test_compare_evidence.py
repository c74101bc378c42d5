from tests.matching.util import make, pair

from commonlist.matching.compare.countries import country_conflict, country_match
from commonlist.matching.compare.dates import birth_date_conflict, birth_date_match
from commonlist.matching.compare.gender import gender_conflict
from commonlist.matching.compare.identifiers import identifier_conflict, identifier_match
from commonlist.matching.compare.places import birth_place_match


def dates(a: list[str], b: list[str]) -> tuple[float, float]:
    p = pair(make(name="X Y", birthDate=a), make(name="X Y", birthDate=b))
    return birth_date_match(p).score, birth_date_conflict(p).score


def test_birth_dates() -> None:
    assert dates(["1971-03-04"], ["1971-03-04"]) == (1.0, 0.0)
    assert dates(["1971-03-04"], ["1971-04-03"]) == (0.9, 0.0)  # day/month swapped
    assert dates(["1971"], ["1971-03-04"]) == (0.5, 0.0)
    assert dates(["1971-03"], ["1971-03-04"]) == (0.7, 0.0)
    assert dates(["1971-03-04"], ["1971-05-06"]) == (0.0, 0.5)
    assert dates(["1971"], ["1980"]) == (0.0, 1.0)
    assert dates([], ["1980"]) == (0.0, 0.0)


def test_countries() -> None:
    p = pair(make(name="X", nationality="tj"), make(name="X", nationality=["uz", "tj"]))
    assert country_match(p).score == 1.0 and country_conflict(p).score == 0.0
    p = pair(make(name="X", nationality="tj"), make(name="X", citizenship="uz"))
    assert country_match(p).score == 0.0 and country_conflict(p).score == 1.0


def test_identifiers() -> None:
    p = pair(make(name="X", passportNumber="N 0123-45"), make(name="X", passportNumber="n012345"))
    assert identifier_match(p).score == 1.0 and identifier_conflict(p).score == 0.0
    p = pair(make(name="X", passportNumber="N012345"), make(name="X", passportNumber="P998877"))
    assert identifier_match(p).score == 0.0 and identifier_conflict(p).score == 1.0
    p = pair(make(name="X", passportNumber="12"), make(name="X", passportNumber="34"))
    assert identifier_conflict(p).score == 0.0  # too short to count


def test_gender() -> None:
    assert (
        gender_conflict(pair(make(name="X", gender="male"), make(name="X", gender="female"))).score
        == 1.0
    )
    assert gender_conflict(pair(make(name="X", gender="male"), make(name="X"))).score == 0.0


def test_birth_place_across_scripts() -> None:
    p = pair(make(name="X", birthPlace="г. Грозный"), make(name="X", birthPlace="Grozny, Chechnya"))
    assert birth_place_match(p).score == 1.0

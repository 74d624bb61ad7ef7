import datetime
import pickle

import pytest

from offers.enums import Closeness
from offers.matching import match_offers
from questionnaires.enums import QuestionKind
from territories.models import Commune, Department, Epci
from tests.offers.factories import OfferFactory
from tests.questionnaires.factories import QuestionFactory, ThemeFactory
from tests.territories.factories import TerritoryFactory

TODAY = datetime.date(2026, 11, 30)
REIMS, TINQUEUX, CHALONS, EVRY = "51454", "51573", "51108", "91228"


@pytest.fixture
def theme():
    theme = ThemeFactory(slug="emploi-test", name="Emploi test")
    QuestionFactory(theme=theme, age=True)
    QuestionFactory(theme=theme, key="situation", choices=["job_seeker", "student", "neither"])
    QuestionFactory(theme=theme, key="looking_for", kind=QuestionKind.MULTIPLE, choices=["job", "internship", "summer"])
    QuestionFactory(theme=theme, key="driving_licence", choices=["yes", "no"], step=2)
    return theme


@pytest.fixture
def reims():
    return Commune.objects.get(insee_code=REIMS)


@pytest.fixture
def grand_reims(theme):
    return TerritoryFactory(
        name="Grand Reims",
        communes=Epci.objects.get(code="200067213").communes.values_list("insee_code", flat=True),
        themes=[theme.slug],
    )


def titles(commune, theme, answers, today=TODAY):
    questions = list(theme.questions.with_choices())
    return [
        match.title
        for match in match_offers(commune=commune, theme=theme, answers=answers, questions=questions, today=today)
    ]


def matches(commune, theme, answers):
    questions = list(theme.questions.with_choices())
    return match_offers(commune=commune, theme=theme, answers=answers, questions=questions, today=TODAY)


ANSWERS = {"age": 20, "situation": "job_seeker", "looking_for": ["job"], "driving_licence": "no"}


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "shown"), [(15, False), (16, True), (25, True), (26, False)])
def test_age_bounds_are_inclusive(theme, reims, grand_reims, age, shown):
    OfferFactory(theme=theme, title="16-25", age_min=16, age_max=25, territories=[grand_reims])

    assert titles(reims, theme, {**ANSWERS, "age": age}) == (["16-25"] if shown else [])


@pytest.mark.django_db
def test_single_choice_criterion_keeps_only_accepted_answers(theme, reims, grand_reims):
    OfferFactory(
        theme=theme, title="Demandeurs", criteria={"situation": ["job_seeker", "neither"]}, territories=[grand_reims]
    )

    assert titles(reims, theme, ANSWERS) == ["Demandeurs"]
    assert titles(reims, theme, {**ANSWERS, "situation": "student"}) == []


@pytest.mark.django_db
def test_multiple_choice_criterion_needs_one_accepted_answer(theme, reims, grand_reims):
    OfferFactory(theme=theme, title="Stages", criteria={"looking_for": ["internship"]}, territories=[grand_reims])

    assert titles(reims, theme, {**ANSWERS, "looking_for": ["job", "internship"]}) == ["Stages"]
    assert titles(reims, theme, {**ANSWERS, "looking_for": ["job", "summer"]}) == []


@pytest.mark.django_db
def test_a_question_not_asked_does_not_exclude(theme, reims, grand_reims):
    OfferFactory(theme=theme, title="Sans permis", criteria={"driving_licence": ["no"]}, territories=[grand_reims])
    OfferFactory(theme=theme, title="Critère inconnu", criteria={"housing": ["homeless"]}, territories=[grand_reims])
    answers = {key: value for key, value in ANSWERS.items() if key != "driving_licence"}

    assert titles(reims, theme, answers) == ["Critère inconnu", "Sans permis"]
    assert titles(reims, theme, {**answers, "driving_licence": "yes"}) == ["Critère inconnu"]


@pytest.mark.django_db
def test_coverage_by_commune_epci_department_territory_and_national(theme, reims, grand_reims):
    evry_territory = TerritoryFactory(name="Essonne", communes=[EVRY], themes=[theme.slug])
    OfferFactory(theme=theme, title="Commune", communes=[reims])
    OfferFactory(theme=theme, title="Autre commune", communes=[Commune.objects.get(insee_code=TINQUEUX)])
    OfferFactory(theme=theme, title="EPCI", epcis=[Epci.objects.get(code="200067213")])
    OfferFactory(theme=theme, title="Département", departments=[Department.objects.get(code="51")])
    OfferFactory(theme=theme, title="Autre département", departments=[Department.objects.get(code="91")])
    OfferFactory(theme=theme, title="Territoire", territories=[grand_reims])
    OfferFactory(theme=theme, title="Autre territoire", territories=[evry_territory])
    OfferFactory(theme=theme, title="National", national=True)

    found = matches(reims, theme, ANSWERS)

    assert [(match.title, match.closeness) for match in found] == [
        ("Commune", Closeness.COMMUNE),
        ("EPCI", Closeness.EPCI),
        ("Département", Closeness.DEPARTMENT),
        ("Territoire", Closeness.TERRITORY),
        ("National", Closeness.NATIONAL),
    ]


@pytest.mark.django_db
def test_an_arrondissement_is_covered_by_its_city():
    theme = ThemeFactory(slug="theme-paris")
    QuestionFactory(theme=theme, age=True)
    TerritoryFactory(name="Paris", communes=["75056"], themes=[theme.slug])
    OfferFactory(theme=theme, title="Paris", communes=[Commune.objects.get(insee_code="75056")])

    assert titles(Commune.objects.get(insee_code="75115"), theme, {"age": 20}) == ["Paris"]


@pytest.mark.django_db
def test_expired_future_and_unpublished_offers_are_not_shown(theme, reims, grand_reims):
    OfferFactory(theme=theme, title="Valide", territories=[grand_reims], valid_from=TODAY, valid_until=TODAY)
    OfferFactory(
        theme=theme, title="Expirée", territories=[grand_reims], valid_until=TODAY - datetime.timedelta(days=1)
    )
    OfferFactory(theme=theme, title="Future", territories=[grand_reims], valid_from=TODAY + datetime.timedelta(days=1))
    OfferFactory(theme=theme, title="Brouillon", territories=[grand_reims], draft=True)
    OfferFactory(theme=theme, title="À valider", territories=[grand_reims], status="submitted")
    OfferFactory(theme=theme, title="Archivée", territories=[grand_reims], status="archived")

    assert titles(reims, theme, ANSWERS) == ["Valide"]


@pytest.mark.django_db
def test_only_national_offers_when_the_theme_is_not_active_or_the_territory_not_open(theme, reims):
    other_theme = ThemeFactory(slug="logement-test")
    TerritoryFactory(name="Sans ce thème", communes=[REIMS], themes=[other_theme.slug])
    TerritoryFactory(name="En préparation", communes=[REIMS], themes=[theme.slug], engaged=True)
    OfferFactory(theme=theme, title="Partout", national=True)
    OfferFactory(theme=theme, title="Ici", communes=[reims])
    OfferFactory(theme=theme, title="Dans la Marne", departments=["51"])

    assert titles(reims, theme, ANSWERS) == ["Partout"]
    assert titles(Commune.objects.get(insee_code=CHALONS), theme, ANSWERS) == ["Partout"]


@pytest.mark.django_db
def test_a_commune_in_two_open_territories_sees_the_offers_of_both(theme):
    evry = Commune.objects.get(insee_code=EVRY)
    essonne = TerritoryFactory(name="Essonne", communes=[EVRY], themes=[theme.slug])
    agglomeration = TerritoryFactory(name="Grand Paris Sud", communes=[EVRY], themes=[])
    OfferFactory(theme=theme, title="Essonne", territories=[essonne])
    OfferFactory(theme=theme, title="Agglo", territories=[agglomeration])

    assert titles(evry, theme, ANSWERS) == ["Agglo", "Essonne"]


@pytest.mark.django_db
def test_specific_offers_come_first_and_each_says_why(theme, reims, grand_reims):
    OfferFactory(theme=theme, title="Pour tous", territories=[grand_reims])
    OfferFactory(theme=theme, title="Âge", age_min=16, age_max=25, territories=[grand_reims])
    OfferFactory(
        theme=theme,
        title="Très ciblée",
        age_min=18,
        age_max=26,
        criteria={"situation": ["job_seeker"], "looking_for": ["job", "internship"]},
        territories=[grand_reims],
    )

    found = matches(reims, theme, ANSWERS)

    assert [(match.title, match.specificity, match.reason) for match in found] == [
        ("Très ciblée", 3, "Pour les 18–26 ans qui ont répondu job_seeker et qui ont répondu job"),
        ("Âge", 1, "Pour les 16–25 ans, sans autre condition"),
        ("Pour tous", 0, "Pour tous les jeunes de 15 à 30 ans"),
    ]


@pytest.mark.django_db
def test_matches_are_kept_with_each_reason_once_and_read_back_in_order(theme, reims, grand_reims):
    for number in range(5):
        OfferFactory(theme=theme, title=f"Âge {number}", age_min=16, age_max=25, territories=[grand_reims])
    OfferFactory(theme=theme, title="Pour tous", territories=[grand_reims])
    built = matches(reims, theme, ANSWERS)

    kept = matches(reims, theme, ANSWERS)  # read back from the cache

    titles_in_order = [*(f"Âge {number}" for number in range(5)), "Pour tous"]
    assert [match.title for match in kept] == [match.title for match in built] == titles_in_order
    assert [match.title for match in kept[1:3]] == titles_in_order[1:3]
    assert kept[-1].reason == "Pour tous les jeunes de 15 à 30 ans" and len(kept) == 6
    assert pickle.dumps(kept).count("Pour les 16–25 ans, sans autre condition".encode()) == 1

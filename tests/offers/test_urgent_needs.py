"""A youth with no place to sleep tonight, in danger or in a health emergency sees the national emergency numbers
first, then the offers that answer an urgent need."""

import pytest
from django.urls import reverse

from core.helplines import HELPLINES
from questionnaires.models import Choice
from tests.offers.factories import OfferFactory
from tests.territories.factories import TerritoryFactory

REIMS = "51454"


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["logement", "sante"])


def answer_logement(client, *, housing, need):
    client.post(reverse("offers:step", args=[REIMS, "logement", 1]), {"age": "19", "situation": "neither"})
    client.post(reverse("offers:step", args=[REIMS, "logement", 2]), {"housing": housing})
    step_3 = {"housing_need": need}
    if housing in ("hosted", "homeless"):
        step_3["followed_by"] = "nobody"
    client.post(reverse("offers:step", args=[REIMS, "logement", 3]), step_3)
    return client.get(reverse("offers:results", args=[REIMS, "logement"]))


def test_the_urgent_needs_are_marked_in_the_questionnaires(db):
    urgent = set(Choice.objects.filter(is_urgent=True).values_list("question__key", "key"))

    assert urgent == {("housing", "homeless"), ("housing_need", "emergency"), ("health_need", "in_danger")}
    in_danger = Choice.objects.get(question__theme__slug="sante", key="in_danger")
    assert in_danger.order == 0
    assert in_danger.label == "C’est urgent : je suis en danger, ou je pense à me faire du mal"


def test_a_youth_without_a_place_to_sleep_sees_the_numbers_then_the_urgent_offer_first(client, territory):
    # The more specific offer would come first for anyone else.
    specific = OfferFactory(
        theme=territory.themes.get(slug="logement"),
        territories=[territory],
        title="Trouver un logement",
        age_min=18,
        age_max=25,
        criteria={"housing_need": ["find_housing", "emergency"]},
    )
    shelter = OfferFactory(
        theme=territory.themes.get(slug="logement"),
        territories=[territory],
        title="Un toit pour cette nuit",
        answers_urgent_need=True,
    )

    html = answer_logement(client, housing="homeless", need="emergency").content.decode()

    assert "Besoin d’aide tout de suite ? Appelle" in html
    for helpline in HELPLINES:
        assert f'href="{helpline.href}"' in html
    assert 'href="tel:115"' in html
    assert 'href="tel:0800235236"' in html
    assert 'href="sms:114"' in html
    assert html.index("Besoin d’aide tout de suite") < html.index(shelter.title) < html.index(specific.title)
    assert html.count("Aide d’urgence") == 1
    assert html.index("Aide d’urgence") < html.index(specific.title)


def test_without_an_urgent_need_the_urgent_flag_does_not_change_the_order(client, territory):
    specific = OfferFactory(
        theme=territory.themes.get(slug="logement"),
        territories=[territory],
        title="Trouver un logement",
        criteria={"housing_need": ["find_housing"]},
    )
    shelter = OfferFactory(
        theme=territory.themes.get(slug="logement"),
        territories=[territory],
        title="Un toit pour cette nuit",
        answers_urgent_need=True,
    )

    html = answer_logement(client, housing="parents", need="find_housing").content.decode()

    assert "Besoin d’aide tout de suite" not in html
    assert "Aide d’urgence" not in html
    assert html.index(specific.title) < html.index(shelter.title)


def test_the_empty_results_of_a_youth_in_danger_start_with_the_numbers(client, territory):
    url = reverse("offers:step", args=[REIMS, "sante", 1])
    client.post(url, {"age": "17", "situation": "school"})
    client.post(reverse("offers:step", args=[REIMS, "sante", 2]), {"health_need": ["in_danger"], "housing": "parents"})

    response = client.get(reverse("offers:results", args=[REIMS, "sante"]))

    html = response.content.decode()
    assert "Pas encore d’offre pour toi ici" in html
    assert html.index("Besoin d’aide tout de suite") < html.index("aucune offre de santé")
    assert 'href="tel:3114"' in html
    assert 'href="tel:119"' in html

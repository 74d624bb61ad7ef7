"""A youth with no place to sleep tonight, in danger or in a health emergency sees the national emergency numbers
first, then the offers that answer an urgent need."""

import re

import pytest
from django.urls import reverse

from core.helplines import HELPLINES, UrgentNeed, phone_digits
from questionnaires.journey import forget_questionnaires
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
    urgent = set(Choice.objects.exclude(urgent_need="").values_list("question__key", "key", "urgent_need"))

    assert urgent == {
        ("housing", "homeless", UrgentNeed.SHELTER),
        ("housing_need", "emergency", UrgentNeed.SHELTER),
        ("health_need", "in_danger", UrgentNeed.DANGER),
    }
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

    assert "Besoin d’aide tout de suite&nbsp;? Appelle" in html
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


def answer_sante(client, *, need, housing="parents", age="17"):
    client.post(reverse("offers:step", args=[REIMS, "sante", 1]), {"age": age, "situation": "school"})
    client.post(reverse("offers:step", args=[REIMS, "sante", 2]), {"health_need": need, "housing": housing})
    return client.get(reverse("offers:results", args=[REIMS, "sante"])).content.decode()


def helpline_order(html) -> list[str]:
    """The numbers of the emergency list, in the order the youth reads them."""
    start = html.index("Besoin d’aide tout de suite")
    listed = re.findall(r'href="(?:tel|sms):(\d+)"', html[start : html.index("</ul>", start)])
    return listed


@pytest.fixture
def health_offers(territory):
    sante = territory.themes.get(slug="sante")
    return [
        OfferFactory(theme=sante, territories=[territory], title=title, criteria={"health_need": [need]})
        for title, need in [("Parler à un ou une psychologue", "talk_to_someone"), ("Un bilan de santé", "see_doctor")]
    ]


def test_a_youth_in_danger_keeps_the_offers_they_would_get_without_saying_it(client, health_offers):
    talking, check_up = health_offers

    in_danger = answer_sante(client, need=["in_danger"])

    assert "Pas encore d’offre pour toi ici" not in in_danger
    assert "2 offres pour toi" in in_danger
    assert talking.title in in_danger and check_up.title in in_danger
    # Each card still says whom the offer is meant for.
    assert "qui ont besoin de parler à quelqu’un" in in_danger
    assert helpline_order(in_danger)[:2] == ["3114", "119"]
    assert in_danger.index("Besoin d’aide tout de suite") < in_danger.index(talking.title)


def test_an_urgent_answer_beside_others_excludes_what_the_others_exclude(client, health_offers):
    talking, check_up = health_offers

    html = answer_sante(client, need=["in_danger", "talk_to_someone"])

    assert "1 offre pour toi" in html
    assert talking.title in html and check_up.title not in html


def test_an_offer_that_answers_urgencies_keeps_its_place_first(client, health_offers, territory):
    listening = OfferFactory(
        theme=territory.themes.get(slug="sante"),
        territories=[territory],
        title="Une écoute tout de suite",
        criteria={"health_need": ["in_danger", "talk_to_someone"]},
        answers_urgent_need=True,
    )

    html = answer_sante(client, need=["in_danger"])

    assert "3 offres pour toi" in html
    assert html.index(listening.title) < html.index(health_offers[0].title)
    assert html.count("Aide d’urgence") == 1


def test_the_numbers_come_in_the_order_of_the_need(client, territory):
    assert helpline_order(answer_logement(client, housing="homeless", need="emergency").content.decode())[0] == "115"

    both = answer_sante(client, need=["in_danger"], housing="homeless")
    assert helpline_order(both)[:3] == ["3114", "119", "115"]

    Choice.objects.filter(question__key="health_need", key="see_doctor").update(urgent_need=UrgentNeed.MEDICAL)
    forget_questionnaires()
    medical = answer_sante(client, need=["see_doctor"])
    assert helpline_order(medical)[:2] == ["15", "112"]
    # Every number is still there, once.
    assert sorted(helpline_order(medical)) == sorted(phone_digits(helpline.number) for helpline in HELPLINES)


def test_the_115_is_a_link_from_the_step_where_a_night_outside_can_be_said(client, territory):
    client.post(reverse("offers:step", args=[REIMS, "logement", 1]), {"age": "19", "situation": "neither"})

    step_2 = client.get(reverse("offers:step", args=[REIMS, "logement", 2])).content.decode()
    client.post(reverse("offers:step", args=[REIMS, "logement", 2]), {"housing": "parents"})
    step_3 = client.get(reverse("offers:step", args=[REIMS, "logement", 3])).content.decode()
    step_1 = client.get(reverse("offers:step", args=[REIMS, "logement", 1])).content.decode()

    assert "Je n’ai pas d’endroit où dormir" in step_2
    for html in (step_2, step_3):
        assert re.search(r'<a class="fr-link" href="tel:115"><strong>115</strong>', html)
    # Not a grey hint any more.
    assert "appelle le 115" not in step_3
    assert 'href="tel:115"' not in step_1

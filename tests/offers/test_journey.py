import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from offers.models import Offer, SearchLog
from organisations.enums import OrganisationKind
from questionnaires.enums import QuestionKind
from territories.models import Commune
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.questionnaires.factories import QuestionFactory, ThemeFactory
from tests.territories.factories import TerritoryFactory

REIMS = "51454"


@pytest.fixture
def theme():
    theme = ThemeFactory(slug="emploi-test", name="Emploi test")
    QuestionFactory(theme=theme, age=True, text="Quel âge as-tu ?")
    situation = QuestionFactory(
        theme=theme,
        key="situation",
        text="Où en es-tu ?",
        criterion_label="Situation",
        choices=["job_seeker", "student"],
    )
    diploma = QuestionFactory(
        theme=theme,
        key="diploma",
        step=2,
        text="Ton diplôme le plus haut ?",
        criterion_label="Diplôme",
        choices=["none", "bac"],
    )
    diploma.condition_question = situation
    diploma.save()
    diploma.condition_choices.set(situation.choices.filter(key="job_seeker"))
    QuestionFactory(
        theme=theme,
        key="looking_for",
        step=3,
        kind=QuestionKind.MULTIPLE,
        text="Tu cherches quoi ?",
        criterion_label="Recherche",
        choices=["job", "internship"],
    )
    return theme


@pytest.fixture
def territory(theme):
    return TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=[theme.slug])


def step_url(theme, step):
    return reverse("offers:step", args=[REIMS, theme.slug, step])


def results_url(theme):
    return reverse("offers:results", args=[REIMS, theme.slug])


def answer_all(client, theme, *, situation="job_seeker"):
    client.post(step_url(theme, 1), {"age": "20", "situation": situation})
    if situation == "job_seeker":
        client.post(step_url(theme, 2), {"diploma": "none"})
    return client.post(step_url(theme, 3), {"looking_for": ["job", "internship"]})


@pytest.mark.django_db
def test_the_commune_page_links_each_theme_to_its_questionnaire(client, theme, territory):
    html = client.get(reverse("offers:commune", args=[REIMS])).content.decode()

    assert reverse("offers:start", args=[REIMS, theme.slug]) in html
    assert client.get(reverse("offers:start", args=[REIMS, theme.slug])).url == step_url(theme, 1)


@pytest.mark.django_db
def test_a_theme_not_open_in_the_commune_is_a_404(client, theme):
    TerritoryFactory(name="Ailleurs", communes=["91228"], themes=[theme.slug])

    assert client.get(step_url(theme, 1)).status_code == 404


@pytest.mark.django_db
def test_the_questionnaire_goes_step_by_step_and_skips_a_condition_not_met(client, theme, territory):
    page = client.get(step_url(theme, 1)).content.decode()
    assert "Étape 1 sur 3" in page
    assert "Quel âge as-tu ?" in page and "Où en es-tu ?" in page

    response = client.post(step_url(theme, 1), {"age": "20", "situation": "student"})

    assert response.url == step_url(theme, 3)
    assert client.get(step_url(theme, 2)).url == step_url(theme, 3)
    response = client.post(step_url(theme, 3), {"looking_for": ["job"]})
    assert response.url == results_url(theme)


@pytest.mark.django_db
def test_invalid_answers_are_explained_on_the_field_and_keep_what_was_typed(client, theme, territory):
    response = client.post(step_url(theme, 1), {"age": "150", "situation": "job_seeker"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Écris ton âge en chiffres, par exemple 19." in html
    assert 'value="150"' in html
    assert re.search(r'value="job_seeker"[^>]* checked', html)

    html = client.post(step_url(theme, 1), {"age": "vingt"}).content.decode()
    assert "Écris ton âge en chiffres" in html
    assert "Choisis une réponse pour continuer." in html


@pytest.mark.django_db
def test_a_14_year_old_is_told_kindly_where_to_go(client, theme, territory):
    OrganisationFactory(
        name="Info Jeunes Reims",
        kind=OrganisationKind.INFO_JEUNES,
        address="41 rue de Talleyrand, 51100 Reims",
        territories=[territory],
    )

    response = client.post(step_url(theme, 1), {"age": "14"})  # the other answers do not matter

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>La Boussole est faite pour les 15–30 ans</h1>" in html
    assert "Tu as 14 ans&nbsp;: c’est un peu tôt pour la Boussole" in html
    assert '<a href="tel:119">119</a>' in html
    assert "<strong>Info Jeunes Reims</strong> peut t’orienter. 41 rue de Talleyrand, 51100 Reims." in html
    assert "Besoin d’aide tout de suite&nbsp;? Appelle" in html
    assert f'href="{step_url(theme, 1)}">Je me suis trompé·e d’âge' in html
    assert "Écris ton âge" not in html
    assert "age" not in client.session.get("answers", {})


@pytest.mark.django_db
def test_a_31_year_old_is_sent_to_the_services_for_everyone(client, theme, territory):
    html = client.post(step_url(theme, 1), {"age": "31", "situation": "job_seeker"}).content.decode()

    assert "Tu as 31 ans&nbsp;: la Boussole ne peut pas te proposer ses offres" in html
    assert '<a href="tel:3949">3949</a>' in html
    assert "France services" in html
    assert client.get(results_url(theme)).url == step_url(theme, 1)


@pytest.mark.django_db
def test_a_later_step_cannot_be_reached_before_the_earlier_ones(client, theme, territory):
    assert client.get(step_url(theme, 3)).url == step_url(theme, 1)
    assert client.get(results_url(theme)).url == step_url(theme, 1)


@pytest.mark.django_db
def test_completing_the_questionnaire_logs_the_search_without_personal_data(client, theme, territory):
    OfferFactory(
        theme=theme, title="Pour les demandeurs", criteria={"situation": ["job_seeker"]}, territories=[territory]
    )

    answer_all(client, theme)

    log = SearchLog.objects.get()
    assert (log.commune.insee_code, log.theme, log.result_count, log.day) == (REIMS, theme, 1, timezone.localdate())
    # Coarsened: the age band, never the age; no moment to put beside a request.
    assert log.age_band == 18
    assert log.answers == {"situation": "job_seeker", "diploma": "none", "looking_for": ["job", "internship"]}
    assert not {field.name for field in SearchLog._meta.get_fields()} & {"created_at", "session", "request"}
    client.get(results_url(theme))
    assert SearchLog.objects.count() == 1


@pytest.mark.django_db
def test_a_search_that_found_several_offers_keeps_no_answers(client, theme, territory):
    for title in ["Pour tous", "Pour tous aussi"]:
        OfferFactory(theme=theme, title=title, territories=[territory])

    answer_all(client, theme)

    log = SearchLog.objects.get()
    assert (log.result_count, log.age_band, log.answers) == (2, None, {})


@pytest.mark.django_db
def test_each_card_gives_the_date_promised_by_its_organisation_s_calendar(client, theme, territory):
    # Good Friday is a holiday in Moselle, not in the Marne: asked that morning, two working days end a day later in
    # Metz than in Reims.
    for title, insee_code in [("Mission locale de Reims", "51454"), ("Mission locale de Metz", "57463")]:
        OfferFactory(
            theme=theme,
            title=title,
            delay_days=2,
            territories=[territory],
            organisation=OrganisationFactory(signed_charter=True, commune=Commune.objects.get(insee_code=insee_code)),
        )
    answer_all(client, theme)

    good_friday = datetime.datetime(2026, 4, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    with mock.patch("django.utils.timezone.now", return_value=good_friday):
        html = client.get(results_url(theme)).content.decode()

    cards = dict(re.findall(r'<a href="[^"]+">([^<]+)</a>.*?te contacte ([^<]+)\.</p>', html, re.DOTALL))
    assert cards == {
        "Mission locale de Reims": "au plus tard le mercredi 8 avril",
        "Mission locale de Metz": "au plus tard le jeudi 9 avril",
    }


@pytest.mark.django_db
def test_results_show_cards_with_reason_and_delay_and_the_answers(client, theme, territory):
    OfferFactory(
        theme=theme,
        title="Coup de pouce emploi",
        criteria={"situation": ["job_seeker"]},
        delay_days=2,
        territories=[territory],
        organisation=OrganisationFactory(name="Mission locale de Reims", signed_charter=True),
    )
    OfferFactory(theme=theme, title="Pour les étudiants", criteria={"situation": ["student"]}, territories=[territory])
    answer_all(client, theme)

    html = client.get(results_url(theme)).content.decode()
    deadline = Offer.objects.get(title="Coup de pouce emploi").contact_deadline()

    assert "1 offre pour toi" in html
    assert "Coup de pouce emploi" in html and "Pour les étudiants" not in html
    assert "Mission locale de Reims" in html
    assert "Pour les jeunes qui ont répondu job_seeker" in html
    assert f"te contacte au plus tard le {date_format(deadline, 'l j F')}." in html
    assert "Modifier mes réponses" in html and step_url(theme, 1) in html
    assert "Réponse job_seeker" in html


@pytest.mark.django_db
def test_the_last_results_page_shows_the_offers_left_each_once(client, theme, territory):
    organisation = OrganisationFactory(name="Mission locale de Reims", signed_charter=True)
    offers = [
        OfferFactory(theme=theme, title=f"Atelier {number:02}", organisation=organisation, territories=[territory])
        for number in range(12)
    ]
    answer_all(client, theme)

    first = client.get(results_url(theme)).content.decode()
    last = client.get(f"{results_url(theme)}?page=2").content.decode()

    assert all(f"Atelier {number:02}" in first for number in range(10))
    assert last.count("Atelier 1") == 2 and "Atelier 09" not in last
    for offer in offers[10:]:
        assert last.count(f'href="{offer.get_absolute_url()}?commune={REIMS}"') == 1
    assert last.count("Mission locale de Reims") == 2


@pytest.mark.django_db
def test_no_result_says_so_kindly_and_shows_the_info_jeunes_contact(client, theme, territory):
    OrganisationFactory(name="Info Jeunes Reims", kind="info_jeunes", phone="03 26 11 22 33", territories=[territory])
    answer_all(client, theme, situation="student")

    html = client.get(results_url(theme)).content.decode()

    assert "Pas encore d’offre pour toi ici" in html
    assert "Change tes réponses" in html
    assert "Info Jeunes Reims" in html and "03 26 11 22 33" in html


@pytest.mark.django_db
@pytest.mark.parametrize("offer_count", [10, 1000])
def test_results_page_queries_do_not_grow_with_offers(
    client, theme, territory, django_assert_max_num_queries, offer_count
):
    organisation = OrganisationFactory(signed_charter=True)
    OfferFactory.create_batch(offer_count, theme=theme, organisation=organisation, territories=[territory])
    answer_all(client, theme)

    with django_assert_max_num_queries(11):
        response = client.get(results_url(theme))

    assert f"{offer_count} offres pour toi" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("offer_count", [10, 1000])
def test_offer_page_queries_do_not_grow_with_offers(
    client, theme, territory, django_assert_max_num_queries, offer_count
):
    offers = OfferFactory.create_batch(offer_count, theme=theme, territories=[territory])

    with django_assert_max_num_queries(6):
        response = client.get(offers[-1].get_absolute_url())

    assert offers[-1].title in response.content.decode()


@pytest.mark.django_db
def test_offer_page_tells_what_for_whom_how_where_who_and_when(client, theme, territory):
    offer = OfferFactory(
        theme=theme,
        title="Job d’été accompagné",
        description="Un job pour l’été.",
        how_it_happens="Un atelier CV puis des entretiens.",
        place="12 rue de Vesle, Reims",
        age_min=16,
        age_max=25,
        criteria={"situation": ["job_seeker", "student"]},
        delay_days=5,
        territories=[territory],
        organisation=OrganisationFactory(name="BIJ de Reims", website="https://bij.example.fr", signed_charter=True),
    )

    response = client.get(offer.get_absolute_url())

    html = response.content.decode()
    assert "Un job pour l’été." in html and "Un atelier CV puis des entretiens." in html
    # Who it is for, in sentences made of the reasons the results give.
    assert "<li>Pour les jeunes de 16 à 25 ans.</li>" in html
    assert "<li>Pour les jeunes qui ont répondu job_seeker ou qui ont répondu student.</li>" in html
    assert "12 rue de Vesle, Reims" in html
    assert "BIJ de Reims" in html
    deadline = date_format(offer.contact_deadline(), "l j F")
    assert f"<strong>au plus tard le {deadline}</strong>" in html
    assert "Délai promis&nbsp;: 5 jours ouvrés (du lundi au vendredi, hors jours fériés)." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "asked_at, deadline",
    [
        # Wednesday morning, two working days: Thursday, then Christmas and the weekend are skipped.
        ("2026-12-23 10:00", datetime.date(2026, 12, 28)),
        # Wednesday evening counts from Thursday.
        ("2026-12-23 18:30", datetime.date(2026, 12, 29)),
        # Saturday counts from Monday.
        ("2026-12-05 11:00", datetime.date(2026, 12, 9)),
    ],
)
def test_the_contact_deadline_skips_evenings_weekends_and_public_holidays(asked_at, deadline):
    offer = OfferFactory.build(delay_days=2, organisation=OrganisationFactory.build())
    now = datetime.datetime.fromisoformat(asked_at).replace(tzinfo=ZoneInfo("Europe/Paris"))

    assert offer.contact_deadline(now) == deadline


@pytest.mark.django_db
def test_offer_page_redirects_a_wrong_slug_and_hides_unpublished_offers(client, theme, territory):
    offer = OfferFactory(theme=theme, title="Bonne adresse", territories=[territory])
    draft = OfferFactory(theme=theme, draft=True, territories=[territory])

    response = client.get(reverse("offers:offer", args=[offer.pk, "ancien-titre"]))

    assert (response.status_code, response.url) == (301, offer.get_absolute_url())
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_results_follow_offer_changes_at_once(client, theme, territory):
    offer = OfferFactory(theme=theme, title="Première offre", territories=[territory])
    answer_all(client, theme)
    assert "1 offre pour toi" in client.get(results_url(theme)).content.decode()

    OfferFactory(theme=theme, title="Nouvelle offre", territories=[territory])
    html = client.get(results_url(theme)).content.decode()
    assert "2 offres pour toi" in html and "Nouvelle offre" in html

    offer.status = "archived"
    offer.save()
    html = client.get(results_url(theme)).content.decode()
    assert "1 offre pour toi" in html and "Première offre" not in html


@pytest.mark.django_db
def test_the_journey_works_when_the_cache_is_unreachable(client, theme, territory, settings):
    OfferFactory(theme=theme, title="Toujours là", territories=[territory])
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    answer_all(client, theme)
    response = client.get(results_url(theme))

    assert response.status_code == 200
    assert "Toujours là" in response.content.decode()


@pytest.mark.django_db
def test_results_are_rendered_once_for_the_same_answers(client, theme, territory, django_assert_num_queries):
    from django.test import Client

    OfferFactory(theme=theme, title="Job d’été", territories=[territory])
    answer_all(client, theme)
    first = client.get(results_url(theme))
    other_youth = Client()
    answer_all(other_youth, theme)

    with django_assert_num_queries(1):  # the youth's session, for the answers
        again = other_youth.get(results_url(theme))

    assert again.content == first.content
    assert "Job d’été" in again.content.decode()


@pytest.mark.django_db
def test_a_results_page_is_kept_once_sent_and_read_back(client, theme, territory, django_assert_max_num_queries):
    from tests.core.test_deferred_writes import kept

    OfferFactory(theme=theme, title="Coup de pouce emploi", territories=[territory])
    answer_all(client, theme)

    assert "Coup de pouce emploi" in client.get(results_url(theme)).content.decode()

    # The test client closes the response, as a server does after its last byte: what it computed is then kept.
    assert kept(":boussole:html:")
    with django_assert_max_num_queries(4):  # the session, the place and its questionnaire: not the offers
        assert "Coup de pouce emploi" in client.get(results_url(theme)).content.decode()

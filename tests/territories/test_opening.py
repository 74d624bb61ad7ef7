"""An engaged territory: "bientôt" for its youths, who may leave an email to be told when it opens, and the one
action by which national staff open it once it is ready, which sends that email once."""

import datetime
import io
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from contact_requests.tasks import purge_requests
from notifications.enums import MessageStatus
from notifications.models import Email
from questionnaires.models import Theme
from territories.enums import TerritoryStatus
from territories.models import OpeningAlert, Territory
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS, TINQUEUX, CHALONS = "51454", "51573", "51108"
PARIS = ZoneInfo("Europe/Paris")
# Today at noon in Paris: sessions opened by the tests stay valid.
NOON = datetime.datetime.now(PARIS).replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture
def clock():
    """Django's clock, fixed at noon today in Paris."""
    with mock.patch("django.utils.timezone.now", return_value=NOON):
        yield NOON


@pytest.fixture
def engaged():
    return TerritoryFactory(
        name="Grand Reims",
        communes=[REIMS, TINQUEUX],
        themes=["emploi", "logement"],
        engaged=True,
        opening_date=datetime.date(2027, 4, 15),
    )


@pytest.fixture
def fil_sante_jeunes():
    return OfferFactory(theme=Theme.objects.get(slug="sante"), title="Fil Santé Jeunes", national=True)


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(email="national@example.fr", password="x", is_staff=True)
    client.force_login(user)
    return user


def alert_url(insee_code=REIMS):
    return reverse("territories:opening_alert", args=[insee_code])


def make_ready(territory):
    """An organisation of the territory that signed the charter, and a live local offer for each active theme."""
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[territory], signed_charter=True)
    for theme in territory.themes.all():
        OfferFactory(theme=theme, organisation=organisation, territories=[territory])
    return organisation


def open_url(territory):
    return reverse("backoffice:territory_open", args=[territory.pk])


@pytest.mark.django_db
def test_a_commune_of_an_engaged_territory_is_bientot_with_the_national_offers(client, engaged, fil_sante_jeunes):
    make_ready(engaged)  # its local offers reach nobody until it opens

    page = client.get(reverse("offers:commune", args=[REIMS])).content.decode()

    assert "La Boussole arrive bientôt à Reims" in page
    assert "préparent son ouverture, prévue le 15 avril 2027" in page
    assert f'href="{alert_url()}"' in page
    assert "pas encore ouverte" not in page
    # The national offers, and the theme they answer only: the territory's themes are not open yet.
    assert reverse("offers:start", args=[REIMS, "sante"]) in page
    assert reverse("offers:start", args=[REIMS, "emploi"]) not in page
    assert 'href="https://www.1jeune1solution.gouv.fr/"' in page


@pytest.mark.django_db
def test_the_results_there_are_the_national_offers_with_bientot_and_the_form(client, engaged, fil_sante_jeunes):
    local = make_ready(engaged).offers.first()
    local.theme = fil_sante_jeunes.theme
    local.save()

    client.post(reverse("offers:step", args=[REIMS, "sante", 1]), {"age": "19", "situation": "student"})
    client.post(reverse("offers:step", args=[REIMS, "sante", 2]), {"health_need": ["see_doctor"], "housing": "parents"})
    results = client.get(reverse("offers:results", args=[REIMS, "sante"])).content.decode()

    assert "1 offre pour toi" in results
    assert "Fil Santé Jeunes" in results
    assert local.title not in results
    assert "La Boussole arrive bientôt à Reims (ouverture prévue le 15 avril 2027)" in results
    assert f'href="{alert_url()}"' in results


@pytest.mark.django_db
def test_a_commune_outside_any_territory_is_not_told_bientot(client, engaged):
    page = client.get(reverse("offers:commune", args=[CHALONS])).content.decode()

    assert "La Boussole n’est pas encore ouverte à Châlons-en-Champagne" in page
    assert "bientôt" not in page
    assert client.get(alert_url(CHALONS)).status_code == 404


@pytest.mark.django_db
def test_a_commune_also_in_an_open_territory_is_open_not_bientot(client, engaged):
    TerritoryFactory(name="Marne", communes=[REIMS], themes=["emploi"])

    page = client.get(reverse("offers:commune", args=[REIMS])).content.decode()

    assert "La Boussole des jeunes est ouverte ici (Marne)" in page
    assert "bientôt" not in page
    assert client.get(alert_url()).status_code == 404


@pytest.mark.django_db
def test_results_in_an_open_territory_without_the_theme_are_not_bientot(client, engaged, fil_sante_jeunes):
    TerritoryFactory(name="Marne", communes=[REIMS], themes=["emploi"])

    client.post(reverse("offers:step", args=[REIMS, "sante", 1]), {"age": "19", "situation": "student"})
    client.post(reverse("offers:step", args=[REIMS, "sante", 2]), {"health_need": ["see_doctor"], "housing": "parents"})
    results = client.get(reverse("offers:results", args=[REIMS, "sante"])).content.decode()

    assert "Fil Santé Jeunes" in results
    assert "bientôt" not in results
    assert alert_url() not in results


@pytest.mark.django_db
def test_a_youth_leaves_an_email_with_consent_and_is_told_the_same_thing_twice(client, engaged, clock):
    page = client.get(alert_url()).content.decode()
    assert "Être prévenu·e de l’ouverture à Reims" in page
    assert "ouverture prévue le 15 avril 2027" in page
    assert 'name="consent"' in page and 'type="email"' in page

    response = client.post(alert_url(), {"email": " Lea@Example.fr ", "consent": "on"})
    again = client.post(alert_url(), {"email": "lea@example.fr", "consent": "on"})

    assert response.status_code == again.status_code == 302
    assert response.url == again.url == f"{alert_url()}?inscription=1"
    [alert] = OpeningAlert.objects.all()
    assert (alert.territory, alert.email, alert.consent_at) == (engaged, "lea@example.fr", NOON)
    done = client.get(response.url).content.decode()
    assert "C’est noté" in done
    assert "Si cette adresse e-mail est bien la tienne, tu recevras un seul message" in done
    assert "lea@example.fr" not in done


@pytest.mark.django_db
def test_the_form_says_in_french_next_to_each_field_what_is_wrong(client, engaged):
    response = client.post(alert_url(), {"email": "lea@example"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur : " in page
    assert "Ton inscription n’est pas encore enregistrée" in page
    # Under each field, which announces it as its description.
    assert 'aria-describedby="id_email-desc-error"' in page and 'aria-describedby="id_consent-desc-error"' in page
    for field, error in [("email", "Cette adresse e-mail n’est pas complète"), ("consent", "Coche cette case pour")]:
        under = page[page.index(f'<div id="id_{field}-desc-error">') :]
        assert error in under[: under.index("</div>")]
    assert 'value="lea@example"' in page
    assert not OpeningAlert.objects.exists()


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_email(client, engaged):
    for _ in range(3):
        client.post(alert_url(), {"email": "lea@example.fr", "consent": "on"})

    response = client.post(alert_url(), {"email": "lea@example.fr", "consent": "on"})

    assert response.status_code == 200
    assert "beaucoup de fois en peu de temps" in response.content.decode()
    assert OpeningAlert.objects.count() == 1


@pytest.mark.django_db
def test_opening_sends_the_email_once_through_the_outbox_and_forgets_the_addresses(
    client, staff, engaged, clock, django_capture_on_commit_callbacks
):
    make_ready(engaged)
    for email in ["lea@example.fr", "sami@example.fr"]:
        client.post(alert_url(), {"email": email, "consent": "on"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_url(engaged))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_url(engaged))  # clicked twice

    engaged.refresh_from_db()
    assert (engaged.status, engaged.opening_date) == (TerritoryStatus.OPEN, NOON.date())
    emails = Email.objects.filter(kind="territory_opened").order_by("pk")
    assert [email.recipients for email in emails] == [["lea@example.fr"], ["sami@example.fr"]]
    assert {email.status for email in emails} == {MessageStatus.SENT}
    assert sorted(message.to[0] for message in mail.outbox) == ["lea@example.fr", "sami@example.fr"]
    [message, _] = mail.outbox
    assert message.subject == "La Boussole des jeunes est ouverte : Grand Reims"
    assert "la Boussole des jeunes est maintenant ouverte sur le territoire Grand Reims" in message.body
    assert "ton adresse e-mail est maintenant effacée" in message.body
    assert not OpeningAlert.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Grand Reims est ouvert aux jeunes depuis aujourd’hui. 2 jeunes inscrits" in page
    youth_page = client.get(reverse("offers:commune", args=[REIMS])).content.decode()
    assert "La Boussole des jeunes est ouverte ici (Grand Reims)" in youth_page
    assert "bientôt" not in youth_page


@pytest.mark.django_db
def test_opening_refuses_a_territory_that_is_not_ready_and_says_why(client, staff, engaged):
    OrganisationFactory(name="Association sans charte", territories=[engaged])
    client.post(alert_url(), {"email": "lea@example.fr", "consent": "on"})

    response = client.post(open_url(engaged), follow=True)

    page = response.content.decode()
    assert "Grand Reims n’est pas encore prêt à ouvrir" in page
    assert "Aucune structure active du territoire n’a signé la charte de partenariat en vigueur." in page
    assert "Aucune offre visible des jeunes pour les thèmes Emploi, Logement." in page
    assert Territory.objects.get(pk=engaged.pk).status == TerritoryStatus.ENGAGED
    assert OpeningAlert.objects.count() == 1
    assert not Email.objects.filter(kind="territory_opened").exists()


@pytest.mark.django_db
def test_opening_names_the_one_theme_still_without_a_live_offer(client, staff, engaged):
    organisation = make_ready(engaged)
    logement = organisation.offers.get(theme__slug="logement")
    logement.status = "draft"
    logement.save()

    page = client.post(open_url(engaged), follow=True).content.decode()

    assert "Aucune offre visible des jeunes pour le thème Logement." in page
    assert "charte" not in page.split("pas encore prêt à ouvrir")[1].split("Rien n’a changé")[0]
    assert Territory.objects.get(pk=engaged.pk).status == TerritoryStatus.ENGAGED


@pytest.mark.django_db
def test_the_territory_page_tells_animators_what_is_missing_and_only_staff_may_open(client, engaged):
    animator = get_user_model().objects.create_user(email="animatrice@reims.example.fr", password="x")
    engaged.animators.add(animator)
    client.force_login(animator)
    settings_url = reverse("backoffice:territory_settings", args=[engaged.pk])

    page = client.get(settings_url).content.decode()

    assert "Ce qui manque pour ouvrir" in page
    assert "Aucune offre visible des jeunes pour les thèmes Emploi, Logement." in page
    assert open_url(engaged) not in page
    make_ready(engaged)
    assert client.post(open_url(engaged)).status_code == 404
    assert Territory.objects.get(pk=engaged.pk).status == TerritoryStatus.ENGAGED


@pytest.mark.django_db
def test_registrations_older_than_twelve_months_go_with_the_nightly_purge(engaged, clock):
    old = OpeningAlert.objects.create(territory=engaged, email="old@example.fr", consent_at=NOON)
    recent = OpeningAlert.objects.create(territory=engaged, email="recent@example.fr", consent_at=NOON)
    OpeningAlert.objects.filter(pk=old.pk).update(created_at=NOON - datetime.timedelta(days=361))
    OpeningAlert.objects.filter(pk=recent.pk).update(created_at=NOON - datetime.timedelta(days=359))

    purge_requests()

    assert list(OpeningAlert.objects.values_list("email", flat=True)) == ["recent@example.fr"]


@pytest.mark.django_db
def test_the_purge_command_says_how_many_registrations_it_erases(engaged, clock):
    old = OpeningAlert.objects.create(territory=engaged, email="old@example.fr", consent_at=NOON)
    OpeningAlert.objects.filter(pk=old.pk).update(created_at=NOON - datetime.timedelta(days=400))
    stdout = io.StringIO()

    call_command("purge_requests", "--dry-run", stdout=stdout)
    assert OpeningAlert.objects.exists()
    call_command("purge_requests", stdout=stdout)

    assert "1 inscription(s) « prévenez-moi » de plus de 12 mois à effacer." in stdout.getvalue()
    assert "1 inscription(s) « prévenez-moi » effacée(s)." in stdout.getvalue()
    assert not OpeningAlert.objects.exists()


@pytest.mark.django_db
def test_the_admin_leads_to_the_opening_action_and_does_not_open_an_engaged_territory_by_its_status(engaged):
    admin = get_user_model().objects.create_superuser(email="admin@jeunesse.gouv.fr", password="mot-de-passe-solide")
    OpeningAlert.objects.register(territory=engaged, email="lea@example.fr", at=NOON)
    client = Client()
    client.force_login(admin)
    change_url = reverse("admin:territories_territory_change", args=[engaged.pk])

    page = client.get(change_url).content.decode()
    assert "1 jeune inscrit pour être prévenu de l’ouverture." in page
    assert reverse("backoffice:territory_settings", args=[engaged.pk]) in page
    data = {
        "name": engaged.name,
        "slug": engaged.slug,
        "status": "open",
        "opening_date": "",
        "contact_email": engaged.contact_email,
        "themes": [theme.pk for theme in engaged.themes.all()],
    }
    response = client.post(change_url, data)

    assert response.status_code == 200
    assert "utilisez le bouton « Ouvrir le territoire aux jeunes »" in response.content.decode()
    assert Territory.objects.get(pk=engaged.pk).status == TerritoryStatus.ENGAGED
    assert OpeningAlert.objects.exists()


@pytest.mark.django_db
def test_the_personal_data_page_says_how_long_an_address_left_for_the_opening_is_kept(client):
    page = client.get(reverse("personal_data")).content.decode()

    assert "Quand tu demandes à être prévenu·e de l’ouverture" in page
    assert "12 mois après ton inscription si le territoire n’a pas ouvert" in page

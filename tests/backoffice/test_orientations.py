"""Orienting a youth from the professional space: the form, its refusals in French, "Mes orientations", and what
each side reads of the request."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome
from contact_requests.models import ContactRequest
from contact_requests.orientation import OWN_ORGANISATION
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

ORIENTATIONS = reverse("backoffice:orientations")


@pytest.fixture
def network():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    mission_locale = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    housing = OrganisationFactory(
        name="Association Habitat Jeunes", email="accueil@habitat.example.fr", territories=[territory]
    )
    counsellor = make_member(mission_locale, email="camille@ml-reims.example.fr")
    receiver = make_member(housing, email="dominique@habitat.example.fr")
    sign_charter(mission_locale, counsellor)
    sign_charter(housing, receiver)
    logement, emploi = Theme.objects.get(slug="logement"), Theme.objects.get(slug="emploi")
    return {
        "counsellor": counsellor,
        "receiver": receiver,
        "housing_offer": OfferFactory(
            theme=logement, organisation=housing, territories=[territory], title="Trouver un logement"
        ),
        "own_offer": OfferFactory(
            theme=emploi, organisation=mission_locale, territories=[territory], title="Accompagnement emploi"
        ),
    }


def form_data(**changes):
    return {
        "first_name": "Léa",
        "email": "lea@example.fr",
        "phone": "",
        "preferred_channel": "email",
        "commune": "51454",
        "message": "Hébergée chez une amie jusqu’à la fin du mois.",
        "consent": "on",
        "submission_key": str(uuid.uuid4()),
        **changes,
    }


def orient_url(offer, **query):
    url = reverse("backoffice:orient", args=[offer.pk])
    return f"{url}?demande={query['demande']}" if query else url


@pytest.mark.django_db
def test_a_counsellor_orients_a_youth_and_follows_the_status_only(
    client, network, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(network["counsellor"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(orient_url(network["housing_offer"]), form_data())

    assert response.status_code == 302 and response.url == ORIENTATIONS
    request = ContactRequest.objects.get()
    assert request.oriented_by == network["counsellor"] and request.message.startswith("Hébergée")
    assert {tuple(message.to) for message in mailoutbox} == {("accueil@habitat.example.fr",), ("lea@example.fr",)}
    request.mark_contacted(by=network["receiver"], at=timezone.now(), channel="phone")
    request.close(by=network["receiver"], outcome=Outcome.SERVICE_MOBILISED, comment="Logée au foyer du centre.")
    request.add_note(by=network["receiver"], text="Note de la structure")
    page = client.get(ORIENTATIONS).content.decode()
    assert "Association Habitat Jeunes a reçu la demande" in page
    assert request.reference in page and "Trouver un logement" in page and "clôturée" in page
    assert "Logée au foyer" not in page and "Note de la structure" not in page
    # The request itself stays the receiving structure's: the counsellor cannot open it.
    assert client.get(reverse("backoffice:request", args=[request.pk])).status_code == 404


@pytest.mark.django_db
def test_the_receiving_structure_reads_who_oriented_and_why(client, network):
    client.force_login(network["counsellor"])
    client.post(orient_url(network["housing_offer"]), form_data())
    request = ContactRequest.objects.get()
    client.force_login(network["receiver"])

    listed = client.get(reverse("backoffice:requests")).content.decode()
    page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    assert "Orienté·e par Mission locale de Reims" in listed
    assert f"Orienté·e par la Mission locale de Reims, {network['counsellor']}" in page
    assert "Hébergée chez une amie" in page


@pytest.mark.django_db
def test_without_the_consent_box_the_form_comes_back_with_everything_typed(client, network, mailoutbox):
    client.force_login(network["counsellor"])

    response = client.post(orient_url(network["housing_offer"]), form_data(consent=""))

    page = response.content.decode()
    assert response.status_code == 400
    assert "sans l’accord du ou de la jeune, ses coordonnées ne peuvent pas être transmises" in page
    assert 'value="lea@example.fr"' in page and "Hébergée chez une amie" in page
    assert not ContactRequest.objects.exists() and mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(("channel", "way"), [("sms", "par SMS"), ("phone", "par téléphone")])
def test_a_channel_by_phone_without_a_mobile_is_asked_for_in_its_own_words(client, network, channel, way):
    client.force_login(network["counsellor"])

    response = client.post(orient_url(network["housing_offer"]), form_data(preferred_channel=channel))

    page = response.content.decode()
    assert response.status_code == 400
    assert f"Il ou elle préfère être contacté·e {way} : écrivez ici son portable." in page
    assert 'value="lea@example.fr"' in page and not ContactRequest.objects.exists()


@pytest.mark.django_db
def test_orienting_to_ones_own_structure_is_refused_with_a_clear_message(client, network):
    client.force_login(network["counsellor"])

    shown = client.get(orient_url(network["own_offer"])).content.decode()
    response = client.post(orient_url(network["own_offer"]), form_data())

    assert OWN_ORGANISATION in shown and "Orienter le ou la jeune</button>" not in shown
    assert response.status_code == 400 and OWN_ORGANISATION in response.content.decode()
    assert not ContactRequest.objects.exists()


@pytest.mark.django_db
def test_the_same_youth_oriented_twice_is_told_to_be_one_request(client, network):
    client.force_login(network["counsellor"])
    client.post(orient_url(network["housing_offer"]), form_data())

    response = client.post(orient_url(network["housing_offer"]), form_data(email="LEA@example.fr"), follow=True)

    assert "a déjà une demande en cours pour cette offre depuis moins de 7 jours" in response.content.decode()
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_days_cap_is_said_in_the_form(client, network, settings):
    settings.ORIENTATIONS_PER_PROFESSIONAL_PER_DAY = 1
    client.force_login(network["counsellor"])
    client.post(orient_url(network["housing_offer"]), form_data())

    response = client.post(orient_url(network["housing_offer"]), form_data(email="autre@example.fr"))

    assert response.status_code == 400
    assert "Vous avez déjà orienté 1 jeunes aujourd’hui" in response.content.decode()
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
def test_from_a_handled_request_the_form_knows_the_youth_and_the_request_stays_open(client, network):
    handled = make_request(
        network["own_offer"], now=timezone.now(), email="sam@example.fr", phone=None, first_name="Sam"
    )
    client.force_login(network["counsellor"])

    detail = client.get(reverse("backoffice:request", args=[handled.pk])).content.decode()
    choices = client.get(reverse("backoffice:request_orient", args=[handled.pk])).content.decode()
    form = client.get(orient_url(network["housing_offer"], demande=handled.pk)).content.decode()
    client.post(
        orient_url(network["housing_offer"], demande=handled.pk),
        form_data(first_name="Sam", email="sam@example.fr"),
    )

    assert reverse("backoffice:request_orient", args=[handled.pk]) in detail
    assert "Trouver un logement" in choices and "Accompagnement emploi" not in choices
    assert 'value="sam@example.fr"' in form and 'value="Reims (51)"' in form
    handled.refresh_from_db()
    assert handled.is_active and handled.events.filter(kind=EventKind.ORIENTED_ELSEWHERE).exists()
    assert ContactRequest.objects.get(oriented_by=network["counsellor"]).email == "sam@example.fr"


@pytest.mark.django_db
def test_the_directory_and_the_partners_offer_page_lead_to_the_form(client, network):
    client.force_login(network["counsellor"])

    directory = client.get(reverse("backoffice:directory")).content.decode()
    offer_page = client.get(reverse("backoffice:partner_offer", args=[network["housing_offer"].pk])).content.decode()

    assert orient_url(network["housing_offer"]) in directory
    assert orient_url(network["housing_offer"]) in offer_page and "Trouver un logement" in offer_page

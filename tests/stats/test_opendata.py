"""The data·inclusion open data: valid against the national schema's own models, only what youths see, no personal
data, a fixed number of queries per page whatever its size."""

import datetime
import io
import json

import pytest
from data_inclusion.schema import v1
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pydantic import ValidationError

from offers.enums import OfferFormat
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.models import Theme
from stats import opendata
from territories.models import Commune, Department, Epci
from tests.backoffice.factories import make_member
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

STRICT = {"ignore_warnings": False}  # the schema's warnings (a name ending with a full stop…) fail too


def every_item(client, name: str) -> list[dict]:
    """All the pages of an endpoint, followed as a consumer does."""
    url = reverse(f"stats:open_{name}")
    items, page = [], 1
    while True:
        body = client.get(url, {"page": page, "size": 7}).json()
        if not body["items"]:
            assert page == body["pages"] + 1
            return items
        items += body["items"]
        page += 1


def validate(items: list[dict], model) -> None:
    for item in items:
        model.model_validate(item, context=STRICT)


@pytest.mark.django_db
def test_every_demo_structure_and_service_is_valid_against_the_data_inclusion_schema(client):
    call_command("load_demo", stdout=io.StringIO())
    Organisation.objects.update(contacts_visible_to_youths=True)

    structures, services = every_item(client, "structures"), every_item(client, "services")

    validate(structures, v1.Structure)
    validate(services, v1.Service)
    assert len(structures) == Organisation.objects.reaching_youths().count() > 10
    assert len(services) == Offer.objects.live().count() > 40
    assert {service["structure_id"] for service in services} <= {structure["id"] for structure in structures}
    assert all(structure["courriel"] and structure["telephone"].startswith("+33") for structure in structures)


@pytest.mark.django_db
def test_an_invalid_record_fails_the_validation(client, monkeypatch):
    """The check above can fail: a thematique that the schema does not know is refused."""
    emploi = Theme.objects.get(slug="emploi")
    OfferFactory(theme=emploi, is_national=True)
    monkeypatch.setitem(opendata.THEMATIQUES, "emploi", ["emploi"])

    with pytest.raises(ValidationError, match="thematiques"):
        validate(every_item(client, "services"), v1.Service)


@pytest.mark.django_db
def test_a_structure_as_published(client):
    reims = Commune.objects.get(insee_code="51454")
    organisation = OrganisationFactory(
        name="Mission locale de Reims",
        kind="mission_locale",
        siret="41859906400064",
        address="13 rue Gambetta",
        phone="03 26 00 11 20",
        email="contact@ml-reims.example.fr",
        website="https://www.ml-reims.example.fr",
        signed_charter=True,
    )

    [item] = client.get(reverse("stats:open_structures")).json()["items"]

    assert item == {
        "source": "boussole-des-jeunes",
        "id": f"boussole-des-jeunes--{organisation.pk}",
        "nom": "Mission locale de Reims",
        "date_maj": datetime.datetime.now(tz=datetime.UTC).date().isoformat(),
        "siret": "41859906400064",
        "adresse": "13 rue Gambetta",
        "commune": "Reims",
        "code_insee": "51454",
        "code_postal": reims.postal_codes[0],
        # Not published until the organisation says so.
        "telephone": None,
        "courriel": None,
        "site_web": "https://www.ml-reims.example.fr",
        "reseaux_porteurs": ["mission-locale"],
    }
    validate([item], v1.Structure)

    organisation.contacts_visible_to_youths = True
    organisation.save()
    [item] = client.get(reverse("stats:open_structures")).json()["items"]
    assert (item["telephone"], item["courriel"]) == ("+33326001120", "contact@ml-reims.example.fr")


@pytest.mark.django_db
def test_a_service_says_where_who_and_how_to_ask(client):
    emploi = Theme.objects.get(slug="emploi")
    reims = Commune.objects.get(insee_code="51454")
    territory = TerritoryFactory(communes=["51454", "51250"])
    organisation = OrganisationFactory(signed_charter=True, contacts_visible_to_youths=True)
    offer = OfferFactory(
        organisation=organisation,
        theme=emploi,
        title="Garantie jeunes",
        age_min=16,
        age_max=25,
        delay_days=2,
        format=OfferFormat.BOTH,
        criteria={"situation": ["job_seeker"]},
        communes=[reims],
        epcis=[Epci.objects.get(pk=reims.epci_id)],
        departments=[Department.objects.get(code="08")],
        territories=[territory],
        alert_emails="conseillere.privee@ml.example.fr",
    )
    make_request(offer, now=timezone.now(), email="jeune@example.fr")

    response = client.get(reverse("stats:open_services"))
    [item] = response.json()["items"]

    validate([item], v1.Service)
    assert item["id"] == f"boussole-des-jeunes--{offer.pk}"
    assert item["structure_id"] == f"boussole-des-jeunes--{organisation.pk}"
    assert item["lien_source"] == item["lien_mobilisation"] == settings.SITE_URL + offer.get_absolute_url()
    assert item["zone_eligibilite"] == sorted(["08", "51250", "51454", reims.epci_id])
    assert item["thematiques"] == ["trouver-un-emploi--repondre-a-des-offres-demploi"]
    assert item["publics"] == ["jeunes"] and item["publics_precisions"] == "Jeunes de 16 à 25 ans."
    assert item["conditions_acces"].startswith("Situation : ")
    assert item["modes_accueil"] == ["en-presentiel", "a-distance"]
    assert item["adresse"] == organisation.address and item["code_insee"] == "51454"
    assert item["courriel"] == organisation.email
    assert "2 jours ouvrés" in item["mobilisation_precisions"]
    # Nothing of the people behind it: not the alert address, not the youth who asked.
    body = response.content.decode()
    assert "conseillere.privee" not in body and "jeune@example.fr" not in body
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "etalab.gouv.fr/licence-ouverte" in response["Link"]


@pytest.mark.django_db
def test_only_what_youths_see_is_published(client):
    emploi = Theme.objects.get(slug="emploi")
    live = OfferFactory(theme=emploi, is_national=True, title="En ligne")
    OfferFactory(theme=emploi, is_national=True, draft=True)
    OfferFactory(theme=emploi, is_national=True, valid_until=datetime.date(2020, 1, 1))
    OfferFactory(theme=emploi, is_national=True, reviewed_at=datetime.date(2020, 1, 1))
    unsigned = OrganisationFactory(name="Sans charte")
    OfferFactory(theme=emploi, is_national=True, organisation=unsigned)
    deactivated = OrganisationFactory(name="Désactivée", signed_charter=True)
    deactivated.deactivate()
    OfferFactory(theme=emploi, is_national=True, organisation=deactivated)
    make_member(live.organisation, email="pro.personnel@example.fr")

    structures = client.get(reverse("stats:open_structures")).content.decode()
    services = client.get(reverse("stats:open_services")).json()

    assert [item["nom"] for item in services["items"]] == ["En ligne"]
    assert "Sans charte" not in structures and "Désactivée" not in structures
    assert "pro.personnel" not in structures


@pytest.mark.django_db
def test_pages_follow_data_inclusion_and_refuse_what_is_not_a_page(client):
    emploi = Theme.objects.get(slug="emploi")
    offers = [OfferFactory(theme=emploi, is_national=True) for _ in range(3)]
    url = reverse("stats:open_services")

    second = client.get(url, {"page": 2, "size": 2}).json()
    past_the_end = client.get(url, {"page": 3, "size": 2}).json()

    assert {key: second[key] for key in ("total", "page", "size", "pages")} == {
        "total": 3,
        "page": 2,
        "size": 2,
        "pages": 2,
    }
    assert [item["id"] for item in second["items"]] == [f"boussole-des-jeunes--{offers[2].pk}"]
    assert past_the_end["items"] == []
    assert client.get(url).json()["size"] == opendata.DEFAULT_PAGE_SIZE
    assert client.get(url, {"page": "99999999999999999999"}).json()["items"] == []
    wrong_pages = [{"page": 0}, {"page": "deux"}, {"page": "²"}, {"page": "١"}, {"size": "²"}]
    for wrong in [*wrong_pages, {"size": 0}, {"size": opendata.MAX_PAGE_SIZE + 1}, {"size": "-1"}]:
        response = client.get(url, wrong)
        assert response.status_code == 400 and "page" in json.loads(response.content)["detail"]


@pytest.mark.django_db
def test_a_page_is_a_fixed_number_of_queries_whatever_its_size(client):
    themes = list(Theme.objects.order_by("order"))
    territory = TerritoryFactory(communes=["51454", "51250"])
    reims = Commune.objects.get(insee_code="51454")
    for number in range(30):
        organisation = OrganisationFactory(signed_charter=True, contacts_visible_to_youths=bool(number % 2))
        OfferFactory(
            organisation=organisation,
            theme=themes[number % len(themes)],
            communes=[reims],
            epcis=[Epci.objects.get(pk=reims.epci_id)],
            departments=[Department.objects.get(code="51")],
            territories=[territory],
            criteria={"situation": ["job_seeker"]} if number % 3 else {},
        )
    # The questionnaires are read once per theme and kept; read them before counting.
    client.get(reverse("stats:open_services"))

    counts = {}
    for name in ("structures", "services"):
        for size in (1, 30):
            with CaptureQueriesContext(connection) as queries:
                body = client.get(reverse(f"stats:open_{name}"), {"size": size}).json()
            assert len(body["items"]) == size
            counts[name, size] = len(queries)

    assert counts["structures", 1] == counts["structures", 30]
    assert counts["services", 1] == counts["services", 30]


@pytest.mark.django_db
def test_an_administrator_chooses_to_publish_the_organisation_s_contacts(client):
    organisation = OrganisationFactory(name="Mission locale", email="accueil@ml.example.fr", signed_charter=True)
    admin = make_member(organisation, role="admin")
    client.force_login(admin)
    profile = {
        "profile-name": organisation.name,
        "profile-address": organisation.address,
        "profile-phone": "03 26 11 22 33",
        "profile-email": "accueil@ml.example.fr",
    }

    assert "aussi dans les données ouvertes" in client.get(reverse("backoffice:organisation")).content.decode()
    client.post(reverse("backoffice:organisation"), profile)
    hidden = client.get(reverse("stats:open_structures")).json()["items"][0]
    client.post(reverse("backoffice:organisation"), {**profile, "profile-contacts_visible_to_youths": "on"})
    shown = client.get(reverse("stats:open_structures")).json()["items"][0]

    assert (hidden["telephone"], hidden["courriel"]) == (None, None)
    assert (shown["telephone"], shown["courriel"]) == ("+33326112233", "accueil@ml.example.fr")


@pytest.mark.django_db
def test_a_page_is_written_once_for_every_harvester_until_what_youths_see_changes(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    offer = OfferFactory(theme=Theme.objects.get(slug="sante"), is_national=True, title="Écoute et conseils")
    url = reverse("stats:open_services")
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        offer.title = "Écoute, conseils et orientation"
        offer.save()
    changed = client.get(url)

    assert again.content == first.content
    assert again["Access-Control-Allow-Origin"] == "*" and "license" in again["Link"]
    assert [item["nom"] for item in changed.json()["items"]] == ["Écoute, conseils et orientation"]

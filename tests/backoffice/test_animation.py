"""The territorial animator's space: the home tiles and the organisations of their territories."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.models import CharterVersion
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory


@pytest.fixture
def reims():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    animator = get_user_model().objects.create_user(email="animatrice@reims.example.fr", password="x")
    territory.animators.add(animator)
    signed = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    sign_charter(signed, make_member(signed, role="admin"))
    unsigned = OrganisationFactory(name="Association Toit pour tous", territories=[territory])
    make_member(unsigned, role="admin")
    make_member(unsigned)
    elsewhere = TerritoryFactory(name="Essonne", communes=["91228"])
    other = OrganisationFactory(name="Mission locale d’Évry", territories=[elsewhere])
    return {"territory": territory, "animator": animator, "signed": signed, "unsigned": unsigned, "other": other}


@pytest.mark.django_db
def test_the_animator_home_counts_what_needs_action_in_their_territories(client, reims):
    emploi = Theme.objects.get(slug="emploi")
    offer = OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]])
    make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None)
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:home")).content.decode()

    assert "Animation territoriale" in html
    assert "1 structure sans charte signée" in html
    assert "1 demande ce mois-ci" in html
    assert "?charte=non" in html and "?recues=mois" in html


@pytest.mark.django_db
def test_the_directory_shows_charter_members_and_live_offers_of_the_territory_only(client, reims):
    emploi = Theme.objects.get(slug="emploi")
    OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]])
    OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]], status="draft")
    client.force_login(reims["animator"])

    response = client.get(reverse("backoffice:territory_organisations"))

    rows = {organisation.name: organisation for organisation in response.context["page_obj"].object_list}
    assert set(rows) == {"Mission locale de Reims", "Association Toit pour tous"}
    assert rows["Mission locale de Reims"].signed_charter and rows["Mission locale de Reims"].live_offer_count == 1
    assert not rows["Association Toit pour tous"].signed_charter
    assert rows["Association Toit pour tous"].member_count == 2
    assert "Mission locale d’Évry" not in response.content.decode()


@pytest.mark.django_db
def test_the_unsigned_filter_lists_the_organisations_to_follow_up(client, reims):
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:territory_organisations") + "?charte=non").content.decode()

    assert "Association Toit pour tous" in html and "Mission locale de Reims" not in html


@pytest.mark.django_db
def test_a_new_charter_version_makes_every_organisation_unsigned_until_it_signs_again(client, reims):
    CharterVersion.objects.create(version=CharterVersion.current().version + 1, text="Charte, version 2.")
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:home")).content.decode()

    assert "2 structures sans charte signée" in html


@pytest.mark.django_db
def test_the_directory_makes_the_same_queries_with_many_organisations(client, reims):
    client.force_login(reims["animator"])
    client.get(reverse("backoffice:territory_organisations"))

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("backoffice:territory_organisations"))
    for _ in range(20):
        organisation = OrganisationFactory(territories=[reims["territory"]])
        make_member(organisation)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("backoffice:territory_organisations"))

    assert len(many) == len(few)

"""An organisation that has not signed the current charter, or is deactivated, reaches no youth: its offers are not
matched, their pages are a kind 404, and no request reaches it. Whatever the youth side cached follows at once.
"""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.matching import match_offers
from offers.models import Offer
from organisations.models import CharterSignature, CharterVersion
from questionnaires.models import Theme
from territories.models import Commune
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS = "51454"


@pytest.fixture
def emploi():
    return Theme.objects.get(slug="emploi")


@pytest.fixture
def territory(emploi):
    return TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=[emploi.slug])


@pytest.fixture
def signed(territory, emploi):
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    sign_charter(organisation, make_member(organisation, role="admin"))
    return OfferFactory(theme=emploi, organisation=organisation, title="Offre signée", territories=[territory])


@pytest.fixture
def unsigned(territory, emploi):
    organisation = OrganisationFactory(name="Association sans charte", territories=[territory])
    make_member(organisation, role="admin")
    return OfferFactory(theme=emploi, organisation=organisation, title="Offre sans charte", territories=[territory])


def matched_titles(emploi):
    questions = list(emploi.questions.with_choices())
    reims = Commune.objects.get(insee_code=REIMS)
    return {match.title for match in match_offers(commune=reims, theme=emploi, answers={}, questions=questions)}


@pytest.mark.django_db
def test_an_unsigned_organisation_offers_are_not_matched_until_it_signs(emploi, signed, unsigned):
    assert matched_titles(emploi) == {"Offre signée"}  # now cached
    assert unsigned not in Offer.objects.live()

    sign_charter(unsigned.organisation, unsigned.organisation.memberships.get().user)

    assert matched_titles(emploi) == {"Offre signée", "Offre sans charte"}


@pytest.mark.django_db
def test_a_new_charter_version_hides_every_offer_until_their_organisation_signs_it(emploi, signed):
    assert matched_titles(emploi) == {"Offre signée"}

    CharterVersion.objects.create(version=CharterVersion.current().version + 1, text="Charte révisée.")

    assert matched_titles(emploi) == set()
    CharterSignature.objects.create(
        organisation=signed.organisation,
        charter=CharterVersion.current(),
        signed_by=signed.organisation.memberships.get().user,
    )
    assert matched_titles(emploi) == {"Offre signée"}


@pytest.mark.django_db
def test_a_deactivated_organisation_offers_leave_the_youth_side(emploi, signed):
    assert matched_titles(emploi) == {"Offre signée"}

    signed.organisation.deactivated_at = timezone.now()
    signed.organisation.save()

    assert matched_titles(emploi) == set()
    assert signed not in Offer.objects.live()


@pytest.mark.django_db
def test_the_page_of_an_offer_youths_no_longer_see_is_a_kind_404_back_to_their_results(client, emploi, unsigned):
    response = client.get(f"{unsigned.get_absolute_url()}?commune={REIMS}")

    assert response.status_code == 404
    content = html.unescape(response.content.decode())
    assert "Cette offre n’est plus proposée" in content
    assert "Ce n’est pas de ta faute" in content
    assert f'href="{reverse("offers:results", args=[REIMS, emploi.slug])}"' in content
    assert "Retour à tes résultats" in content
    assert unsigned.title not in content  # nothing said about the offer itself


@pytest.mark.django_db
def test_no_request_reaches_an_unsigned_organisation(client, unsigned):
    response = client.get(reverse("contact_requests:form", args=[unsigned.pk]) + f"?commune={REIMS}")

    assert response.status_code == 404
    assert "Cette offre n’est plus proposée" in html.unescape(response.content.decode())

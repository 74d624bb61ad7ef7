"""An overseas organisation sees its requests dated in its own time zone, in the list, its filters and its tiles."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contact_requests.models import ContactRequest
from questionnaires.models import Theme
from territories.models import Commune
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

MARTINIQUE = ZoneInfo("America/Martinique")
# 10:00 in Fort-de-France is 15:00 in Paris, the same day; the end of that day there is 04:59:59 in Paris, the next.
MORNING = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=MARTINIQUE)
DUE = datetime.datetime(2026, 3, 9, 23, 59, 59, tzinfo=MARTINIQUE)


@pytest.fixture
def martinique_request(client):
    territory = TerritoryFactory(name="Martinique", communes=["97209"])
    organisation = OrganisationFactory(
        name="Mission locale de Fort-de-France",
        commune=Commune.objects.get(insee_code="97209"),
        territories=[territory],
    )
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=organisation, territories=[territory])
    user = make_member(organisation, email="pro@ml-fdf.example.fr")
    sign_charter(organisation, user)
    client.force_login(user)
    request = make_request(offer, commune="97209", now=MORNING - datetime.timedelta(days=3))
    ContactRequest.objects.filter(pk=request.pk).update(due_at=DUE)
    return request


@pytest.mark.django_db
def test_the_list_dates_and_filters_in_the_organisation_s_time_zone(client, martinique_request):
    with mock.patch("django.utils.timezone.now", return_value=MORNING):
        listed = client.get(reverse("backoffice:requests")).content.decode()
        due_today = client.get(reverse("backoffice:requests") + "?echeance=aujourdhui").content.decode()
        home = client.get(reverse("backoffice:home")).content.decode()

    assert 'data-label="À contacter avant le">09/03/2026</td>' in listed
    assert martinique_request.reference in due_today
    assert "1 à contacter aujourd’hui" in home
    martinique_request.refresh_from_db()
    assert martinique_request.due_date == datetime.date(2026, 3, 9)


@pytest.mark.django_db
def test_overdue_and_due_today_are_one_rule_for_lists_and_single_requests(martinique_request):
    for moment, due_today, overdue in [
        (MORNING, True, False),
        (DUE - datetime.timedelta(minutes=1), True, False),
        (DUE + datetime.timedelta(minutes=1), False, True),
        (DUE - datetime.timedelta(days=1, minutes=1), False, False),
    ]:
        with mock.patch("django.utils.timezone.now", return_value=moment):
            request = ContactRequest.objects.get(pk=martinique_request.pk)
            assert ContactRequest.objects.due_today().filter(pk=request.pk).exists() is due_today, moment
            assert ContactRequest.objects.overdue().filter(pk=request.pk).exists() is overdue, moment
            assert request.is_overdue is overdue, moment

"""An overseas organisation sees its requests dated in its own time zone, in the list, its filters and its tiles."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from contact_requests.models import ContactRequest
from questionnaires.models import Theme
from territories import working_days
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


def overseas_request(client, department):
    """A request to an organisation of the département, received there at 10:00 on Monday 9 March 2026."""
    zone = working_days.time_zone(department)
    commune = Commune.objects.filter(department_id=department).order_by("insee_code").first()
    territory = TerritoryFactory(name=f"Territoire {department}", communes=[commune.insee_code])
    organisation = OrganisationFactory(commune=commune, territories=[territory])
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=organisation, territories=[territory])
    user = make_member(organisation)
    sign_charter(organisation, user)
    client.force_login(user)
    received = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=zone)
    return make_request(offer, commune=commune.insee_code, now=received), zone


@pytest.mark.django_db
@pytest.mark.parametrize("department", sorted(working_days.TIME_ZONES))
@pytest.mark.parametrize(("local_time", "day"), [((23, 30), 9), ((0, 10), 10)], ids=["before-midnight", "after"])
def test_a_contact_recorded_overseas_is_dated_where_the_organisation_is(client, department, local_time, day):
    """Late in the evening in Martinique it is already tomorrow in Paris; just after midnight in Réunion, still
    yesterday: a professional records "today" as they live it, and the moment is never before the request."""
    request, zone = overseas_request(client, department)
    now = datetime.datetime(2026, 3, day, *local_time, tzinfo=zone)
    today = datetime.date(2026, 3, day)

    with mock.patch("django.utils.timezone.now", return_value=now):
        page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
        response = client.post(
            reverse("backoffice:request_contacted", args=[request.pk]),
            {"contacted_on": today.isoformat(), "channel": "phone"},
        )
        shown = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    assert f'value="{today.isoformat()}"' in page  # the form proposes today, there
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.created_at <= request.contacted_at <= now
    assert request.contacted_date == today
    assert f"le {today.day} mars 2026" in shown


@pytest.mark.django_db
@pytest.mark.parametrize("department", sorted(working_days.TIME_ZONES))
def test_a_contact_the_day_before_overseas_is_placed_on_that_day_and_never_before_the_request(client, department):
    request, zone = overseas_request(client, department)
    now = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=zone)

    with mock.patch("django.utils.timezone.now", return_value=now):
        tomorrow = client.post(
            reverse("backoffice:request_contacted", args=[request.pk]), {"contacted_on": "2026-03-11", "channel": "sms"}
        )
        too_early = client.post(
            reverse("backoffice:request_contacted", args=[request.pk]), {"contacted_on": "2026-03-08", "channel": "sms"}
        )
        client.post(
            reverse("backoffice:request_contacted", args=[request.pk]), {"contacted_on": "2026-03-09", "channel": "sms"}
        )

    assert "ne peut pas être dans le futur" in tomorrow.content.decode()
    assert "ne peut pas être avant la réception de la demande, le 09/03/2026" in too_early.content.decode()
    request.refresh_from_db()
    assert request.contacted_at == datetime.datetime(2026, 3, 9, 12, 0, tzinfo=zone)
    assert request.working_days_to_contact == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "insee_code", "local_time", "days_late"),
    [
        # 22:00 on the 10th in Fort-de-France is 03:00 on the 11th in Paris: one day late there, not two.
        ("America/Martinique", "97209", datetime.time(22, 0), 1),
        # 00:30 on the 10th in Saint-Denis is 21:30 on the 9th in Paris: already one day late there.
        ("Indian/Reunion", "97411", datetime.time(0, 30), 1),
    ],
)
def test_the_late_requests_list_dates_an_overseas_request_where_its_organisation_is(
    client, zone, insee_code, local_time, days_late
):
    zone = ZoneInfo(zone)
    commune = Commune.objects.get(insee_code=insee_code)
    territory = TerritoryFactory(name="Outre-mer", communes=[insee_code])
    organisation = OrganisationFactory(name="Mission locale d’outre-mer", commune=commune, territories=[territory])
    sign_charter(organisation, make_member(organisation, role="admin"))
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=organisation, territories=[territory])
    request = make_request(offer, commune=insee_code, now=datetime.datetime(2026, 3, 4, 10, 0, tzinfo=zone))
    ContactRequest.objects.filter(pk=request.pk).update(due_at=datetime.datetime(2026, 3, 9, 23, 59, 59, tzinfo=zone))
    animator = get_user_model().objects.create_user(email="animation@outre-mer.example.fr", password="x")
    territory.animators.add(animator)
    client.force_login(animator)

    now = datetime.datetime.combine(datetime.date(2026, 3, 10), local_time, tzinfo=zone)
    with mock.patch("django.utils.timezone.now", return_value=now):
        html = " ".join(client.get(reverse("backoffice:slipped_requests")).content.decode().split())

    assert "À contacter au plus tard le <strong>9/03/2026</strong>." in html
    assert f"En retard de {days_late} jour </p>" in html
    assert "elle attend à la Mission locale d’outre-mer depuis le 4/03/2026." in html

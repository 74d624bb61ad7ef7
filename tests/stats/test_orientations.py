"""The consortium sees its network: who orients youths to whom, contacted in time, service mobilised; small counts
banded; the total on the public page."""

import csv
import datetime
import io
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import Outcome
from contact_requests.orientation import orient_youth
from contact_requests.submission import Contact
from questionnaires.models import Theme
from stats.orientations import orientation_network, scope_network
from stats.scopes import Period, france_scope, territory_scope
from territories.models import Commune
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory


@pytest.fixture
def network(settings, django_user_model):
    """The Mission locale orients 12 youths to the housing association (10 contacted in time, 7 of whom found a place)
    and 2 to the CROUS; a youth's own request is no orientation."""
    settings.ORIENTATIONS_PER_PROFESSIONAL_PER_DAY = 50
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    animator = django_user_model.objects.create_user(email="animatrice@reims.example.fr", password="x")
    territory.animators.add(animator)
    mission_locale = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    counsellor = make_member(mission_locale, role="admin")
    sign_charter(mission_locale, counsellor)
    logement = Theme.objects.get(slug="logement")
    housing = OfferFactory(
        theme=logement,
        organisation__name="Association Habitat Jeunes",
        organisation__territories=[territory],
        territories=[territory],
    )
    crous = OfferFactory(
        theme=logement,
        organisation__name="CROUS de Reims",
        organisation__territories=[territory],
        territories=[territory],
    )
    # Received in the minutes before now, never after: after 23:47 in Paris, minutes ahead would fall on tomorrow,
    # outside the statistics' period.
    now = timezone.now() - datetime.timedelta(minutes=20)
    oriented = [orient(counsellor, mission_locale, housing, n, now) for n in range(12)]
    for n, request in enumerate(oriented[:10]):
        request.mark_contacted(by=counsellor, at=request.created_at + datetime.timedelta(hours=1), channel="phone")
        if n < 7:
            request.close(by=counsellor, outcome=Outcome.SERVICE_MOBILISED)
    for n in (12, 13):
        orient(counsellor, mission_locale, crous, n, now)
    make_request(housing, now=now, email="seule@example.fr", phone=None)
    return {"territory": territory, "animator": animator, "counsellor": counsellor, "mission_locale": mission_locale}


def orient(counsellor, organisation, offer, number, now):
    request, _ = orient_youth(
        by=counsellor,
        organisation=organisation,
        offer=offer,
        commune=Commune.objects.get(insee_code="51454"),
        contact=Contact(
            first_name="", email=f"j{number}@example.fr", phone=None, preferred_channel="email", message=""
        ),
        consent=True,
        submission_key=uuid.uuid4(),
        now=now + datetime.timedelta(minutes=number),
    )
    return request


@pytest.mark.django_db
def test_the_page_s_network_is_that_of_the_scope_s_requests_over_the_period(network):
    elsewhere = TerritoryFactory(name="Essonne", communes=["91228"])
    today = timezone.localdate()
    periods = [
        Period.last_twelve_months(),
        Period(today - datetime.timedelta(days=400), today - datetime.timedelta(days=1)),
    ]
    for scope in [territory_scope(network["territory"]), territory_scope(elsewhere), france_scope()]:
        for period in periods:
            assert scope_network(scope, period) == orientation_network(scope.requests_in(period)), (scope.name, period)
    assert scope_network(france_scope(), periods[0]).total.count == 14


@pytest.mark.django_db
def test_the_network_counts_orientations_between_partners_and_bands_small_counts(network):
    found = orientation_network(territory_scope(network["territory"]).requests)

    lines = [
        (line.from_name, line.to_name, line.count_text, line.on_time_text, line.mobilised_text) for line in found.lines
    ]
    assert lines == [
        ("Mission locale de Reims", "Association Habitat Jeunes", "12", "10", "moins de 10"),
        ("Mission locale de Reims", "CROUS de Reims", "moins de 10", "0", "0"),
    ]
    assert (found.total.count_text, found.total.on_time_text, found.total.mobilised_text) == ("14", "10", "moins de 10")


@pytest.mark.django_db
def test_the_animator_reads_the_network_on_the_page_and_in_the_export(client, network):
    client.force_login(network["animator"])
    scope = f"territoire-{network['territory'].pk}"

    page = client.get(reverse("backoffice:statistics", args=[scope])).content.decode()
    export = client.get(reverse("backoffice:statistics_export", args=[scope, "orientations"]))

    assert "Orientations entre partenaires" in page
    assert 'data-label="Structure qui reçoit">CROUS de Reims</td>' in page
    assert 'data-label="Jeunes orienté·es">moins de 10</td>' in page
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "structure qui oriente",
        "structure qui reçoit",
        "jeunes orienté·es",
        "contacté·es dans le délai",
        "service mobilisé",
    ]
    assert rows[1:] == [
        ["Mission locale de Reims", "Association Habitat Jeunes", "12", "10", "moins de 10"],
        ["Mission locale de Reims", "CROUS de Reims", "moins de 10", "0", "0"],
        ["Toutes les structures", "Toutes les structures", "14", "10", "moins de 10"],
    ]


@pytest.mark.django_db
def test_each_request_of_the_export_says_which_partner_oriented_the_youth(client, network):
    client.force_login(network["animator"])
    scope = f"territoire-{network['territory'].pk}"

    export = client.get(reverse("backoffice:statistics_export", args=[scope, "demandes"]))

    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    lines = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    oriented_from = sorted((line["Structure"], line["Orienté·e par la structure"]) for line in lines)
    assert oriented_from == [
        ("Association Habitat Jeunes", ""),
        *[("Association Habitat Jeunes", "Mission locale de Reims")] * 12,
        *[("CROUS de Reims", "Mission locale de Reims")] * 2,
    ]


@pytest.mark.django_db
def test_an_organisations_statistics_do_not_show_the_network(client, network):
    client.force_login(network["counsellor"])
    scope = f"structure-{network['mission_locale'].pk}"

    page = client.get(reverse("backoffice:statistics", args=[scope])).content.decode()
    export = client.get(reverse("backoffice:statistics_export", args=[scope, "orientations"]))

    assert "Orientations entre partenaires" not in page and export.status_code == 404


@pytest.mark.django_db
def test_the_public_page_gives_the_total_of_orientations(client, network):
    cache.clear()

    html = client.get(reverse("stats:public")).content.decode()

    assert "Parmi les demandes de contact, <strong>14</strong> ont été faites par un·e professionnel·le" in html

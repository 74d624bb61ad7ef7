"""Every territory side by side for national staff: the same figures as the other pages, in a bounded number of
queries, on a page and in a CSV file."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from offers.models import Offer
from questionnaires.models import Theme
from stats.by_territory import territory_table
from stats.public import public_figures
from territories.models import Commune, Territory
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.stats.fixtures import NOW, make_november
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def november():
    """Grand Reims (7 requests, 3 of 5 settled on time, one live offer of a partner that signed the charter) and
    Essonne, plus an engaged and a closed territory."""
    november = make_november()
    emploi = Theme.objects.get(slug="emploi")
    TerritoryFactory(name="Marseille", engaged=True, opening_date=datetime.date(2026, 1, 15), communes=["13055"])
    TerritoryFactory(name="Ancien territoire", closed=True, communes=["69123"])
    # Covering the whole Marne: an offer of Grand Reims too. A draft and an offer of an organisation that has not
    # signed the charter reach nobody; a national offer is counted apart.
    OfferFactory(theme=emploi, departments=["51"])
    OfferFactory(theme=emploi, departments=["51"], draft=True)
    OfferFactory(theme=emploi, communes=_communes("51454"), organisation=OrganisationFactory(signed_charter=False))
    OfferFactory(theme=emploi, national=True)
    OfferFactory(theme=emploi, communes=_communes("91228"))
    return november


def _communes(*insee_codes):
    return list(Commune.objects.filter(insee_code__in=insee_codes))


def _lines(table):
    return {line.territory.name: line for line in table.lines}


def test_each_territory_has_its_status_partners_offers_and_requests(november):
    table = territory_table(now=NOW)

    assert [line.territory.name for line in table.lines] == ["Essonne", "Grand Reims", "Marseille", "Ancien territoire"]
    reims = _lines(table)["Grand Reims"]
    assert (reims.partners, reims.live_offers, reims.requests, reims.on_time, reims.settled) == (1, 2, 7, 3, 5)
    assert reims.on_time_text == "60 %"
    essonne = _lines(table)["Essonne"]
    assert (essonne.partners, essonne.live_offers, essonne.requests, essonne.on_time_text) == (0, 1, 0, "—")
    marseille = _lines(table)["Marseille"]
    assert marseille.territory.opening_date == datetime.date(2026, 1, 15)
    assert (marseille.live_offers, marseille.requests) == (0, 0)
    assert table.national_offers == 1


def test_the_figures_are_those_of_the_public_statistics(november):
    """The same requests and share in time as the public page, which reads the same grouped counts."""
    public = {line.name: line for line in public_figures(now=NOW).territories}
    for line in territory_table(now=NOW).lines:
        if line.territory.name in public:
            assert (line.requests, line.on_time, line.settled) == (
                public[line.territory.name].requests,
                public[line.territory.name].on_time,
                public[line.territory.name].settled,
            )


def test_the_live_offers_are_those_covering_the_territory_for_animators(november):
    """The rule of `covering_territories`, without its national offers, territory by territory."""
    for line in territory_table(now=NOW).lines:
        expected = (
            Offer.objects.live(NOW.date()).filter(is_national=False).covering_territories([line.territory.pk]).count()
        )
        assert line.live_offers == expected, line.territory.name


def test_the_number_of_queries_does_not_grow_with_the_territories(november, django_assert_num_queries):
    with django_assert_num_queries(7):
        territory_table(now=NOW)
    emploi = Theme.objects.get(slug="emploi")
    for number, commune in enumerate(["51230", "51108", "91174", "13001", "69381"]):
        territory = TerritoryFactory(name=f"Territoire {number}", communes=[commune])
        OrganisationFactory(territories=[territory], signed_charter=True)
        OfferFactory(theme=emploi, territories=[territory])

    with django_assert_num_queries(7):
        table = territory_table(now=NOW)
    assert len(table.lines) == 9


@pytest.fixture
def staff_client(client):
    staff = get_user_model().objects.create_user(email="equipe@jeunesse.gouv.fr", password="x" * 12, is_staff=True)
    client.force_login(staff)
    return client


def test_national_staff_read_the_table(staff_client, november):
    statistics = staff_client.get(reverse("backoffice:statistics", args=["france"])).content.decode()
    assert f'href="{reverse("backoffice:statistics_territories")}"' in statistics

    html = staff_client.get(reverse("backoffice:statistics_territories")).content.decode()

    assert '<th scope="row">Grand Reims</th>' in html
    # Read today, r6's due date has passed too: 3 on time of 6 settled.
    assert "50 %" in html and "(3 sur 6)" in html
    assert "engagé, ouverture prochaine" in html
    assert "15/01/2026" in html


def test_national_staff_export_the_table_as_csv(staff_client, november):
    response = staff_client.get(reverse("backoffice:statistics_territories_export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="boussole-territoires-')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Territoire;État;Date d’ouverture;Structures partenaires (charte signée);")
    rows = {line.split(";")[0]: line.split(";") for line in lines[1:]}
    assert rows["Grand Reims"][1] == "ouvert"
    assert rows["Marseille"][2] == "15/01/2026"
    assert set(rows) == set(Territory.objects.values_list("name", flat=True))

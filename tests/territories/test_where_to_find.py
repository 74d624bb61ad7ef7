"""The public map of where the Boussole runs, and each territory's page."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from questionnaires.models import Theme
from territories.france_map import SHAPES_FILE
from tests.territories.factories import TerritoryFactory

REIMS = "51454"
EPERNAY = "51230"
EVRY = "91228"
FORT_DE_FRANCE = "97209"
LYON = "69123"

pytestmark = pytest.mark.django_db


@pytest.fixture
def territories():
    return {
        "reims": TerritoryFactory(name="Grand Reims", slug="grand-reims", communes=[REIMS, EPERNAY]),
        "essonne": TerritoryFactory(
            name="Essonne", slug="essonne", engaged=True, opening_date=datetime.date(2027, 3, 1), communes=[EVRY]
        ),
        "martinique": TerritoryFactory(name="Martinique", slug="martinique", communes=[FORT_DE_FRANCE]),
        "lyon": TerritoryFactory(name="Métropole de Lyon", slug="lyon", closed=True, communes=[LYON]),
    }


def _department(html, code):
    """The classes of a département's shape in the drawing."""
    return re.search(rf'<path d="[^"]+" class="([^"]+)" data-department="{code}"', html)[1]


def test_the_drawing_shows_open_and_engaged_départements(client, territories):
    html = client.get(reverse("territories:where_to_find")).content.decode()

    drawing = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in drawing
    assert "Carte de France des territoires" in drawing
    assert "2 territoires ouverts, en plein, et 1 bientôt ouvert, rayé." in " ".join(drawing.split())
    assert _department(html, "51").endswith("--open")
    assert _department(html, "972").endswith("--open")
    assert _department(html, "91").endswith("--engaged")
    # A closed territory is nowhere: neither drawn nor listed.
    assert _department(html, "69") == "boussole-map__department"
    assert "Métropole de Lyon" not in html
    assert "<title>Grand Reims : ouverte</title>" in drawing


def test_the_list_by_region_links_to_each_territory(client, territories):
    html = " ".join(client.get(reverse("territories:where_to_find")).content.decode().split())

    grand_est = html.index("Grand Est")
    ile_de_france = html.index("Île-de-France")
    overseas = html.index("Outre-mer")
    assert grand_est < ile_de_france < overseas
    assert html.index('href="/territoires/grand-reims/"') > grand_est
    assert ile_de_france < html.index('href="/territoires/essonne/">Essonne</a>') < overseas
    assert "bientôt ouverte (prévue le 1er mars 2027)" in html
    assert html.index('href="/territoires/martinique/"') > overseas


def test_a_territory_that_opens_is_drawn_open_at_once(client, territories, django_capture_on_commit_callbacks):
    url = reverse("territories:where_to_find")
    assert _department(client.get(url).content.decode(), "91").endswith("--engaged")

    with django_capture_on_commit_callbacks(execute=True):
        territories["essonne"].status = "open"
        territories["essonne"].save()

    assert _department(client.get(url).content.decode(), "91").endswith("--open")


def test_the_map_page_is_cached_whole_with_a_bounded_number_of_queries(client, territories, django_assert_num_queries):
    # The site configuration, the territories with their number of communes, then their départements and regions.
    with django_assert_num_queries(3):
        client.get(reverse("territories:where_to_find"))
    with django_assert_num_queries(0):
        response = client.get(reverse("territories:where_to_find"))
    assert "public" in response["Cache-Control"]


def test_the_map_page_weighs_little(client, territories):
    response = client.get(reverse("territories:where_to_find"))

    assert len(response.content) < 120_000
    assert "<script" not in response.content.decode().split("</footer>")[0].split("<main")[1]


def test_the_shipped_shapes_cover_every_département_and_overseas_inset():
    shapes = json.loads(SHAPES_FILE.read_text())

    assert {"01", "2A", "2B", "95", "971", "972", "973", "974", "976"} <= set(shapes["departments"])
    assert len(shapes["departments"]) == 101
    assert set(shapes["paris_inset"]) == {"75", "92", "93", "94"}


def test_a_territory_page_lists_its_communes_themes_and_contact(client, territories):
    reims = territories["reims"]
    mobility = Theme.objects.get(slug="mobilite-internationale")
    reims.themes.set(Theme.objects.filter(slug__in=["emploi", "logement"]))
    reims.experimental_themes.set([mobility])
    reims.contact_phone = "03 26 77 00 00"
    reims.save()

    html = " ".join(client.get(reverse("territories:territory", args=["grand-reims"])).content.decode().split())

    assert "<h1>La Boussole Grand Reims</h1>" in html
    assert "Boussole ouverte" in html
    assert "2 communes." in html
    assert f'<a href="{reverse("offers:commune", args=[REIMS])}">Reims (51)</a>' in html
    assert "Épernay (51)" in html
    assert "Emploi" in html and "Logement" in html
    assert "Mobilité internationale <span" in html and "en expérimentation" in html
    assert 'href="mailto:boussole@example.org"' in html
    assert 'href="tel:0326770000"' in html


def test_an_engaged_territory_page_says_when_it_opens(client, territories):
    html = client.get(reverse("territories:territory", args=["essonne"])).content.decode()

    assert "Bientôt ouverte" in html
    assert "le 1er mars 2027" in html


def test_a_closed_territory_has_no_public_page(client, territories):
    assert client.get(reverse("territories:territory", args=["lyon"])).status_code == 404


def test_the_map_is_linked_from_the_home_page_and_the_footer(client):
    html = client.get(reverse("home")).content.decode()

    assert html.count(f'href="{reverse("territories:where_to_find")}"') == 2


def test_a_territory_page_is_cached_until_the_territory_changes(
    client, territories, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("territories:territory", args=["grand-reims"])
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        territories["reims"].contact_email = "contact@grandreims.example.fr"
        territories["reims"].save()

    assert 'href="mailto:contact@grandreims.example.fr"' in client.get(url).content.decode()

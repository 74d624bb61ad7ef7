"""The youth's pages speak plain French: names of structures with their article, no administrative word left
unexplained, and no line break before a colon or a question mark."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from organisations.enums import OrganisationKind
from territories.models import Commune
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS = "51454"
ROOT = Path(__file__).resolve().parent.parent.parent
YOUTH_TEMPLATES = [
    *sorted((ROOT / "templates" / "offers").glob("*.html")),
    *sorted((ROOT / "templates" / "territories").glob("*.html")),
    ROOT / "templates" / "boussole" / "home.html",
    *sorted((ROOT / "templates" / "partials").glob("*.html")),
]
# Tags, template tags and variables: what is not text the youth reads.
NOT_TEXT = re.compile(r"<[^>]*>|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


@pytest.mark.parametrize("template", YOUTH_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_line_break_before_a_colon_or_a_question_mark_in_youth_templates(template):
    text = " ".join(NOT_TEXT.split(template.read_text()))

    breakable = re.findall(r"\S+ [:;?!](?=\s|$)", text)

    assert not breakable, f"une espace insécable (&nbsp;) avant : {breakable}"


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi"])


@pytest.mark.django_db
def test_a_structure_s_name_takes_its_article_at_the_start_of_a_sentence(client, territory):
    OrganisationFactory(
        name="Point Information Jeunesse de Reims", kind=OrganisationKind.INFO_JEUNES, territories=[territory]
    )
    client.post(reverse("offers:step", args=[REIMS, "emploi", 1]), {"age": "19", "situation": "student"})
    client.post(reverse("offers:step", args=[REIMS, "emploi", 2]), {"looking_for": ["job"]})
    client.post(
        reverse("offers:step", args=[REIMS, "emploi", 3]),
        {"driving_licence": "no", "disability": "no", "followed_by": ["nobody"]},
    )

    html = client.get(reverse("offers:results", args=[REIMS, "emploi"])).content.decode()

    assert "Le Point Information Jeunesse de Reims répond à toutes tes questions" in html


@pytest.mark.django_db
def test_the_offer_page_names_the_structure_with_its_article(client, territory):
    offer = OfferFactory(
        theme=territory.themes.get(),
        territories=[territory],
        organisation=OrganisationFactory(name="Espace Jeunes de Reims", territories=[territory], signed_charter=True),
    )

    html = client.get(offer.get_absolute_url()).content.decode()

    assert "un·e professionnel·le de l’Espace Jeunes de Reims te contacte" in html


@pytest.mark.django_db
def test_an_offer_of_the_communes_around_says_so_without_administrative_words(client, territory):
    reims = Commune.objects.get(insee_code=REIMS)
    OfferFactory(theme=territory.themes.get(), epcis=[reims.epci_id], title="Pour le Grand Reims")
    client.post(reverse("offers:step", args=[REIMS, "emploi", 1]), {"age": "19", "situation": "student"})
    client.post(reverse("offers:step", args=[REIMS, "emploi", 2]), {"looking_for": ["job"]})
    client.post(
        reverse("offers:step", args=[REIMS, "emploi", 3]),
        {"driving_licence": "no", "disability": "no", "followed_by": ["nobody"]},
    )

    html = client.get(reverse("offers:results", args=[REIMS, "emploi"])).content.decode()

    assert "Pour le Grand Reims" in html
    assert "dans les communes autour de la tienne." in html
    assert "intercommunalit" not in html.lower()

"""A commune's page, and the national offers that reach every commune, also outside the open territories."""

import pytest
from django.urls import reverse

from organisations.enums import OrganisationKind
from questionnaires.models import Theme
from territories.models import Commune
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS, FORT_DE_FRANCE, EVRY, CHALONS, EPERNAY, TROYES = "51454", "97209", "91228", "51108", "51230", "10387"
MENDE = "48095"  # Lozère: no open territory anywhere near


def commune_url(insee_code):
    return reverse("offers:commune", args=[insee_code])


@pytest.mark.django_db
def test_commune_page_in_an_open_territory_lists_its_active_themes(client, django_assert_max_num_queries):
    TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi", "logement"])
    client.get(commune_url(EVRY))  # what every commune page shares is then kept: themes, national offers, layout

    # The first visitor of a commune: only the commune is read, the open territories and their themes are kept.
    with django_assert_max_num_queries(1):
        response = client.get(commune_url(REIMS))

    html = response.content.decode()
    assert "La Boussole des jeunes est ouverte ici" in html
    assert "(Grand Reims)" in html
    assert "Emploi" in html and "Logement" in html
    assert "Santé" not in html
    assert "pas encore ouverte" not in html


@pytest.mark.django_db
def test_a_commune_page_missing_from_the_cache_after_an_offer_changed_reads_the_national_offers_only(
    client, django_assert_num_queries
):
    territory = TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi"])
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), territories=[territory])
    before = client.get(commune_url(REIMS)).content.decode()

    offer.archive(by=None)  # every commune page is stale: the national offers may have changed

    # The commune, the open territories and the themes are kept.
    with django_assert_num_queries(1) as queries:
        after = client.get(commune_url(REIMS)).content.decode()
    assert '"offers_offer"."is_national"' in queries.captured_queries[0]["sql"]
    assert after == before


@pytest.mark.django_db
def test_a_commune_or_its_departement_renamed_shows_at_once_on_its_page(client):
    TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi"])
    assert "<h1>Reims</h1>" in client.get(commune_url(REIMS)).content.decode()

    reims = Commune.objects.get(insee_code=REIMS)
    reims.name = "Reims-la-Champenoise"
    reims.save()
    page = client.get(commune_url(REIMS)).content.decode()
    assert "<h1>Reims-la-Champenoise</h1>" in page
    assert "Marne (51)" in page

    reims.department.name = "Marne-et-Montagne"
    reims.department.save()
    assert "Marne-et-Montagne (51)" in client.get(commune_url(REIMS)).content.decode()


@pytest.mark.django_db
def test_a_commune_in_two_open_territories_gets_the_themes_of_both(client):
    TerritoryFactory(name="Essonne", communes=[EVRY], themes=["emploi"])
    TerritoryFactory(name="Évry Centre", communes=[EVRY], themes=["sante"])

    html = client.get(commune_url(EVRY)).content.decode()

    assert "Emploi" in html and "Santé" in html
    assert "Logement" not in html


@pytest.mark.django_db
def test_commune_outside_open_territories_gets_useful_links(client):
    TerritoryFactory(name="Metz Métropole", communes=[FORT_DE_FRANCE], closed=True)

    response = client.get(commune_url(FORT_DE_FRANCE))

    html = response.content.decode()
    assert response.status_code == 200
    assert "La Boussole n’est pas encore ouverte à Fort-de-France" in html
    assert 'href="https://www.1jeune1solution.gouv.fr/"' in html
    assert "Info Jeunes" in html
    assert "Près de chez toi" not in html


@pytest.mark.django_db
def test_not_open_page_lists_open_territories_of_the_same_department(client):
    TerritoryFactory(name="Grand Reims", communes=[REIMS])
    TerritoryFactory(name="Fermé", communes=[REIMS], closed=True)

    html = client.get(commune_url("51108")).content.decode()  # Châlons-en-Champagne

    assert "pas encore ouverte à Châlons-en-Champagne" in html
    assert f'<a href="{commune_url(REIMS)}">Grand Reims</a>' in html
    assert "Fermé" not in html


@pytest.mark.django_db
def test_unknown_commune_is_a_404(client):
    assert client.get(commune_url("00000")).status_code == 404


@pytest.fixture
def fil_sante_jeunes(db):
    return OfferFactory(
        national=True,
        theme=Theme.objects.get(slug="sante"),
        title="Fil Santé Jeunes : parler anonymement",
        criteria={},
    )


@pytest.mark.django_db
def test_a_commune_outside_every_open_territory_gets_the_national_offers(client, fil_sante_jeunes):
    TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["sante"])
    local = OfferFactory(theme=fil_sante_jeunes.theme, departments=["48"], title="Un bilan de santé en Lozère")

    page = client.get(commune_url(MENDE)).content.decode()
    assert "La Boussole n’est pas encore ouverte à Mende" in page
    assert reverse("offers:start", args=[MENDE, "sante"]) in page
    assert reverse("offers:start", args=[MENDE, "emploi"]) not in page

    client.post(reverse("offers:step", args=[MENDE, "sante", 1]), {"age": "19", "situation": "student"})
    client.post(reverse("offers:step", args=[MENDE, "sante", 2]), {"health_need": ["see_doctor"], "housing": "parents"})
    results = client.get(reverse("offers:results", args=[MENDE, "sante"])).content.decode()

    assert "1 offre pour toi" in results
    assert fil_sante_jeunes.title in results
    assert local.title not in results  # only the whole country's offers reach a commune outside open territories
    assert "tu vois ici les services qui répondent partout" in results
    assert "— partout en France." in results


@pytest.mark.django_db
def test_national_offers_reach_a_theme_that_is_not_active_in_an_open_territory(client, fil_sante_jeunes):
    TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi"])

    page = client.get(commune_url(REIMS)).content.decode()

    assert reverse("offers:start", args=[REIMS, "sante"]) in page
    assert reverse("offers:start", args=[REIMS, "emploi"]) in page
    assert reverse("offers:start", args=[REIMS, "logement"]) not in page
    assert client.get(reverse("offers:step", args=[REIMS, "logement", 1])).status_code == 404


@pytest.mark.django_db
def test_outside_open_territories_the_nearest_ones_and_the_regional_info_jeunes_are_given(
    client, django_assert_num_queries
):
    grand_reims = TerritoryFactory(name="Grand Reims", communes=[REIMS, "51573"])
    TerritoryFactory(name="Troyes Champagne", communes=[TROYES])  # same region (Grand Est), another département
    TerritoryFactory(name="Essonne", communes=[EVRY])  # another region
    OrganisationFactory(
        name="Info Jeunes Grand Est",
        kind=OrganisationKind.INFO_JEUNES,
        address="1 rue de la Région, 51100 Reims",
        phone="03 26 00 22 30",
        email="contact@info-jeunes-grand-est.example.fr",
        territories=[grand_reims],
    )

    client.get(commune_url(EVRY))  # what every commune page shares is then kept: themes, national offers, layout

    # The commune, its engaged territories, the territories and the Info Jeunes near it.
    with django_assert_num_queries(4):
        page = client.get(commune_url(CHALONS)).content.decode()

    assert "pas encore ouverte à Châlons-en-Champagne" in page
    near = page[page.index("Près de chez toi") :]
    assert near.index("Grand Reims") < near.index("Troyes Champagne")
    assert f'<a href="{commune_url(REIMS)}">Grand Reims</a>' in near
    assert f'<a href="{commune_url(TROYES)}">Troyes Champagne</a>' in near
    assert "Essonne" not in page
    assert "<strong>Info Jeunes Grand Est</strong>" in page
    assert "1 rue de la Région, 51100 Reims." in page  # the town once
    assert '<a class="boussole-nowrap" href="tel:0326002230">03 26 00 22 30</a>' in page


@pytest.mark.django_db
def test_the_national_themes_kept_for_every_commune_follow_the_national_offers(client, fil_sante_jeunes):
    sante = reverse("offers:start", args=[MENDE, "sante"])
    assert sante in client.get(commune_url(MENDE)).content.decode()

    fil_sante_jeunes.archive(by=None)

    assert sante not in client.get(commune_url(MENDE)).content.decode()
    assert sante not in client.get(commune_url(CHALONS)).content.decode()

import pytest
from django.urls import reverse

from tests.territories.factories import TerritoryFactory

REIMS, FORT_DE_FRANCE, EVRY = "51454", "97209", "91228"


@pytest.mark.django_db
def test_commune_page_in_an_open_territory_lists_its_active_themes(client, django_assert_max_num_queries):
    TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi", "logement"])

    with django_assert_max_num_queries(4):
        response = client.get(reverse("territories:commune", args=[REIMS]))

    html = response.content.decode()
    assert "La Boussole des jeunes est ouverte ici" in html
    assert "(Grand Reims)" in html
    assert "Emploi" in html and "Logement" in html
    assert "Santé" not in html
    assert "pas encore ouverte" not in html


@pytest.mark.django_db
def test_a_commune_in_two_open_territories_gets_the_themes_of_both(client):
    TerritoryFactory(name="Essonne", communes=[EVRY], themes=["emploi"])
    TerritoryFactory(name="Évry Centre", communes=[EVRY], themes=["sante"])

    html = client.get(reverse("territories:commune", args=[EVRY])).content.decode()

    assert "Emploi" in html and "Santé" in html
    assert "Logement" not in html


@pytest.mark.django_db
def test_commune_outside_open_territories_gets_useful_links(client):
    TerritoryFactory(name="Metz Métropole", communes=[FORT_DE_FRANCE], preparing=True)

    response = client.get(reverse("territories:commune", args=[FORT_DE_FRANCE]))

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

    html = client.get(reverse("territories:commune", args=["51108"])).content.decode()  # Châlons-en-Champagne

    assert "pas encore ouverte à Châlons-en-Champagne" in html
    assert "<strong>Grand Reims</strong>" in html
    assert "Fermé" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("postal_code", "insee_code"), [("51100", "51454"), ("51200", "51230")])
def test_a_full_postal_code_goes_to_its_commune_not_to_the_one_with_that_insee_code(client, postal_code, insee_code):
    response = client.get(reverse("territories:commune_search"), {"q": postal_code})

    assert response.url == reverse("territories:commune", args=[insee_code])


@pytest.mark.django_db
def test_unknown_commune_is_a_404(client):
    assert client.get(reverse("territories:commune", args=["00000"])).status_code == 404


@pytest.mark.django_db
def test_search_page_without_javascript_lists_matching_communes(client):
    response = client.get(reverse("territories:commune_search"), {"q": "saint denis"})

    html = response.content.decode()
    assert "Saint-Denis (974)" in html and "Saint-Denis (93)" in html
    assert reverse("territories:commune", args=["97411"]) in html
    assert 'value="saint denis"' in html


@pytest.mark.django_db
def test_search_page_goes_straight_to_a_single_match(client):
    response = client.get(reverse("territories:commune_search"), {"q": "Fort-de-France (972)"})

    assert response.status_code == 302
    assert response.url == reverse("territories:commune", args=[FORT_DE_FRANCE])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Écris le nom ou le code postal de ta commune."), ("zzzzz", "Aucune commune ne correspond.")],
)
def test_search_page_explains_an_empty_or_unknown_query_next_to_the_field(client, query, message):
    html = client.get(reverse("territories:commune_search"), {"q": query}).content.decode()

    assert f'<p id="commune-query-error" class="fr-error-text">{message}' in html
    assert 'aria-describedby="commune-query-error"' in html
    assert f'value="{query}"' in html


@pytest.mark.django_db
def test_home_page_has_the_commune_field(client):
    html = client.get(reverse("home")).content.decode()

    assert f'action="{reverse("territories:commune_search")}"' in html
    assert 'name="q"' in html

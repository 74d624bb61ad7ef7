import pytest
from django.urls import reverse

REIMS, FORT_DE_FRANCE, EVRY = "51454", "97209", "91228"


@pytest.mark.django_db
@pytest.mark.parametrize(("postal_code", "insee_code"), [("51100", "51454"), ("51200", "51230")])
def test_a_full_postal_code_goes_to_its_commune_not_to_the_one_with_that_insee_code(client, postal_code, insee_code):
    response = client.get(reverse("territories:commune_search"), {"q": postal_code})

    assert response.url == reverse("offers:commune", args=[insee_code])


@pytest.mark.django_db
def test_search_page_without_javascript_lists_matching_communes(client):
    response = client.get(reverse("territories:commune_search"), {"q": "saint denis"})

    html = response.content.decode()
    assert "Saint-Denis, La Réunion (974)" in html and "Saint-Denis, Seine-Saint-Denis (93)" in html
    assert reverse("offers:commune", args=["97411"]) in html
    assert 'value="saint denis"' in html


@pytest.mark.django_db
def test_search_page_goes_straight_to_a_single_match(client):
    response = client.get(reverse("territories:commune_search"), {"q": "Fort-de-France (972)"})

    assert response.status_code == 302
    assert response.url == reverse("offers:commune", args=[FORT_DE_FRANCE])


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

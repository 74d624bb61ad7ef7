import pytest
from django.urls import reverse, set_script_prefix
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boussole.middleware import CONTROL_CHARACTERS
from territories.models import Commune

URL = reverse("territories:autocomplete")


@pytest.mark.django_db
def test_autocomplete_answers_the_documented_shape(client):
    response = client.get(URL, {"q": "fort de fr"})

    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "insee": "97209",
                "name": "Fort-de-France",
                "postal_codes": ["97200", "97234"],
                "department": "972",
                "department_name": "Martinique",
                "label": "Fort-de-France, Martinique (972)",
                "url": "/communes/97209/",
            }
        ]
    }


@pytest.mark.django_db
def test_autocomplete_makes_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        results = client.get(URL, {"q": "saint"}).json()["results"]

    assert len(results) == 10


@pytest.mark.django_db
@pytest.mark.parametrize("query", [None, "", "r", " r "])
def test_fewer_than_two_characters_give_an_empty_list(client, django_assert_num_queries, query):
    with django_assert_num_queries(0):
        response = client.get(URL, {} if query is None else {"q": query})

    assert response.json() == {"results": []}


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=150))
def test_no_input_makes_autocomplete_fail(client, query):
    response = client.get(URL, {"q": query})

    if CONTROL_CHARACTERS.search(query):
        # Refused once for every route (boussole.middleware), before the search reads it.
        assert response.status_code == 400
        return
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) <= 10
    assert all({"insee", "name", "postal_codes", "department", "label"} <= result.keys() for result in results)


@pytest.mark.django_db
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.sampled_from("%_\\'\"()[]*?.^$|0123456789abc -\x00é"), max_size=40))
def test_wildcards_are_plain_text_and_a_nul_byte_is_refused(client, query):
    assert client.get(URL, {"q": query}).status_code == (400 if "\x00" in query else 200)


@pytest.mark.django_db
def test_a_commune_address_follows_the_prefix_the_site_is_served_under(client):
    """The address of a commune is kept once reversed: under the prefix and the routes it was reversed with."""
    reims = Commune.objects.get(insee_code="51454")
    assert reims.get_absolute_url() == "/communes/51454/"
    set_script_prefix("/boussole/")
    try:
        assert reims.get_absolute_url() == "/boussole/communes/51454/"
    finally:
        set_script_prefix("/")
    assert reims.get_absolute_url() == "/communes/51454/"
    assert client.get(URL, {"q": "reims"}).json()["results"][0]["url"] == "/communes/51454/"

"""A NUL byte or another control character in an address is refused once, for every route, never a server error."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE_QUERY = "?q=%00&page=%00&commune=%00&echeance=%01"
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?\w+>")


def example_paths(patterns=None, prefix=""):
    """Every route of the site, its parameters filled with a NUL byte (a number where a number is expected)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is None:  # a regular expression: Django's own admin internals
            continue
        filled = CONVERTER.sub(lambda match: "1" if match["kind"] == "int" else "%00", route)
        if isinstance(pattern, URLResolver):
            yield from example_paths(pattern.url_patterns, prefix + filled)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + filled


PATHS = sorted(set(example_paths()))


@pytest.mark.django_db
def test_every_route_refuses_control_characters_with_a_french_page(admin_client):
    assert len(PATHS) > 50
    answers = {}
    for path in PATHS:
        for url in (path + HOSTILE_QUERY, path.replace("%00", "x%00") + "?q=%0A"):
            response = admin_client.get(url)
            if response.status_code not in (400, 404) or '<html lang="fr"' not in response.content.decode():
                answers[url] = response.status_code

    assert answers == {}


@pytest.mark.django_db
def test_a_control_character_in_a_query_is_refused_for_anonymous_visitors_too(client):
    response = client.get("/communes/?q=Reims%00")

    assert response.status_code == 400
    assert "Adresse incorrecte" in response.content.decode()
    assert client.get("/communes/?q=Reims").status_code == 200

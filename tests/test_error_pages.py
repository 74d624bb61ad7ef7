"""The site's own error pages, in French and in the DSFR layout; the 500 page needs neither database nor cache."""

from unittest import mock

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.defaults import server_error

from boussole.urls import handler400, handler403, handler404, urlpatterns  # noqa: F401


def bad_request_view(request):
    raise BadRequest("test")


def forbidden_view(request):
    raise PermissionDenied


def broken_view(request):
    raise RuntimeError("test")


urlpatterns = [
    path("essai/400/", bad_request_view),
    path("essai/403/", forbidden_view),
    path("essai/500/", broken_view),
    *urlpatterns,
]


@pytest.fixture
def failing_views(settings):
    settings.ROOT_URLCONF = __name__


def page(response):
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert 'class="fr-header' in html and 'class="fr-footer' in html
    return html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/essai/400/", 400, "Adresse incorrecte"),
        ("/essai/403/", 403, "Accès refusé"),
        ("/page-qui-n-existe-pas/", 404, "Page introuvable"),
    ],
)
def test_client_errors_are_the_site_s_own_french_pages(admin_client, failing_views, url, status, title):
    response = admin_client.get(url)

    html = page(response)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html and f"Erreur {status}" in html
    assert "Retour à l’accueil" in html


@pytest.mark.django_db
def test_the_500_page_is_french_and_needs_neither_database_nor_cache(
    admin_client, failing_views, django_assert_num_queries
):
    admin_client.raise_request_exception = False
    response = admin_client.get("/essai/500/")

    assert response.status_code == 500
    assert "<h1>Erreur inattendue</h1>" in page(response)
    with (
        django_assert_num_queries(0),
        mock.patch("django.core.cache.cache.get", side_effect=AssertionError("cache read")),
    ):
        assert "Erreur inattendue" in server_error(RequestFactory().get("/")).content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_french_page():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a@b.fr", "password": "x"})

    html = page(response)
    assert response.status_code == 403
    assert "<h1>Formulaire expiré</h1>" in html

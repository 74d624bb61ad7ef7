"""A public page missed in the cache is built by its view alone, past the layers that serve a visitor (session,
CSRF, login, messages), and still answers as any page of the site does."""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path, reverse

from boussole.urls import handler400, handler403, handler404, urlpatterns  # noqa: F401
from core.cache import cached_page
from tests.test_public_pages import _page_keys


@login_not_required
@cached_page()
def page_with_a_form(request):
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


@login_not_required
@cached_page()
def broken_page(request):
    raise RuntimeError("test")


@cached_page()
def page_of_the_professional_space(request):
    return HttpResponse("Demandes en cours")


urlpatterns = [
    path("essai/formulaire/", page_with_a_form),
    path("essai/espace-pro/", page_of_the_professional_space),
    path("essai/casse/", broken_page),
    *urlpatterns,
]


@pytest.fixture
def test_pages(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def youth_client():
    """A visitor with a session under way."""
    client = Client()
    session = client.session
    session["answers"] = {"age": 20}
    session.save()
    return client


@pytest.mark.django_db
def test_a_missed_page_is_built_without_the_session_and_answers_with_the_site_s_headers(youth_client):
    built = youth_client.get(reverse("home"))
    kept = youth_client.get(reverse("home"))

    assert not hasattr(built.wsgi_request, "session")
    for response in (built, kept):
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert response["Content-Length"] == str(len(response.content))
        assert "Content-Security-Policy" in response
    assert kept.content == built.content
    assert settings.SESSION_COOKIE_NAME not in built.cookies


@pytest.mark.django_db
def test_a_missed_page_whose_form_asks_for_a_csrf_token_gets_its_cookie_and_is_not_kept(test_pages):
    client = Client(enforce_csrf_checks=True)

    responses = [client.get("/essai/formulaire/") for _ in range(2)]

    for response in responses:
        assert response.status_code == 200
        assert settings.CSRF_COOKIE_NAME in response.cookies
    assert not _page_keys()
    token = responses[-1].content.decode().split('value="')[1].split('"')[0]
    assert client.post(reverse("home"), {"csrfmiddlewaretoken": token}).status_code == 405  # past the CSRF check


@pytest.mark.django_db
def test_a_missed_page_that_fails_gives_the_site_s_error_pages(test_pages, caplog):
    client = Client(raise_request_exception=False)

    broken = client.get("/essai/casse/")
    unknown = client.get(reverse("offers:commune", args=["00000"]))

    assert broken.status_code == 500
    assert "<h1>Erreur inattendue</h1>" in broken.content.decode()
    assert any(record.exc_info and "test" in str(record.exc_info[1]) for record in caplog.records)
    assert unknown.status_code == 404
    assert "<h1>Page introuvable</h1>" in unknown.content.decode()
    assert not _page_keys()


@pytest.mark.django_db
def test_a_page_marked_for_the_cache_but_not_public_still_asks_to_log_in(test_pages):
    responses = [Client().get("/essai/espace-pro/") for _ in range(2)]

    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0]["Location"].startswith(reverse("login"))
    assert not _page_keys()

"""Every error page is the site's own: French, DSFR, accessible, and without any console error under the CSP."""

import pytest

from tests.e2e.conftest import REIMS, open_grand_reims  # noqa: F401


@pytest.fixture
def failing_views(settings):
    settings.ROOT_URLCONF = "tests.test_error_pages"


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/essai/400/", 400, "Adresse incorrecte"),
        ("/communes/%00/", 400, "Adresse incorrecte"),
        ("/essai/403/", 403, "Accès refusé"),
        ("/page-qui-n-existe-pas/", 404, "Page introuvable"),
        ("/essai/500/", 500, "Erreur inattendue"),
    ],
)
def test_error_pages_are_french_and_accessible(site, failing_views, admin_user, path, status, title):
    page = site.goto("/espace-pro/connexion/")
    page.get_by_label("Adresse e-mail").fill(admin_user.email)
    page.get_by_label("Mot de passe").fill("password")
    page.get_by_role("button", name="Se connecter").click()
    site.check_accessibility()

    response = site.page.goto(site.base_url + path)
    site.check_accessibility()

    assert response.status == status
    assert site.page.locator("html").get_attribute("lang") == "fr"
    assert site.page.get_by_role("heading", level=1).inner_text() == title
    assert site.page.get_by_text(f"Erreur {status}").is_visible()


def test_a_form_sent_after_its_csrf_cookie_is_lost_gets_a_french_page(site):
    page = site.goto("/espace-pro/connexion/")
    page.context.clear_cookies()
    page.get_by_label("Adresse e-mail").fill("pro@example.fr")
    page.get_by_label("Mot de passe").fill("un mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    site.check_accessibility()

    assert page.get_by_role("heading", level=1).inner_text() == "Formulaire expiré"
    assert page.locator("html").get_attribute("lang") == "fr"

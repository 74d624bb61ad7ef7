import pytest
from django.urls import reverse

PAGES = ["home", "accessibility", "legal_notice", "personal_data", "sitemap", "login"]


@pytest.mark.parametrize("url_name", PAGES)
def test_page_passes_axe_and_fits_the_screen(site, viewport, url_name):
    page = site.goto(reverse(url_name))

    assert page.locator(".fr-header__service-title").inner_text() == "Boussole des jeunes"
    assert page.locator("h1").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"la page déborde de {overflow} px à {viewport['width']} px de large"


def test_footer_links_lead_to_the_legal_pages(site):
    page = site.goto(reverse("home"))

    page.locator("#footer").get_by_role("link", name="Données personnelles").click()
    site.check_accessibility()

    assert page.locator("h1").inner_text() == "Données personnelles"

"""The map of where the Boussole runs, at 360 and 1280 px, with and without JavaScript."""

import datetime
import io
import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.territories.factories import TerritoryFactory

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")


@pytest.fixture
def territories():
    call_command("import_communes", departments=["51", "91", "972"], verbosity=0, stdout=io.StringIO())
    return [
        TerritoryFactory(name="Grand Reims", slug="grand-reims", communes=["51454", "51230"]),
        TerritoryFactory(
            name="Essonne", slug="essonne", engaged=True, opening_date=datetime.date(2027, 3, 1), communes=["91228"]
        ),
        TerritoryFactory(name="Martinique", slug="martinique", communes=["97209"]),
    ]


def _visit_the_map(checked, viewport, name):
    page = checked.goto(reverse("territories:where_to_find"))
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{viewport['width']}.png", full_page=True)

    drawing = page.get_by_role("img", name="Carte de France des territoires de la Boussole des jeunes")
    assert drawing.is_visible()
    box = drawing.bounding_box()
    assert box["width"] > 300 and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert page.locator('[data-department="51"]').get_attribute("class").endswith("--open")
    assert page.locator('[data-department="91"]').get_attribute("class").endswith("--engaged")
    assert page.locator('[data-department="972"]').get_attribute("class").endswith("--open")
    for name in ["Grand Reims", "Essonne", "Martinique"]:
        assert page.get_by_role("link", name=name).is_visible()
    return page


def test_the_map_shows_the_territories_and_leads_to_one(site, viewport, territories):
    page = _visit_the_map(site, viewport, "carte")

    page.get_by_role("link", name="Grand Reims").click()
    site.check_accessibility()
    assert page.locator("h1").inner_text() == "La Boussole Grand Reims"
    page.get_by_text("Voir la liste des communes").click()
    assert page.get_by_role("link", name="Épernay (51)").is_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/territoire-{viewport['width']}.png", full_page=True)


def test_the_map_works_without_javascript(site_without_js, viewport, territories):
    page = _visit_the_map(site_without_js, viewport, "carte-sans-js")

    page.get_by_role("link", name="Essonne").click()
    site_without_js.check_accessibility()
    assert page.locator("h1").inner_text() == "La Boussole Essonne"
    assert "le 1er mars 2027" in page.locator("main").inner_text()


def test_the_home_page_leads_to_the_map(site, territories):
    page = site.goto(reverse("home"))

    page.get_by_role("link", name="Où trouver la Boussole ? Les territoires où elle est ouverte").click()
    site.check_accessibility()
    assert page.locator("h1").inner_text() == "Où trouver la Boussole\xa0?"

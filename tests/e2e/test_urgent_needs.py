"""A youth in danger or without a place to sleep, on a phone: the number to call is the first thing on the screen,
and the offers they would get anyway are all there."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from questionnaires.models import Theme
from tests.e2e.conftest import REIMS, VIEWPORTS, _checked_page, open_grand_reims
from tests.offers.factories import OfferFactory

PHONE = VIEWPORTS["mobile"]


@pytest.fixture
def phone(browser, live_server):
    yield from _checked_page(browser, live_server, PHONE)


@pytest.fixture
def grand_reims(transactional_db):
    territory = open_grand_reims("sante", "logement")
    sante = Theme.objects.get(slug="sante")
    for title, need in [("Parler à un ou une psychologue", "talk_to_someone"), ("Un bilan de santé", "see_doctor")]:
        OfferFactory(theme=sante, territories=[territory], title=title, criteria={"health_need": [need]})
    return territory


def step(theme, number):
    return reverse("offers:step", kwargs={"insee_code": REIMS, "theme_slug": theme, "step": number})


def check(page, name):
    """Clicks the label of a radio button or checkbox: the DSFR draws the control on it."""
    control = page.get_by_label(name, exact=True)
    page.locator(f"label[for='{control.get_attribute('id')}']").click()
    expect(control).to_be_checked()


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_a_youth_in_danger_sees_3114_first_without_scrolling_and_keeps_the_offers(phone, grand_reims):
    page = phone.goto(step("sante", 1))
    page.get_by_role("spinbutton", name="Quel âge as-tu ?").fill("17")
    check(page, "Je suis au collège ou au lycée")
    page.get_by_role("button", name="Suivant").click()
    phone.check_accessibility()
    check(page, "C’est urgent : je suis en danger, ou je pense à me faire du mal")
    check(page, "Chez mes parents ou ma famille")
    page.get_by_role("button", name="Voir les offres pour moi").click()

    phone.check_accessibility()
    assert page.evaluate("window.scrollY") == 0
    numbers = page.locator("a[href^='tel:'], a[href^='sms:']")
    expect(numbers.first).to_have_attribute("href", "tel:3114")
    expect(numbers.nth(1)).to_have_attribute("href", "tel:119")
    assert in_first_screen(numbers.first), numbers.first.bounding_box()
    expect(page.get_by_role("heading", level=1)).to_have_text("2 offres pour toi")
    expect(page.get_by_role("link", name="Parler à un ou une psychologue")).to_be_visible()


def test_a_youth_looking_for_housing_can_tap_115_where_a_night_outside_can_be_said(phone, grand_reims):
    page = phone.goto(step("logement", 1))
    page.get_by_role("spinbutton", name="Quel âge as-tu ?").fill("19")
    check(page, "Je cherche un emploi")
    page.get_by_role("button", name="Suivant").click()

    phone.check_accessibility()
    expect(page.get_by_role("group", name="Où dors-tu en ce moment ?")).to_contain_text(
        "Je n’ai pas d’endroit où dormir"
    )
    call = page.get_by_role("link", name="115 — Samu social")
    expect(call).to_have_attribute("href", "tel:115")
    assert in_first_screen(call), call.bounding_box()

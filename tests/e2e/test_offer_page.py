"""On a phone, the offer page's main action is within the first screen: the number of a hotline, to tap, then the
contact request."""

import pytest
from playwright.sync_api import expect

from questionnaires.models import Theme
from tests.e2e.conftest import VIEWPORTS, _checked_page, open_grand_reims
from tests.offers.factories import OfferFactory

PHONE = VIEWPORTS["mobile"]
LONG_TEXT = "Une phrase de plus pour dire ce que c’est, à qui c’est destiné et ce que ça t’apporte. " * 6


@pytest.fixture
def phone(browser, live_server):
    yield from _checked_page(browser, live_server, PHONE)


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("sante", "emploi")


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_a_hotline_is_called_with_a_tap_from_the_first_screen(phone, grand_reims):
    offer = OfferFactory(
        theme=Theme.objects.get(slug="sante"),
        territories=[grand_reims],
        title="Fil Santé Jeunes : parler anonymement au téléphone ou par chat",
        summary="Des professionnels de santé répondent à toutes tes questions, tous les jours, gratuitement et sans "
        "donner ton nom.",
        description=LONG_TEXT + "Tu peux aussi appeler directement le 0 800 235 236.",
        how_it_happens=LONG_TEXT,
    )

    page = phone.goto(offer.get_absolute_url())

    call = page.get_by_role("link", name="Appeler le 0 800 235 236")
    expect(call).to_have_attribute("href", "tel:0800235236")
    assert in_first_screen(call), call.bounding_box()
    contact = page.get_by_role("link", name="Je veux être contacté·e")
    assert in_first_screen(contact), contact.bounding_box()
    assert call.bounding_box()["y"] < contact.bounding_box()["y"]


def test_the_contact_request_is_within_the_first_screen_of_any_offer(phone, grand_reims):
    offer = OfferFactory(
        theme=Theme.objects.get(slug="emploi"),
        territories=[grand_reims],
        title="Trouver un emploi ou une formation avec un ou une conseillère de la Mission locale",
        summary="Un ou une conseillère t’aide à trouver un emploi, une formation ou un apprentissage, et à "
        "préparer tes candidatures.",
        description=LONG_TEXT,
        how_it_happens=LONG_TEXT,
    )

    page = phone.goto(offer.get_absolute_url())

    expect(page.get_by_role("link", name="Appeler")).to_have_count(0)
    contact = page.get_by_role("link", name="Je veux être contacté·e")
    assert in_first_screen(contact), contact.bounding_box()

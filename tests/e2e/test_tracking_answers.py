"""On a phone and without JavaScript, the youth says someone called, confirms it, then takes it back."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contact_requests.enums import EventKind, RequestStatus
from questionnaires.models import Theme
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import VIEWPORTS, click_button, mission_locale_of, open_grand_reims
from tests.offers.factories import OfferFactory


@pytest.fixture
def viewport():
    return VIEWPORTS["mobile"]


@pytest.fixture
def contact_request(transactional_db):
    grand_reims = open_grand_reims("emploi")
    offer = OfferFactory(
        organisation=mission_locale_of(grand_reims, signed_charter=True),
        theme=Theme.objects.get(slug="emploi"),
        territories=[grand_reims],
        title="Trouver un emploi avec un ou une conseillère",
        delay_days=2,
    )
    return make_request(offer, now=timezone.now() - datetime.timedelta(days=10))


def test_someone_called_is_confirmed_then_taken_back_on_a_phone_without_javascript(site_without_js, contact_request):
    site = site_without_js
    page = site.goto(contact_request.tracking_url())
    main = page.get_by_role("main")
    expect(main).to_contain_text("Le délai promis est dépassé")

    click_button(page, "On m’a contacté·e")
    site.check_accessibility()
    expect(
        page.get_by_role("heading", name="Tu confirmes qu’un·e professionnel·le t’a contacté·e ?")
    ).to_be_in_viewport()
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.NEW

    click_button(page, "Oui, on m’a contacté·e")
    site.check_accessibility()
    expect(main).to_contain_text("Où en est ta demande : Tu as été contacté·e.")
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.CONTACTED

    click_button(page, "Je me suis trompé·e")
    site.check_accessibility()
    expect(main).to_contain_text("C’est corrigé : ta réponse est retirée.")
    expect(main).to_contain_text("tu nous as dit t’être trompé·e : personne ne t’a contacté·e")
    expect(page.get_by_role("button", name="Personne ne m’a contacté·e")).to_be_visible()
    contact_request.refresh_from_db()
    assert contact_request.status == RequestStatus.NEW and contact_request.contacted_at is None
    assert contact_request.events.filter(kind=EventKind.YOUTH_CONTACT_UNDONE).count() == 1

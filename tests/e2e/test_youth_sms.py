"""On a 360 px phone, a youth who gives only a mobile: the form suggests the e-mail domain they likely meant, the page
after the form says an SMS is on its way (no screenshot to take), and the SMS's short link opens their request."""

import re

import pytest
from playwright.sync_api import expect

from contact_requests.models import ContactRequest
from tests.contact_requests.conftest import clock  # noqa: F401 — fixture
from tests.e2e.conftest import REIMS, VIEWPORTS, _checked_page
from tests.e2e.test_contact_request import (
    answer_questionnaire,
    click_label,
    field_error,
    offer,  # noqa: F401 — fixture
)
from tests.notifications.conftest import sms_outbox  # noqa: F401 — fixture

SUGGESTION = (
    "Vérifie ton adresse : voulais-tu écrire prenom@gmail.com ? Corrige-la, ou si elle est juste, "
    "renvoie ta demande telle quelle."
)


@pytest.fixture
def phone(browser, live_server):
    yield from _checked_page(browser, live_server, VIEWPORTS["mobile"])


@pytest.fixture
def phone_without_js(browser, live_server):
    yield from _checked_page(browser, live_server, VIEWPORTS["mobile"], javascript=False)


def open_form(site, asked_offer):
    answer_questionnaire(site)
    page = site.goto(f"{asked_offer.get_absolute_url()}?commune={REIMS}")
    page.get_by_role("link", name="Je veux être contacté·e").click()
    site.check_accessibility()
    return page


def test_a_youth_with_only_a_mobile_is_told_an_sms_is_on_its_way(phone, offer, clock, sms_outbox):  # noqa: F811
    page = open_form(phone, offer)
    email = page.get_by_role("textbox", name="Ton adresse e-mail")

    # As they type: the likely domain, and a button that writes it.
    email.fill("prenom@gmial.com")
    email.press("Tab")
    suggestion = page.locator("#id_email-suggestion")
    expect(suggestion).to_contain_text("Voulais-tu écrire prenom@gmail.com ?")
    phone.check_accessibility()
    suggestion.get_by_role("button", name="Oui, corriger mon adresse").click()
    expect(email).to_have_value("prenom@gmail.com")
    expect(suggestion).to_be_empty()

    # The youth prefers to give only a mobile.
    email.fill("")
    page.get_by_role("textbox", name="Ton numéro de portable").fill("06 12 34 56 78")
    click_label(page, "radio", "Par SMS")
    page.get_by_role("checkbox", name="J’accepte que mes coordonnées").press("Space")
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page).to_have_url(re.compile(r"/demande/envoyee/\?"))
    phone.check_accessibility()
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta demande est envoyée")
    expect(main).to_contain_text("Un SMS part vers ton portable avec ta référence et le lien de ta page de suivi.")
    expect(main).not_to_contain_text("capture d’écran")
    expect(main).not_to_contain_text("seul moyen")
    request = ContactRequest.objects.get()
    assert (request.email, str(request.phone), request.preferred_channel) == ("", "+33612345678", "sms")

    [sms] = sms_outbox
    assert sms.recipient == "+33612345678" and request.reference in sms.body
    short_link = re.search(r"http://[^/\s]+(/s/[\w-]+)$", sms.body).group(1)
    page = phone.goto(short_link)
    expect(page).to_have_url(re.compile(r"/suivi/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ta demande {request.reference}")


def test_without_javascript_the_form_suggests_the_domain_when_sent(phone_without_js, offer, clock):  # noqa: F811
    page = open_form(phone_without_js, offer)
    page.get_by_role("textbox", name="Ton prénom").fill("Léa")
    email = page.get_by_role("textbox", name="Ton adresse e-mail")
    email.fill("prenom@gmial.com")
    click_label(page, "radio", "Par e-mail")
    page.get_by_role("checkbox", name="J’accepte que mes coordonnées").press("Space")
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(field_error(page, "email")).to_have_text(SUGGESTION)
    phone_without_js.check_accessibility()
    expect(email).to_have_accessible_description(SUGGESTION)
    expect(email).to_have_value("prenom@gmial.com")
    expect(page.get_by_role("textbox", name="Ton prénom")).to_have_value("Léa")
    assert not ContactRequest.objects.exists()

    # Sent again as it is: the youth knows their address.
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page).to_have_url(re.compile(r"/demande/envoyee/\?"))
    phone_without_js.check_accessibility()
    assert ContactRequest.objects.get().email == "prenom@gmial.com"

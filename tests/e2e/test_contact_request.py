"""Asking to be contacted: the form and its errors, the confirmation, the private tracking page."""

import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from contact_requests.emails import RequestAcknowledgement
from contact_requests.models import ContactRequest
from notifications.models import Email
from questionnaires.models import Theme
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import REIMS, VIEWPORTS, assert_fits_the_width, mission_locale_of, open_grand_reims
from tests.offers.factories import OfferFactory

ANSWERS = {
    1: {"age": "19", "situation": "job_seeker"},
    2: {"looking_for": ["job", "first_job_help"], "diploma": "none"},
    3: {"driving_licence": "no", "disability": "no", "followed_by": ["nobody"]},
}
FIRST_NAME = "Léa"
MESSAGE = "Plutôt le matin, avant 11 h."
EITHER_ONE = "Donne ton e-mail ou ton numéro de portable (au moins un des deux) pour qu’on te contacte."
BAD_PHONE = "Ce numéro de portable n’est pas valable : écris-le comme 06 12 34 56 78 (ou 0696 12 34 56 en outre-mer)."
NO_CONSENT = "Coche cette case pour que la structure puisse te contacter."


@pytest.fixture
def offer(transactional_db):
    grand_reims = open_grand_reims("emploi")
    return OfferFactory(
        organisation=mission_locale_of(grand_reims, signed_charter=True),
        theme=Theme.objects.get(slug="emploi"),
        territories=[grand_reims],
        title="Trouver un emploi avec un ou une conseillère",
        criteria={"situation": ["job_seeker"]},
        delay_days=2,
    )


def answer_questionnaire(site):
    """Sends the emploi questionnaire from the browser's session, as the journey does (that journey has its tests)."""
    for step, answers in ANSWERS.items():
        url = site.base_url + reverse("offers:step", kwargs={"insee_code": REIMS, "theme_slug": "emploi", "step": step})
        form = site.page.request.get(url).text()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        response = site.page.request.post(
            url,
            data=urlencode({**answers, "csrfmiddlewaretoken": token}, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            max_redirects=0,
        )
        assert response.status == 302, f"étape {step} : {response.status}"


def click_label(page, role, name):
    """Clicks the label of a radio or checkbox: the DSFR draws the control on it."""
    control = page.get_by_role(role, name=name, exact=True)
    page.locator(f"label[for='{control.get_attribute('id')}']").click()
    expect(control).to_be_checked()


def field_error(page, name):
    """The error shown under a field, which the field announces as its description."""
    return page.locator(f"#id_{name}-desc-error")


def ask_to_be_contacted(site, offer):
    """From the offer page to the confirmation, through two forms with mistakes; returns the tracking link."""
    page = site.goto(f"{offer.get_absolute_url()}?commune={REIMS}")
    page.get_by_role("link", name="Je veux être contacté·e").click()

    expect(page).to_have_url(
        re.compile(re.escape(reverse("contact_requests:form", kwargs={"offer_pk": offer.pk})) + rf"\?commune={REIMS}$")
    )
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Être contacté·e par la Mission locale de Reims")
    expect(page.locator(".fr-text--lead")).to_contain_text("te contacte au plus tard le")
    first_name = page.get_by_role("textbox", name="Ton prénom")
    email = page.get_by_role("textbox", name="Ton adresse e-mail")
    phone = page.get_by_role("textbox", name="Ton numéro de portable")
    message = page.get_by_role("textbox", name="Un message pour le ou la professionnel·le")
    consent = page.get_by_role("checkbox", name="J’accepte que mes coordonnées")
    first_name.fill(FIRST_NAME)
    message.fill(MESSAGE)
    click_label(page, "radio", "Par SMS")
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page.get_by_role("alert")).to_contain_text("Ta demande n’est pas encore envoyée")
    site.check_accessibility()
    expect(email).to_have_accessible_description(EITHER_ONE)
    expect(phone).to_have_accessible_description(EITHER_ONE)
    expect(consent).to_have_accessible_description(NO_CONSENT)
    for field in (email, phone, consent):
        expect(field).to_have_attribute("aria-invalid", "true")
    expect(first_name).to_have_value(FIRST_NAME)
    expect(message).to_have_value(MESSAGE)
    expect(page.get_by_role("radio", name="Par SMS")).to_be_checked()
    assert not ContactRequest.objects.exists()

    phone.fill("12345")
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(field_error(page, "phone")).to_have_text(BAD_PHONE)
    site.check_accessibility()
    expect(phone).to_have_accessible_description(BAD_PHONE)
    expect(phone).to_have_value("12345")
    expect(first_name).to_have_value(FIRST_NAME)
    expect(message).to_have_value(MESSAGE)
    expect(field_error(page, "email")).to_have_count(0)
    expect(field_error(page, "consent")).to_have_text(NO_CONSENT)
    assert not ContactRequest.objects.exists()

    phone.fill("")
    email.fill("lea.martin@example.fr")
    click_label(page, "radio", "Par e-mail")
    # The label holds a link: the box is ticked with the keyboard, not by clicking the middle of its label.
    consent.press("Space")
    expect(consent).to_be_checked()
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page).to_have_url(re.compile(r"/offres/\d+/demande/envoyee/\?"))
    site.check_accessibility()
    request = ContactRequest.objects.get()
    assert (request.first_name, request.email, request.phone, request.preferred_channel, request.message) == (
        FIRST_NAME,
        "lea.martin@example.fr",
        "",
        "email",
        MESSAGE,
    )
    assert request.answers["situation"] == "job_seeker"
    assert re.fullmatch(r"BJ-[A-Z2-9]{6}", request.reference)
    with translation.override("fr"):
        due_date = formats.date_format(request.due_date, "l j F")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta demande est envoyée")
    expect(page.get_by_role("main")).to_contain_text("Merci ! La Mission locale de Reims reçoit ta demande.")
    expect(page.locator(".fr-text--lead")).to_contain_text(f"au plus tard le {due_date}, par e-mail")
    expect(page.get_by_role("main")).to_contain_text(
        "Un e-mail part vers ton adresse avec ta référence et le lien de ta page de suivi."
    )
    # The reference and the link go to the youth's address only: this page is the same for whoever typed it.
    expect(page.get_by_role("main")).not_to_contain_text(request.reference)
    [acknowledgement] = [message for message in mail.outbox if message.to == ["lea.martin@example.fr"]]
    link = re.search(r"http://[^/\s]+(/suivi/[^/\s]+/)", acknowledgement.body).group(1)
    return link, request


def check_tracking_page(site, link, request):
    page = site.goto(link)

    expect(page).to_have_url(re.compile(r"/suivi/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ta demande {request.reference}")
    expect(page.get_by_role("main")).to_contain_text(
        "Où en est ta demande : Envoyée : un·e professionnel·le va te contacter."
    )
    with translation.override("fr"):
        due_date = formats.date_format(request.due_date, "l j F Y")
    expect(page.get_by_role("main")).to_contain_text(f"au plus tard le {due_date}")
    history = page.get_by_role("heading", name="Ce qui s’est passé").locator("xpath=following-sibling::ul[1]")
    expect(history.get_by_role("listitem")).to_have_count(1)
    expect(history.get_by_role("listitem")).to_contain_text("tu as envoyé ta demande")
    page.get_by_role("button", name="Je n’ai plus besoin d’aide").click()

    # Cancelling asks first.
    site.check_accessibility()
    expect(page.get_by_role("heading", name="Tu veux vraiment annuler ta demande ?")).to_be_visible()
    page.get_by_role("link", name="Non, garder ma demande").click()

    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("Envoyée : un·e professionnel·le va te contacter")


def test_contact_request(site, offer):
    answer_questionnaire(site)
    link, request = ask_to_be_contacted(site, offer)
    check_tracking_page(site, link, request)


def test_contact_request_without_javascript(site_without_js, offer):
    answer_questionnaire(site_without_js)
    link, request = ask_to_be_contacted(site_without_js, offer)
    check_tracking_page(site_without_js, link, request)


def test_the_youths_email_fits_a_phone_and_its_link_is_a_button(browser, offer):
    request = make_request(offer, now=timezone.now())
    email = Email.objects.get(kind=RequestAcknowledgement.kind)
    page = browser.new_page(viewport=VIEWPORTS["mobile"])
    try:
        page.set_content(email.body_html)
        button = page.get_by_role("link", name="Voir ma demande")
        expect(button).to_be_visible()
        assert "/suivi/" in button.get_attribute("href")
        assert request.reference in page.content()
        assert_fits_the_width(page)
    finally:
        page.close()

"""The pages of the professional space that hold tables and long cards, and an admin change form: at 360 and at 1280
px, nothing reaches past the window nor past its column, and axe finds nothing."""

import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organisations.enums import MemberRole
from organisations.models import Invitation
from questionnaires.models import Theme
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import assert_fits_the_width, mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import log_in
from tests.e2e.test_request_list import CELLS_OUTSIDE_SCRIPT, SCREENSHOTS
from tests.offers.factories import OfferFactory

LONG_EMAIL = "marie-christine.de-la-fontaine-beaumarchais@mission-locale-reims.example.fr"

# The tables whose content is wider than the box that holds them: a scroll bar hides part of a row.
TABLES_TOO_WIDE_SCRIPT = """
() => [...document.querySelectorAll(".fr-table__container, .fr-table__content")]
  .filter(box => box.getClientRects().length && box.scrollWidth > box.clientWidth + 1)
  .map(box => ({caption: (box.querySelector("caption") || box).innerText.trim().slice(0, 60),
                content: box.scrollWidth, box: box.clientWidth}))
"""


def assert_fits(page, name, width):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    assert_fits_the_width(page)
    assert page.evaluate(CELLS_OUTSIDE_SCRIPT) == []
    assert page.evaluate(TABLES_TOO_WIDE_SCRIPT) == []


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("emploi")


def test_the_members_page_fits_its_column_and_stacks_into_cards_on_a_phone(site, viewport, grand_reims):
    mission_locale = mission_locale_of(grand_reims)
    admin = make_member(mission_locale, role=MemberRole.ADMIN, email="direction@ml-reims.example.fr")
    sign_charter(mission_locale, admin)
    colleague = make_member(mission_locale, email=LONG_EMAIL)
    colleague.first_name, colleague.last_name = "Marie-Christine", "de La Fontaine-Beaumarchais"
    colleague.save()
    Invitation.objects.create(
        organisation=mission_locale, email="nouvelle.conseillere@mission-locale-reims.example.fr", invited_by=admin
    )

    page = log_in(site, admin.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:organisation"))

    members = page.get_by_role("table", name="Membres de la Mission locale de Reims")
    expect(members).to_contain_text(LONG_EMAIL)
    expect(members.get_by_role("button", name=f"Retirer {colleague} de la structure")).to_be_visible()
    assert_fits(page, "members", viewport["width"])


def test_the_late_requests_list_fits_the_screen(site, viewport, grand_reims):
    mission_locale = mission_locale_of(grand_reims)
    admin = make_member(mission_locale, role=MemberRole.ADMIN, email=LONG_EMAIL)
    sign_charter(mission_locale, admin)
    offer = OfferFactory(
        organisation=mission_locale,
        theme=Theme.objects.get(slug="emploi"),
        territories=[grand_reims],
        title="Accompagnement personnalisé vers l’emploi, la formation et l’alternance des jeunes de 16 à 25 ans",
    )
    late = make_request(offer, now=timezone.now() - datetime.timedelta(days=10), email="lea@example.fr", phone=None)
    late.take(by=admin)
    reported = make_request(offer, now=timezone.now(), email="sami@example.fr", phone=None)
    reported.report_no_contact()
    animator = get_user_model().objects.create_user(email="nadia@boussole-reims.example.fr", password=PASSWORD)
    grand_reims.animators.add(animator)

    page = log_in(site, animator.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:slipped_requests"))

    late_card = page.locator("li.boussole-box").filter(has_text=late.reference)
    expect(late_card).to_contain_text("En retard de")
    expect(late_card).to_contain_text(f"Suivie par {admin}")
    expect(page.locator("li.boussole-box").filter(has_text=reported.reference)).to_contain_text(
        "Signalée par le ou la jeune"
    )
    assert_fits(page, "late-requests", viewport["width"])


def test_an_admin_change_form_has_a_label_for_every_field_and_fits_the_screen(site, viewport, grand_reims):
    mission_locale = mission_locale_of(grand_reims)
    admin = make_member(mission_locale, role=MemberRole.ADMIN, email="direction@ml-reims.example.fr")
    sign_charter(mission_locale, admin)
    Invitation.objects.create(organisation=mission_locale, email="conseillere@ml-reims.example.fr", invited_by=admin)
    get_user_model().objects.create_superuser(email="national@jeunesse.gouv.fr", password=PASSWORD)

    page = log_in(site, "national@jeunesse.gouv.fr")
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("admin:organisations_organisation_change", args=[mission_locale.pk]))

    expect(page.get_by_role("heading", level=1)).to_have_text("Modification de structure")
    expect(page.locator("#content")).to_contain_text("direction@ml-reims.example.fr")
    page.screenshot(path=f"{SCREENSHOTS}/admin-organisation-{viewport['width']}.png", full_page=True)
    assert_fits_the_width(page)


def test_the_pages_of_a_long_list_are_links_axe_reads_well(site, viewport, grand_reims):
    mission_locale = mission_locale_of(grand_reims)
    member = make_member(mission_locale, email="camille@ml-reims.example.fr")
    sign_charter(mission_locale, member)
    offer = OfferFactory(organisation=mission_locale, theme=Theme.objects.get(slug="emploi"), territories=[grand_reims])
    for number in range(21):
        make_request(offer, now=timezone.now(), email=f"jeune{number}@example.fr", phone=None)

    page = log_in(site, member.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:requests"))

    pages = page.get_by_role("navigation", name="Pagination")
    # On the first page, "Page précédente" leads nowhere: grey, and said to be disabled.
    expect(pages.get_by_role("link", name="Page précédente")).to_have_attribute("aria-disabled", "true")
    os.makedirs(SCREENSHOTS, exist_ok=True)
    pages.screenshot(path=f"{SCREENSHOTS}/pagination-{viewport['width']}.png")
    pages.get_by_role("link", name="Page suivante").click()
    site.check_accessibility()
    expect(page).to_have_url(site.base_url + reverse("backoffice:requests") + "?page=2")


# The fields of a form that reach past their fieldset, or start elsewhere than its other fields: a form not aligned.
FIELDS_OUT_OF_LINE_SCRIPT = """
fieldset => {
  const box = fieldset.getBoundingClientRect();
  const fields = [...fieldset.querySelectorAll("input:not([type=radio]), .fr-radio-group, textarea, select")]
    .filter(field => field.getClientRects().length);
  const lefts = fields.map(field => Math.round(field.getBoundingClientRect().left));
  return {
    outside: fields.filter(field => field.getBoundingClientRect().right > box.right + 0.5).map(field => field.name),
    lefts: [...new Set(lefts)],
    width: box.width,
  };
}
"""


def test_the_request_page_s_contact_and_closing_forms_are_aligned_and_fit(site, viewport, grand_reims):
    mission_locale = mission_locale_of(grand_reims)
    member = make_member(mission_locale, email=LONG_EMAIL)
    sign_charter(mission_locale, member)
    offer = OfferFactory(organisation=mission_locale, theme=Theme.objects.get(slug="emploi"), territories=[grand_reims])
    request = make_request(offer, now=timezone.now(), email="lea@example.fr", phone="0612345678")
    request.take(by=member)

    page = log_in(site, member.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:request", args=[request.pk]))
    contacted = page.get_by_role("group", name="J’ai contacté le ou la jeune")
    contacted.get_by_label("Date du contact").fill("")
    page.get_by_role("button", name="Enregistrer le contact").click()

    # The reference stays whole on a phone: one line, not "BJ-" above the rest.
    reference = page.get_by_role("heading", level=1).locator(".boussole-nowrap")
    assert reference.evaluate("element => element.getClientRects().length") == 1
    # Sent empty: the errors are next to the fields, and the form still fits.
    expect(contacted.get_by_text("Indiquez comment vous avez contacté le ou la jeune.")).to_be_visible()
    site.check_accessibility()
    assert_fits(page, "request-contact-form", viewport["width"])
    for legend in ("J’ai contacté le ou la jeune", "Clôturer la demande"):
        layout = page.get_by_role("group", name=legend).evaluate(FIELDS_OUT_OF_LINE_SCRIPT)
        assert layout["outside"] == [], (legend, layout)
        assert len(layout["lefts"]) == 1, (legend, layout)
        assert layout["width"] <= viewport["width"]

"""The request list of a busy Mission locale: every column in view at any width, and the organisation switcher."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from organisations.enums import MemberRole, OrganisationKind
from organisations.models import Membership
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import log_in
from tests.offers.factories import OfferFactory, OrganisationFactory

LONG_TITLE = "Accompagnement personnalisé vers l’emploi, la formation et l’alternance des jeunes de 16 à 25 ans"
SCREENSHOTS = "/tmp/boussole-screenshots"

# The cells of the table that reach past the left or right edge of the window. On a narrow screen the header row is
# only read out (each cell then shows its column's name): it is out of sight, not out of the window.
CELLS_OUTSIDE_SCRIPT = """
() => [...document.querySelectorAll(".fr-table table th, .fr-table table td")]
  .filter(cell => cell.getClientRects().length)
  .filter(cell => !cell.closest("thead") || getComputedStyle(cell.closest("thead")).position !== "absolute")
  .map(cell => {
    const box = cell.getBoundingClientRect();
    return {text: cell.innerText.trim().slice(0, 40), left: box.left, right: box.right};
  })
  .filter(cell => cell.left < -0.5 || cell.right > window.innerWidth + 0.5)
"""


@pytest.fixture
def two_organisations(transactional_db):
    """Camille works for the Mission locale and for Info Jeunes; each has an offer with requests."""
    grand_reims = open_grand_reims("emploi")
    emploi = Theme.objects.get(slug="emploi")
    mission_locale = mission_locale_of(grand_reims)
    info_jeunes = OrganisationFactory(
        name="Info Jeunes Reims", kind=OrganisationKind.INFO_JEUNES, territories=[grand_reims]
    )
    camille = make_member(mission_locale, email="camille@ml-reims.example.fr")
    Membership.objects.create(user=camille, organisation=info_jeunes, role=MemberRole.MEMBER)
    sign_charter(mission_locale, camille)
    sign_charter(info_jeunes, camille)
    offers = {
        organisation: OfferFactory(organisation=organisation, theme=emploi, territories=[grand_reims], title=title)
        for organisation, title in ((mission_locale, LONG_TITLE), (info_jeunes, "Trouver un job d’été"))
    }
    requests = {
        organisation: [
            make_request(offer, now=timezone.now(), email=f"jeune{n}@{organisation.pk}.example.fr", phone=None)
            for n in range(3)
        ]
        for organisation, offer in offers.items()
    }
    requests[mission_locale][0].take(by=camille)
    return camille, mission_locale, info_jeunes, offers, requests


def test_every_column_of_the_request_list_is_in_view_and_the_switcher_changes_the_organisation(
    site, viewport, two_organisations
):
    camille, mission_locale, info_jeunes, offers, requests = two_organisations
    width = viewport["width"]

    page = log_in(site, camille.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:requests"))

    acting_for = page.get_by_label("Vous agissez pour")
    expect(acting_for.locator("option:checked")).to_have_text(mission_locale.name)
    for request in requests[mission_locale]:
        expect(page.get_by_role("link", name=request.reference)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(requests[info_jeunes][0].reference)
    expect(page.get_by_role("main")).to_contain_text(str(camille))  # "suivie par"
    page.screenshot(path=f"{SCREENSHOTS}/requests-{width}.png", full_page=True)
    assert page.evaluate(CELLS_OUTSIDE_SCRIPT) == []
    table = page.locator(".fr-table__content")
    assert table.evaluate("element => element.scrollWidth <= element.clientWidth + 1")

    acting_for.select_option(label=info_jeunes.name)
    page.get_by_role("button", name="Changer de structure").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:requests"))
    site.check_accessibility()
    expect(page.get_by_label("Vous agissez pour").locator("option:checked")).to_have_text(info_jeunes.name)
    for request in requests[info_jeunes]:
        expect(page.get_by_role("link", name=request.reference)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(requests[mission_locale][0].reference)
    assert page.evaluate(CELLS_OUTSIDE_SCRIPT) == []

    page = site.goto(reverse("backoffice:offers"))
    expect(page.get_by_role("main")).to_contain_text("Trouver un job d’été")
    expect(page.get_by_role("main")).not_to_contain_text(LONG_TITLE)
    page.screenshot(path=f"{SCREENSHOTS}/offers-{width}.png", full_page=True)


def test_a_link_to_a_request_of_the_other_organisation_switches_to_it(site, two_organisations):
    camille, mission_locale, info_jeunes, offers, requests = two_organisations
    request = requests[info_jeunes][1]
    page = log_in(site, camille.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()

    page = site.goto(reverse("backoffice:request", args=[request.pk]))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Demande {request.reference}")
    expect(page.get_by_role("status")).to_contain_text("Vous agissez maintenant pour Info Jeunes Reims.")
    expect(page.get_by_label("Vous agissez pour").locator("option:checked")).to_have_text(info_jeunes.name)
    expect(page.get_by_role("button", name="Je m’en occupe")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/request-switched.png", full_page=True)

"""A counsellor of the Mission locale orients a youth to a housing association's offer: the youth is told with their
private link, the association records the contact, the counsellor sees it in "Mes orientations", and the animator
sees the network in the statistics."""

import datetime
import os
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contact_requests.enums import ContactChannel, Outcome
from contact_requests.models import ContactRequest
from contact_requests.orientation import orient_youth
from contact_requests.submission import Contact
from questionnaires.models import Theme
from territories.models import Commune
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.e2e.conftest import mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import alert, click_label, go_to_from_sidemenu, log_in, log_out
from tests.e2e.test_request_list import CELLS_OUTSIDE_SCRIPT
from tests.offers.factories import OfferFactory, OrganisationFactory

SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/boussole-screenshots"))
HOUSING_OFFER = "Trouver un logement quand on démarre dans la vie active"
YOUTH_EMAIL = "lea.martin@example.fr"
# The cells of the network's table past the edges of the window (the statistics page has other tables).
NETWORK_CELLS_OUTSIDE_SCRIPT = CELLS_OUTSIDE_SCRIPT.replace(".fr-table table", "#orientations table")


CARDS_OVER_THE_FOOTER_SCRIPT = """
() => {
  const footer = document.querySelector("footer").getBoundingClientRect().top;
  return [...document.querySelectorAll("main .fr-card")]
    .filter(card => card.getBoundingClientRect().bottom > footer)
    .map(card => card.innerText.slice(0, 40));
}
"""


def shot(page, name, viewport, *, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"orientation-{name}-{viewport['width']}.png"), full_page=full_page)


@pytest.fixture
def partners(transactional_db):
    grand_reims = open_grand_reims("emploi", "logement")
    mission_locale = mission_locale_of(grand_reims)
    counsellor = make_member(mission_locale, email="camille@ml-reims.example.fr")
    sign_charter(mission_locale, counsellor)
    housing = OrganisationFactory(
        name="Association Habitat Jeunes Reims", email="accueil@habitat.example.fr", territories=[grand_reims]
    )
    receiver = make_member(housing, email="dominique@habitat.example.fr")
    sign_charter(housing, receiver)
    offer = OfferFactory(
        organisation=housing, theme=Theme.objects.get(slug="logement"), territories=[grand_reims], title=HOUSING_OFFER
    )
    animator = get_user_model().objects.create_user(email="animatrice@reims.example.fr", password=PASSWORD)
    grand_reims.animators.add(animator)
    return {
        "counsellor": counsellor,
        "mission_locale": mission_locale,
        "receiver": receiver,
        "offer": offer,
        "animator": animator,
    }


def test_a_counsellor_orients_a_youth_who_is_told_and_contacted(site, viewport, partners, mailoutbox):
    counsellor = partners["counsellor"]

    # The counsellor finds the offer in the directory, reads it, and orients Léa.
    page = log_in(site, counsellor.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    go_to_from_sidemenu(page, "Annuaire du territoire")
    site.check_accessibility()
    # Each partner's card is as tall as what it says: none runs over the page's footer.
    assert page.evaluate(CARDS_OVER_THE_FOOTER_SCRIPT) == []
    shot(page, "directory", viewport)
    page.get_by_role("link", name=HOUSING_OFFER, exact=True).click()
    site.check_accessibility()
    shot(page, "offer", viewport)
    page.get_by_role("link", name="Orienter un·e jeune", exact=True).click()
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Orienter un·e jeune vers l’Association Habitat Jeunes Reims"
    )
    page.get_by_label("Prénom du ou de la jeune").fill("Léa")
    page.get_by_label("Son adresse e-mail").fill(YOUTH_EMAIL)
    click_label(page, "radio", "Par e-mail")
    page.get_by_label("Commune où il ou elle habite").fill("Reims")
    page.get_by_label("Pourquoi cette offre").fill("Elle commence un apprentissage lundi et dort chez une amie.")
    page.get_by_role("button", name="Orienter le ou la jeune").click()

    # Without the consent box, nothing leaves, and everything typed is kept.
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("Le ou la jeune n’est pas encore orienté·e")
    expect(page.get_by_role("alert")).to_contain_text("sans l’accord du ou de la jeune")
    expect(page.get_by_label("Son adresse e-mail")).to_have_value(YOUTH_EMAIL)
    shot(page, "form-error", viewport)
    assert not ContactRequest.objects.exists() and mailoutbox == []
    page.locator("label[for='id_consent']").click()
    expect(page.get_by_role("checkbox", name=re.compile("Le ou la jeune est d’accord"))).to_be_checked()
    page.get_by_role("button", name="Orienter le ou la jeune").click()

    # "Mes orientations" lists it, status only.
    expect(page).to_have_url(site.base_url + reverse("backoffice:orientations"))
    site.check_accessibility()
    request = ContactRequest.objects.get()
    assert (request.oriented_by, request.first_name, request.email) == (counsellor, "Léa", YOUTH_EMAIL)
    expect(alert(page)).to_contain_text(f"l’Association Habitat Jeunes Reims a reçu la demande {request.reference}")
    row = page.get_by_role("row").filter(has_text=request.reference)
    expect(row).to_contain_text("nouvelle")
    assert page.evaluate(CELLS_OUTSIDE_SCRIPT) == []
    log_out(site)

    # Léa's email says who oriented her, where, and carries her private link.
    [email] = [message for message in mailoutbox if message.to == [YOUTH_EMAIL]]
    assert "Mission locale de Reims t’a orienté·e vers l’Association Habitat Jeunes Reims" == email.subject
    link = re.search(r"http://[^/\s]+(/suivi/[^/\s]+/)", email.body).group(1)
    page = site.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ta demande {request.reference}")
    expect(page.get_by_role("main")).to_contain_text("un·e professionnel·le t’a orienté·e vers cette structure")
    expect(page.get_by_role("button", name="Je n’ai plus besoin d’aide")).to_be_visible()
    shot(page, "tracking", viewport)

    # The association reads who oriented Léa, and records the contact.
    page = log_in(site, partners["receiver"].email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:request", args=[request.pk]))
    expect(page.get_by_role("main")).to_contain_text(f"Orienté·e par la Mission locale de Reims, {counsellor}")
    expect(page.get_by_role("main")).to_contain_text("Elle commence un apprentissage lundi")
    shot(page, "received", viewport)
    contacted = page.get_by_role("group", name="J’ai contacté le ou la jeune")
    contacted.get_by_label("Date du contact").fill(timezone.localdate().isoformat())
    click_label(contacted, "radio", ContactChannel.PHONE.label)
    page.get_by_role("button", name="Enregistrer le contact").click()
    expect(alert(page)).to_have_text("C’est noté : le ou la jeune a été contacté·e.")
    site.check_accessibility()
    log_out(site)

    # The counsellor sees the new status.
    page = log_in(site, counsellor.email)
    site.check_accessibility()
    go_to_from_sidemenu(page, "Mes orientations")
    site.check_accessibility()
    expect(page.get_by_role("row").filter(has_text=request.reference)).to_contain_text("jeune contacté·e")
    shot(page, "list", viewport)


def test_from_a_request_the_counsellor_orients_the_youth_to_a_partner(site, viewport, partners):
    counsellor = partners["counsellor"]
    own_offer = OfferFactory(
        organisation=partners["mission_locale"],
        theme=Theme.objects.get(slug="emploi"),
        territories=list(partners["mission_locale"].territories.all()),
        title="Accompagnement vers l’emploi",
    )
    handled = orient_youth_here(own_offer)

    page = log_in(site, counsellor.email)
    site.check_accessibility()
    page = site.goto(reverse("backoffice:request", args=[handled.pk]))
    page.get_by_role("link", name="Orienter aussi vers l’offre d’une autre structure").click()
    site.check_accessibility()
    shot(page, "from-request", viewport)
    page.get_by_role("link", name="Orienter vers cette offre").click()
    site.check_accessibility()
    expect(page.get_by_label("Son adresse e-mail")).to_have_value("sam@example.fr")
    expect(page.get_by_label("Commune où il ou elle habite")).to_have_value("Reims (51)")
    shot(page, "form", viewport)


def orient_youth_here(offer):
    """A youth's own request to the Mission locale, which the counsellor handles."""
    from tests.contact_requests.factories import make_request

    return make_request(offer, now=timezone.now(), email="sam@example.fr", phone=None, first_name="Sam")


def test_the_animator_sees_the_network_and_the_public_its_total(site, viewport, partners):
    mission_locale, offer, counsellor = partners["mission_locale"], partners["offer"], partners["counsellor"]
    start = timezone.now() - datetime.timedelta(days=2)
    for number in range(12):
        request, _ = orient_youth(
            by=counsellor,
            organisation=mission_locale,
            offer=offer,
            commune=Commune.objects.get(insee_code="51454"),
            contact=Contact(
                first_name="", email=f"j{number}@example.fr", phone=None, preferred_channel="email", message=""
            ),
            consent=True,
            submission_key=uuid.uuid4(),
            now=start + datetime.timedelta(minutes=number),
        )
        if number < 4:
            request.mark_contacted(by=partners["receiver"], at=request.created_at, channel="phone")
            request.close(by=partners["receiver"], outcome=Outcome.SERVICE_MOBILISED)

    page = log_in(site, partners["animator"].email)
    site.check_accessibility()
    go_to_from_sidemenu(page, "Statistiques")
    site.check_accessibility()
    table = page.get_by_role("table", name="Orientations entre partenaires")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Mission locale de Reims")
    expect(table.get_by_role("row").nth(1)).to_contain_text("12")
    expect(table.get_by_role("row").nth(1)).to_contain_text("moins de 10")
    assert page.evaluate(NETWORK_CELLS_OUTSIDE_SCRIPT) == []
    page.get_by_role("heading", name="Orientations entre partenaires").scroll_into_view_if_needed()
    shot(page, "statistics", viewport, full_page=False)
    log_out(site)

    page = site.goto(reverse("stats:public"))
    expect(page.get_by_role("main")).to_contain_text("Parmi les demandes de contact, 12 ont été faites")
    shot(page, "public-statistics", viewport)

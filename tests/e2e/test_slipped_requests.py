"""The territorial animator catches a request that slipped and hands it to another organisation."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contact_requests.enums import EventKind, RequestStatus
from notifications.models import Email
from questionnaires.models import Theme
from territories.models import Commune
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import REIMS, mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import alert, click_label, log_in
from tests.offers.factories import OfferFactory, OrganisationFactory

YOUTH_EMAIL = "lea.martin@example.fr"


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("emploi", "logement")


def test_the_animator_reassigns_an_overdue_request(site, grand_reims):
    emploi, logement = Theme.objects.get(slug="emploi"), Theme.objects.get(slug="logement")
    reims = Commune.objects.get(insee_code=REIMS)
    mission_locale = mission_locale_of(grand_reims)
    sign_charter(mission_locale, make_member(mission_locale, role="admin", email="direction@ml-reims.example.fr"))
    silent_offer = OfferFactory(
        organisation=mission_locale, theme=emploi, territories=[grand_reims], title="Trouver un emploi", delay_days=2
    )
    bij = OrganisationFactory(name="BIJ de Reims", email="bij@reims.example.fr")
    sign_charter(bij, make_member(bij, role="admin"))
    job_offer = OfferFactory(organisation=bij, theme=emploi, communes=[reims], title="Job d’été au BIJ", delay_days=3)
    habitat = OrganisationFactory(name="Habitat jeunes Marne")
    sign_charter(habitat, make_member(habitat, role="admin"))
    housing = OfferFactory(
        organisation=habitat,
        theme=logement,
        departments=[reims.department_id],
        title="Un logement pour démarrer",
    )
    request = make_request(
        silent_offer, now=timezone.now() - datetime.timedelta(days=10), email=YOUTH_EMAIL, phone=None
    )
    animator = get_user_model().objects.create_user(
        email="nadia@boussole-reims.example.fr", password=PASSWORD, first_name="Nadia", last_name="Animatrice"
    )
    grand_reims.animators.add(animator)

    page = log_in(site, animator.email)

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page.get_by_role("link", name="1 demande en retard ou signalée").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:slipped_requests"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes en retard ou signalées")
    card = page.locator("li.boussole-box").filter(has_text=request.reference)
    expect(card).to_contain_text("Mission locale de Reims")
    expect(card.get_by_role("link", name="direction@ml-reims.example.fr")).to_be_visible()
    card.get_by_role("link", name=f"Demande {request.reference}").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:request", args=[request.pk]))
    site.check_accessibility()
    expect(page.locator("h1 + p .fr-badge").filter(has_text="En retard")).to_be_visible()
    page.get_by_role("link", name="Réaffecter à une autre offre").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:request_reassign", args=[request.pk]))
    site.check_accessibility()
    choices = page.get_by_role("group", name="Offre qui reçoit la demande")
    expect(choices.get_by_role("radio")).to_have_count(2)
    housing_label = page.locator(f"label[for='offer-{housing.pk}']")
    expect(housing_label).to_contain_text("Thème : Logement")
    expect(housing_label).to_contain_text("Autre thème que la demande")
    # Choosing another theme asks to confirm first.
    click_label(page, "radio", re.compile("^Un logement pour démarrer"))
    page.get_by_role("button", name="Réaffecter la demande").click()

    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("cochez la case pour confirmer")
    click_label(page, "radio", re.compile("^Job d’été au BIJ"))
    page.get_by_role("textbox", name=re.compile("Note pour la structure")).fill("La Mission locale ne répond pas.")
    page.get_by_role("button", name="Réaffecter la demande").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:request_handed_over", args=[request.pk]))
    site.check_accessibility()
    expect(alert(page)).to_contain_text(f"vous avez transmis la demande {request.reference}")
    expect(alert(page)).to_contain_text("à BIJ de Reims, pour son offre « Job d’été au BIJ »")
    page.get_by_role("link", name="Voir la demande").click()

    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("La Mission locale ne répond pas.")
    request.refresh_from_db()
    assert (request.offer, request.status) == (job_offer, RequestStatus.NEW)
    assert request.events.get(kind=EventKind.TRANSFERRED).actor == animator
    assert Email.objects.get(kind="contact_request_handed_over").recipients == ["bij@reims.example.fr"]
    assert Email.objects.get(kind="contact_request_transferred").recipients == [YOUTH_EMAIL]

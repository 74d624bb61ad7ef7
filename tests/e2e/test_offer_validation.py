"""An organisation's administrator submits an offer; the territory's animator publishes it; youths find it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Email
from offers.enums import OfferStatus
from organisations.enums import MemberRole
from questionnaires.models import Theme
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.e2e.conftest import mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import alert, go_to_from_sidemenu, log_in, log_out
from tests.offers.factories import OfferFactory

TITLE = "Préparer ton premier entretien d’embauche"


@pytest.fixture
def grand_reims(transactional_db):
    return open_grand_reims("emploi")


def test_the_administrator_submits_an_offer_that_the_animator_publishes(site, grand_reims):
    organisation = mission_locale_of(grand_reims)
    admin = make_member(organisation, role=MemberRole.ADMIN, email="direction@ml-reims.example.fr")
    sign_charter(organisation, admin)
    animator = get_user_model().objects.create_user(email="nadia@grand-reims.example.fr", password=PASSWORD)
    grand_reims.animators.add(animator)
    offer = OfferFactory(
        organisation=organisation,
        theme=Theme.objects.get(slug="emploi"),
        territories=[grand_reims],
        title=TITLE,
        draft=True,
    )

    page = log_in(site, admin.email)
    site.check_accessibility()
    go_to_from_sidemenu(page, "Vos offres")
    site.check_accessibility()
    page.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_edit", args=[offer.pk]))
    site.check_accessibility()
    page.get_by_role("button", name="Envoyer pour validation").click()

    expect(alert(page)).to_contain_text("L’offre est envoyée pour validation.")
    expect(alert(page)).to_contain_text("Vous recevrez un e-mail dans les deux cas.")
    site.check_accessibility()
    expect(page.locator("h1 + .fr-badge")).to_have_text("À valider")
    log_out(site)

    page = log_in(site, animator.email)
    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    page.get_by_role("link", name="1 offre à valider").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_validation_list"))
    site.check_accessibility()
    row = page.get_by_role("row", name=re.compile(TITLE))
    expect(row).to_contain_text(organisation.name)
    expect(row.locator(".fr-badge")).to_have_text("Nouvelle offre")
    row.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_review", args=[offer.pk]))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Valider l’offre « {TITLE} »")
    # Sending back without a word is refused, next to the field.
    page.get_by_role("button", name="Renvoyer l’offre").click()
    site.check_accessibility()
    expect(page.get_by_role("main")).to_contain_text("ce commentaire est obligatoire")
    page.get_by_role("button", name="Publier l’offre").click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:offer_validation_list"))
    site.check_accessibility()
    expect(alert(page)).to_have_text(
        f"L’offre « {TITLE} » est publiée : les jeunes la voient dès maintenant. La structure est prévenue par e-mail."
    )
    expect(page.get_by_role("main")).to_contain_text("Aucune offre n’attend votre validation")
    log_out(site)

    page = site.goto(offer.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    email = Email.objects.get(kind="offer_published")
    assert email.recipients == [admin.email]

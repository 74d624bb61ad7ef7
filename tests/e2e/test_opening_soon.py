"""A commune of an engaged territory: "bientôt", the national offers and the regional Info Jeunes, and the form to be
told when the Boussole opens there, on a phone and a desktop, with and without JavaScript."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import Email
from organisations.enums import OrganisationKind
from questionnaires.models import Theme
from territories.models import OpeningAlert
from tests.backoffice.factories import PASSWORD
from tests.e2e.conftest import REIMS, assert_fits_the_width, click_button
from tests.e2e.test_professional_space import log_in
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

NO_CONSENT = "Coche cette case pour qu’on puisse te prévenir."
STAFF = "national@jeunesse.gouv.fr"
BAD_EMAIL = "Cette adresse e-mail n’est pas complète : vérifie le format nom@domaine.fr."


@pytest.fixture
def engaged(transactional_db):
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())
    territory = TerritoryFactory(
        name="Grand Reims", communes=[REIMS], engaged=True, opening_date=datetime.date(2027, 4, 15)
    )
    OfferFactory(
        theme=Theme.objects.get(slug="sante"),
        title="Fil Santé Jeunes : parler anonymement",
        national=True,
        criteria={},
    )
    OrganisationFactory(
        name="Info Jeunes Grand Est",
        kind=OrganisationKind.INFO_JEUNES,
        address="1 rue de la Région",
        phone="03 26 00 22 30",
    )
    return territory


def be_told_of_the_opening(site):
    page = site.goto(reverse("offers:commune", args=[REIMS]))

    site.check_accessibility()
    expect(page.get_by_role("heading", name="La Boussole arrive bientôt à Reims")).to_be_visible()
    expect(page.locator(".fr-callout")).to_contain_text("prévue le 15 avril 2027")
    expect(page.get_by_role("link", name=re.compile("^Santé"))).to_be_visible()
    expect(page.get_by_text("Info Jeunes Grand Est")).to_be_visible()
    assert_fits_the_width(page)
    click_button(page, "Me prévenir de l’ouverture")

    expect(page).to_have_url(re.compile(rf"/communes/{REIMS}/prevenez-moi/$"))
    site.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Être prévenu·e de l’ouverture à Reims")
    assert_fits_the_width(page)
    email = page.get_by_role("textbox", name="Ton adresse e-mail")
    consent = page.get_by_role("checkbox", name=re.compile("^J’accepte que la Boussole garde mon adresse"))
    email.fill("lea@example")
    click_button(page, "Me prévenir")

    expect(page).to_have_title(re.compile(r"^Erreur : Être prévenu·e de l’ouverture à Reims"))
    site.check_accessibility()
    expect(page.locator("#erreurs")).to_contain_text("Ton inscription n’est pas encore enregistrée")
    expect(page.locator("#id_email-desc-error")).to_have_text(BAD_EMAIL)
    expect(page.locator("#id_consent-desc-error")).to_have_text(NO_CONSENT)
    expect(email).to_have_value("lea@example")
    assert_fits_the_width(page)
    assert not OpeningAlert.objects.exists()

    email.fill("lea@example.fr")
    # The label holds a link: the box is ticked with the keyboard, not by clicking the middle of its label.
    consent.press("Space")
    expect(consent).to_be_checked()
    click_button(page, "Me prévenir")

    expect(page).to_have_url(re.compile(rf"/communes/{REIMS}/prevenez-moi/\?inscription=1$"))
    site.check_accessibility()
    expect(page.get_by_role("status")).to_contain_text("tu recevras un seul message")
    assert_fits_the_width(page)
    [alert] = OpeningAlert.objects.all()
    assert (alert.email, alert.territory.name) == ("lea@example.fr", "Grand Reims")


def test_a_commune_of_an_engaged_territory_and_its_form(site, engaged):
    be_told_of_the_opening(site)


def test_a_commune_of_an_engaged_territory_and_its_form_without_javascript(site_without_js, engaged):
    be_told_of_the_opening(site_without_js)


def test_national_staff_open_the_territory_once_it_is_ready(site, engaged):
    get_user_model().objects.create_user(email=STAFF, password=PASSWORD, is_staff=True)
    OpeningAlert.objects.register(territory=engaged, email="lea@example.fr", at=timezone.now())
    log_in(site, STAFF)
    expect(site.page).to_have_url(re.compile(r"/espace-pro/"))
    site.check_accessibility()
    page = site.goto(reverse("backoffice:territory_settings", args=[engaged.pk]))

    site.check_accessibility()
    missing = page.get_by_role("region", name="Ouverture aux jeunes")
    expect(missing).to_contain_text("1 jeune attend l’ouverture")
    expect(missing).to_contain_text("Aucune structure active du territoire n’a signé la charte")
    click_button(page, "Ouvrir le territoire aux jeunes")

    expect(page.get_by_role("status")).to_contain_text("Grand Reims n’est pas encore prêt à ouvrir")
    site.check_accessibility()
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[engaged], signed_charter=True)
    for theme in engaged.themes.all():
        OfferFactory(theme=theme, organisation=organisation, territories=[engaged])
    page.reload()
    site.check_accessibility()
    expect(page.get_by_role("region", name="Ouverture aux jeunes")).to_contain_text("Le territoire est prêt")
    click_button(page, "Ouvrir le territoire aux jeunes")

    expect(page.get_by_role("status")).to_contain_text("Grand Reims est ouvert aux jeunes depuis aujourd’hui.")
    site.check_accessibility()
    assert_fits_the_width(page)
    [email] = Email.objects.filter(kind="territory_opened")
    assert email.recipients == ["lea@example.fr"]
    assert not OpeningAlert.objects.exists()

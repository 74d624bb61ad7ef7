"""Statistics: an animator reads their territory's figures and downloads an export; anybody reads the public page."""

import datetime
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contact_requests.enums import EventKind
from contact_requests.models import RequestEvent
from questionnaires.models import Theme
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import go_to_from_sidemenu, log_in
from tests.offers.factories import OfferFactory

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_animator_reads_the_statistics_of_their_territory_and_downloads_the_requests(site, transactional_db):
    grand_reims = open_grand_reims("emploi")
    organisation = mission_locale_of(grand_reims)
    sign_charter(organisation, make_member(organisation, role="admin"))
    offer = OfferFactory(organisation=organisation, theme=Theme.objects.get(slug="emploi"), territories=[grand_reims])
    animator = get_user_model().objects.create_user(email="animatrice@example.fr", password=PASSWORD)
    grand_reims.animators.add(animator)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    first = make_request(offer, now=yesterday, email="lea@example.fr", phone=None)
    make_request(offer, now=yesterday, email="noah@example.fr", phone=None)
    first.mark_contacted(by=animator, at=timezone.now(), channel="phone")

    page = log_in(site, animator.email)
    site.check_accessibility()
    go_to_from_sidemenu(page, "Statistiques")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques — Grand Reims")
    site.check_accessibility()
    expect(page.get_by_role("table", name="Demandes reçues par thème")).to_contain_text("Emploi")
    expect(page.get_by_role("table", name="Demandes reçues par structure")).to_contain_text("Mission locale de Reims")
    assert fits_the_screen(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les demandes (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")

    assert content.startswith("\ufeffRéférence;Reçue le;")
    assert first.reference in content and "lea@example.fr" in content
    assert RequestEvent.objects.filter(kind=EventKind.VIEWED, actor=animator, data__export=True).count() == 2


def test_the_public_statistics_page_without_javascript(site_without_js, transactional_db):
    open_grand_reims("emploi")

    page = site_without_js.goto(reverse("stats:public"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques de la Boussole des jeunes")
    expect(page.get_by_role("heading", level=3, name="Grand Reims")).to_be_visible()
    expect(page.get_by_text("Thèmes ouverts : Emploi")).to_be_visible()
    assert fits_the_screen(page)


def test_national_staff_compare_the_territories_and_download_the_table(site, viewport, transactional_db):
    grand_reims = open_grand_reims("emploi")
    organisation = mission_locale_of(grand_reims, signed_charter=True)
    OfferFactory(organisation=organisation, theme=Theme.objects.get(slug="emploi"), territories=[grand_reims])
    staff = get_user_model().objects.create_user(email="equipe@jeunesse.gouv.fr", password=PASSWORD, is_staff=True)

    page = log_in(site, staff.email)
    site.check_accessibility()
    page.goto(site.base_url + reverse("backoffice:statistics", args=["france"]))
    site.check_accessibility()
    page.get_by_role("link", name="Voir tous les territoires côte à côte").click()
    site.check_accessibility()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/territoires-{viewport['width']}.png", full_page=True)
    row = page.get_by_role("row", name="Grand Reims")
    expect(row).to_contain_text("ouvert")
    assert [cell.inner_text() for cell in row.get_by_role("cell").all()][2:4] == ["1", "1"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger ce tableau (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("\ufeffTerritoire;État;Date d’ouverture;")
    assert "Grand Reims;ouvert;;1;1;0;0;0;" in content

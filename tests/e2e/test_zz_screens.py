import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from contact_requests.enums import EventKind
from notifications.models import Sms
from tests.backoffice.factories import PASSWORD
from tests.contact_requests.conftest import clock  # noqa: F401
from tests.e2e.conftest import REIMS, VIEWPORTS
from tests.e2e.test_contact_request import answer_questionnaire, click_label
from tests.e2e.test_contact_request import offer  # noqa: F401
from tests.e2e.test_professional_space import log_in
from tests.e2e.test_undelivered_messages import bounced_request  # noqa: F401
from tests.notifications.factories import SmsFactory

OUT = Path("/tmp/smsyouth_screens")
OUT.mkdir(exist_ok=True)


@pytest.mark.parametrize("name", ["mobile", "desktop"])
def test_screens_youth(browser, live_server, offer, clock, name):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[name], locale="fr-FR")
    page = context.new_page()
    from tests.e2e.conftest import CheckedPage

    site = CheckedPage(page, live_server.url)
    answer_questionnaire(site)
    page.goto(live_server.url + f"/offres/{offer.pk}/demande/?commune={REIMS}")
    email = page.get_by_role("textbox", name="Ton adresse e-mail")
    email.fill("prenom@gmial.com")
    email.press("Tab")
    page.wait_for_timeout(300)
    page.screenshot(path=OUT / f"form_js_{name}.png", full_page=True)
    click_label(page, "radio", "Par e-mail")
    page.get_by_role("checkbox", name="J’accepte que mes coordonnées").press("Space")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state("load")
    page.screenshot(path=OUT / f"form_server_{name}.png", full_page=True)
    email.fill("")
    page.get_by_role("textbox", name="Ton numéro de portable").fill("06 12 34 56 78")
    click_label(page, "radio", "Par SMS")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state("load")
    page.screenshot(path=OUT / f"sent_{name}.png", full_page=True)
    clock.set(clock.now.replace(hour=22))
    page.reload()
    page.screenshot(path=OUT / f"sent_night_{name}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("name", ["mobile", "desktop"])
def test_screens_pro(browser, live_server, bounced_request, name):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[name], locale="fr-FR")
    page = context.new_page()
    from tests.e2e.conftest import CheckedPage

    site = CheckedPage(page, live_server.url)
    bounced_request.log(EventKind.YOUTH_UNDELIVERED, channel="sms", message_kind="contact_request_acknowledgement")
    log_in(site, "nadia@boussole-reims.example.fr")
    page.wait_for_load_state("load")
    page.screenshot(path=OUT / f"home_{name}.png", full_page=True)
    page.goto(live_server.url + f"/espace-pro/demandes/{bounced_request.pk}/")
    page.screenshot(path=OUT / f"request_{name}.png", full_page=True)
    page.locator("dl.boussole-answers").first.screenshot(path=OUT / f"request_youth_{name}.png")
    page.locator("h2:has-text('Historique') + ul").screenshot(path=OUT / f"request_history_{name}.png")
    get_user_model().objects.create_superuser(email="admin@example.fr", password=PASSWORD)
    for months in range(3):
        for slug in ("grand-reims", "essonne"):
            for _ in range(2):
                SmsFactory(
                    sent=True, charged_to=slug, created_at=timezone.now() - datetime.timedelta(days=31 * months)
                )
    assert Sms.objects.count()
    page.goto(live_server.url + "/espace-pro/deconnexion/")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin@example.fr")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state("load")
    page.goto(live_server.url + "/admin/notifications/sms/")
    page.screenshot(path=OUT / f"admin_sms_{name}.png", full_page=True)
    context.close()

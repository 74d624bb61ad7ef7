"""What never arrived, in the professional space: the animator's home lists the requests whose alert bounced, and the
request page says the youth's e-mail was not delivered."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from contact_requests.enums import EventKind
from questionnaires.models import Theme
from tests.backoffice.factories import PASSWORD, make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.e2e.conftest import mission_locale_of, open_grand_reims
from tests.e2e.test_professional_space import log_in
from tests.offers.factories import OfferFactory


@pytest.fixture
def bounced_request(transactional_db):
    grand_reims = open_grand_reims("emploi")
    mission_locale = mission_locale_of(grand_reims)
    sign_charter(mission_locale, make_member(mission_locale, role="admin", email="direction@ml-reims.example.fr"))
    offer = OfferFactory(
        organisation=mission_locale, theme=Theme.objects.get(slug="emploi"), territories=[grand_reims], delay_days=2
    )
    request = make_request(offer, now=timezone.now(), email="lea.martin@exemple.fr", phone="+33612345678")
    # As the providers' webhooks record them (tests/contact_requests/test_undelivered.py posts them).
    request.log(
        EventKind.ALERT_UNDELIVERED,
        address="une-adresse-de-structure-tres-longue@mission-locale-de-reims.example.fr",
        rerouted_to=["direction@ml-reims.example.fr"],
        to_animators=False,
    )
    request.log(EventKind.YOUTH_UNDELIVERED, channel="email", message_kind="contact_request_acknowledgement")
    animator = get_user_model().objects.create_user(email="nadia@boussole-reims.example.fr", password=PASSWORD)
    grand_reims.animators.add(animator)
    return request


def test_the_animator_sees_the_bounced_alert_and_the_undelivered_email(site, bounced_request):
    request = bounced_request

    page = log_in(site, "nadia@boussole-reims.example.fr")

    expect(page).to_have_url(site.base_url + reverse("backoffice:home"))
    site.check_accessibility()
    alert = page.locator(".fr-alert--warning")
    expect(alert.get_by_role("heading")).to_have_text("1 alerte non remise à des structures")
    expect(alert).to_contain_text("une-adresse-de-structure-tres-longue@mission-locale-de-reims.example.fr")
    expect(alert).to_contain_text("(transmise aux membres de la structure)")
    alert.get_by_role("link", name=request.reference).click()

    expect(page).to_have_url(site.base_url + reverse("backoffice:request", args=[request.pk]))
    site.check_accessibility()
    main = page.get_by_role("main")
    expect(main).to_contain_text("L’e-mail du ou de la jeune n’a pas été remis : son adresse est peut-être fausse.")
    expect(main).to_contain_text("Les messages de la Boussole lui sont envoyés par SMS à la place.")
    expect(main).to_contain_text("alerte non remise à la structure")

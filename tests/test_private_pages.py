"""What browsers and proxies may keep, the site's 405 page, and what Django's own warnings write in the logs."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organisations.enums import MemberRole
from tests.backoffice.factories import make_member
from tests.contact_requests.conftest import offer, territory  # noqa: F401 — fixtures
from tests.contact_requests.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth_request(offer):  # noqa: F811
    return make_request(offer, now=timezone.now())


@pytest.fixture
def administrator_client(client, offer):  # noqa: F811
    administrator = make_member(offer.organisation, role=MemberRole.ADMIN)
    client.force_login(administrator)
    return client


def test_pages_with_personal_data_are_kept_by_no_browser_nor_proxy(client, administrator_client, youth_request):
    tracking = Client().get(youth_request.tracking_url())
    request_page = administrator_client.get(reverse("backoffice:request", args=[youth_request.pk]))
    scope = f"structure-{youth_request.organisation_id}"
    export = administrator_client.get(reverse("backoffice:statistics_export", args=[scope, "demandes"]))

    for response in (tracking, request_page, export):
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" in Client().get(reverse("home"))["Cache-Control"]


def test_a_method_a_page_does_not_take_gets_the_site_s_french_page(client):
    response = client.post(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "<h1>Action impossible sur cette page</h1>" in html and 'class="fr-header' in html


def test_no_tracking_token_in_django_s_warnings(youth_request, caplog):
    token = youth_request.tracking_token()
    csrf_checking = Client(enforce_csrf_checks=True)

    with caplog.at_level(logging.INFO):
        assert csrf_checking.post(reverse("contact_requests:youth_action", args=[token, "annuler"])).status_code == 403
        assert Client().put(youth_request.tracking_url()).status_code == 405
        assert Client().get(f"/suivi/{token}/inconnu/de/plus/").status_code == 404

    assert len(caplog.records) >= 3
    assert token not in caplog.text
    assert "/suivi/[masqué]" in caplog.text


def test_no_short_link_in_django_s_warnings(youth_request, caplog):
    from contact_requests.short_links import short_url

    url = short_url(youth_request, now=timezone.now())
    token = url.rsplit("/", 1)[1]

    with caplog.at_level(logging.INFO):
        assert Client().post(f"/s/{token}").status_code == 405
        assert Client().get(f"/s/{token}/de/plus/").status_code == 404

    assert len(caplog.records) >= 2
    assert token not in caplog.text
    assert "/s/[masqué]" in caplog.text

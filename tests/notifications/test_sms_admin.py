import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.enums import DeliveryStatus, MessageStatus
from tests.notifications.factories import SmsFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_sms_changelist")
PARIS = ZoneInfo("Europe/Paris")


def test_failed_sms_are_listed_with_their_error_and_no_live_link(admin_client):
    failed = SmsFactory(failed=True, recipient="+33612345678")
    SmsFactory(sent=True, recipient="+33698765432")

    listing = admin_client.get(CHANGELIST, {"status__exact": "failed"}).content.decode()

    assert "+33612345678" in listing
    assert "+33698765432" not in listing
    detail = admin_client.get(reverse("admin:notifications_sms_change", args=[failed.pk])).content.decode()
    assert "Brevo a répondu 402 : not_enough_credits Not enough credits to send SMS" in detail
    assert "Ta demande est bien enregistrée. Suis-la ici : [lien personnel masqué]" in detail
    assert "Ab12Cd34Ef56" not in detail
    assert 'name="body"' not in detail  # read-only: shown, not editable


def test_undelivered_sms_are_found_by_their_delivery_report(admin_client):
    SmsFactory(sent=True, recipient="+33611111111", delivery_status=DeliveryStatus.BOUNCED)
    SmsFactory(sent=True, recipient="+33622222222", delivery_status=DeliveryStatus.DELIVERED)

    listing = admin_client.get(CHANGELIST, {"delivery_status__exact": "bounced"}).content.decode()

    assert "+33611111111" in listing
    assert "+33622222222" not in listing


def test_the_resend_action_puts_failed_sms_back_in_the_queue_and_sends_them(
    admin_client, sms_provider, django_capture_on_commit_callbacks
):
    failed = SmsFactory(failed=True)
    sent = SmsFactory(sent=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "resend", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )

    assert "1 SMS en échec remis dans la file d’envoi." in response.content.decode()
    assert [received.body["recipient"] for received in sms_provider.received] == [failed.recipient.removeprefix("+")]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (MessageStatus.SENT, 1)


def test_the_resend_action_says_when_nothing_was_failed(admin_client, django_capture_on_commit_callbacks):
    queued = SmsFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(CHANGELIST, {"action": "resend", "_selected_action": [queued.pk]}, follow=True)

    assert "Aucun SMS en échec dans la sélection : rien à renvoyer." in response.content.decode()
    assert callbacks == []


def test_an_sms_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:notifications_sms_add")).status_code == 403


def test_the_list_makes_as_many_queries_for_many_sms_as_for_one(admin_client):
    SmsFactory(failed=True)
    admin_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(CHANGELIST)
    SmsFactory.create_batch(10, failed=True)
    SmsFactory.create_batch(10, sent=True)

    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(CHANGELIST)

    assert response.content.decode().count('class="field-recipient"') == 21
    assert len(many) == len(one)


def test_the_list_counts_sms_and_billed_segments_per_budget_and_month(admin_client):
    december = datetime.datetime(2025, 12, 10, 12, 0, tzinfo=PARIS)
    january = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=PARIS)
    SmsFactory.create_batch(2, sent=True, charged_to="grand-reims", created_at=december)
    SmsFactory(sent=True, charged_to="grand-reims", created_at=december, segments=2)
    # Refused before it left: written, not billed.
    SmsFactory(failed=True, charged_to="grand-reims", created_at=december)
    SmsFactory(charged_to="grand-reims", created_at=january)
    SmsFactory(sent=True, charged_to="essonne", created_at=december)

    html = admin_client.get(CHANGELIST).content.decode()

    assert costs(html) == [
        ["janvier 2026", "grand-reims", "1", "1", "1"],
        ["décembre 2025", "essonne", "1", "1", "1"],
        ["décembre 2025", "grand-reims", "4", "3", "4"],
    ]
    assert 'href="?charged_to=grand-reims"' in html
    filtered = admin_client.get(CHANGELIST, {"charged_to": "essonne"}).content.decode()
    assert costs(filtered) == [["décembre 2025", "essonne", "1", "1", "1"]]


def costs(html: str) -> list[list[str]]:
    table = html.split('<table id="sms-costs">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [[cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]

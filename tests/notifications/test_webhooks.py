"""What the providers report after sending, with their documented payloads: Brevo's e-mail tracking events (through
django-anymail) and its SMS delivery reports. A forged report gets 403 and changes nothing."""

import base64
import datetime
import json

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.enums import DeliveryStatus, MessageStatus
from notifications.models import Sms
from notifications.signals import message_undelivered
from notifications.tasks import delivery_report_url, requeue_unsent_sms_at
from tests.notifications.factories import EmailFactory
from tests.notifications.sms import DAYTIME, AcknowledgementSms, zone_where_it_is
from tests.sms_provider import Received

pytestmark = pytest.mark.django_db

EMAIL_WEBHOOK = "/anymail/brevo/tracking/"
SECRET = "brevo:un-secret-de-webhook-de-test"
BREVO_MESSAGE_ID = "<201803011158.9876543210@smtp-relay.mailin.fr>"


def basic_auth(credentials: str) -> str:
    return "Basic " + base64.b64encode(credentials.encode()).decode()


@pytest.fixture
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def undelivered():
    """What domain apps will receive: (model, message, recipient) for each message that never arrived."""
    received = []

    def receiver(sender, message, recipient, **kwargs):
        received.append((sender, message.pk, recipient))

    message_undelivered.connect(receiver, dispatch_uid="test-undelivered")
    yield received
    message_undelivered.disconnect(dispatch_uid="test-undelivered")


def brevo_event(event: str, *, email="ml@reims.example.fr", message_id=BREVO_MESSAGE_ID, **extra) -> dict:
    """A Brevo transactional e-mail webhook, as its documentation and anymail's tests show it."""
    return {
        "event": event,
        "email": email,
        "id": 9999999,
        "date": "2026-03-10 11:10:23",
        "ts": 1773137423,
        "message-id": message_id,
        "ts_event": 1773137423,
        "subject": "Nouvelle demande de contact",
        "ts_epoch": 1773137423000,
        "tags": ["contact_request_alert"],
        **extra,
    }


def post_event(client, payload, credentials=SECRET):
    headers = {"HTTP_AUTHORIZATION": basic_auth(credentials)} if credentials else {}
    return client.post(EMAIL_WEBHOOK, data=json.dumps(payload), content_type="application/json", **headers)


def test_a_hard_bounce_marks_the_email_and_tells_the_domain_apps_once(client, webhook_secret, undelivered):
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID, recipients=["ml@reims.example.fr", "b@c.fr"])
    bounce = brevo_event(
        "hard_bounce", reason=" RecipientError: 550 5.5.0 Requested action not taken: mailbox unavailable."
    )

    assert post_event(client, bounce).status_code == 200
    # Brevo may post the same event again: the domain apps hear of it once.
    assert post_event(client, bounce).status_code == 200

    email.refresh_from_db()
    assert email.delivery_status == DeliveryStatus.BOUNCED
    assert email.undelivered_to == ["ml@reims.example.fr"]
    assert email.delivery_reported_at is not None
    assert email.status == MessageStatus.SENT
    assert undelivered == [(type(email), email.pk, "ml@reims.example.fr")]


@pytest.mark.parametrize(
    ("event", "status", "told"),
    [
        ("delivered", DeliveryStatus.DELIVERED, False),
        ("soft_bounce", DeliveryStatus.BOUNCED, True),
        ("invalid_email", DeliveryStatus.BOUNCED, True),
        ("blocked", DeliveryStatus.REJECTED, True),
        ("error", DeliveryStatus.REJECTED, True),
        ("spam", DeliveryStatus.COMPLAINED, False),
        ("complaint", DeliveryStatus.COMPLAINED, False),
    ],
)
def test_each_brevo_event_is_recorded(client, webhook_secret, undelivered, event, status, told):
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID)

    post_event(client, brevo_event(event))

    email.refresh_from_db()
    assert email.delivery_status == status
    assert bool(undelivered) is told


def test_opens_and_clicks_change_nothing(client, webhook_secret, undelivered):
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID)

    for event in ("request", "unique_opened", "click"):
        assert post_event(client, brevo_event(event)).status_code == 200

    email.refresh_from_db()
    assert (email.delivery_status, email.delivery_reported_at) == ("", None)


def test_a_bounce_does_not_become_a_delivery_when_a_late_event_says_delivered(client, webhook_secret):
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID, recipients=["a@b.fr", "c@d.fr"])

    post_event(client, brevo_event("hard_bounce", email="a@b.fr"))
    post_event(client, brevo_event("delivered", email="c@d.fr"))

    email.refresh_from_db()
    assert (email.delivery_status, email.undelivered_to) == (DeliveryStatus.BOUNCED, ["a@b.fr"])


def test_the_message_id_is_matched_with_or_without_its_angle_brackets(client, webhook_secret):
    email = EmailFactory(sent=True, provider_message_id="<201798300811.5787683@relay.domain.com>")

    post_event(client, brevo_event("complaint", message_id="201798300811.5787683@relay.domain.com"))

    email.refresh_from_db()
    assert email.delivery_status == DeliveryStatus.COMPLAINED


def test_an_event_about_an_unknown_email_is_acknowledged_and_changes_nothing(client, webhook_secret, undelivered):
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID)

    response = post_event(client, brevo_event("hard_bounce", message_id="<autre@smtp-relay.mailin.fr>"))

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.delivery_status == ""
    assert undelivered == []


@pytest.mark.parametrize("credentials", ["brevo:un-autre-secret", "", "brevo"])
def test_a_forged_email_event_is_refused_and_changes_nothing(client, webhook_secret, undelivered, credentials):
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID)

    response = post_event(client, brevo_event("hard_bounce"), credentials=credentials)

    assert response.status_code == 403
    email.refresh_from_db()
    assert email.delivery_status == ""
    assert undelivered == []


def test_without_a_webhook_secret_the_email_webhook_refuses_everything(client, settings):
    settings.ANYMAIL = {key: value for key, value in settings.ANYMAIL.items() if key != "WEBHOOK_SECRET"}
    email = EmailFactory(sent=True, provider_message_id=BREVO_MESSAGE_ID)

    assert post_event(client, brevo_event("hard_bounce")).status_code == 403
    assert post_event(client, brevo_event("hard_bounce"), credentials="").status_code == 403

    email.refresh_from_db()
    assert email.delivery_status == ""


@pytest.fixture
def sent_sms(sms_provider, django_capture_on_commit_callbacks):
    """An SMS sent through the local Brevo, and what Brevo received."""
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            sms = AcknowledgementSms(to="06 12 34 56 78", time_zone=zone_where_it_is(DAYTIME)).queue()
    [received] = sms_provider.received
    return sms, received


def post_report(client, path, payload):
    return client.post(path, data=json.dumps(payload), content_type="application/json")


def test_a_delivered_sms_is_marked_delivered(client, sms_provider, sent_sms, undelivered):
    sms, received = sent_sms
    path, report = sms_provider.report(received, "delivered")

    assert post_report(client, path, report).status_code == 200

    sms.refresh_from_db()
    assert (sms.status, sms.delivery_status) == (MessageStatus.SENT, DeliveryStatus.DELIVERED)
    assert undelivered == []


@pytest.mark.parametrize("msg_status", ["hard_bounce", "soft_bounce"])
def test_an_sms_that_bounced_is_marked_and_the_domain_apps_are_told_once(
    client, sms_provider, sent_sms, undelivered, msg_status
):
    sms, received = sent_sms
    path, report = sms_provider.report(received, msg_status)

    post_report(client, path, report)
    post_report(client, path, report)

    sms.refresh_from_db()
    assert sms.delivery_status == DeliveryStatus.BOUNCED
    assert undelivered == [(Sms, sms.pk, "+33612345678")]


def test_an_sms_report_is_matched_by_the_message_id_when_its_address_has_no_key(client, sms_provider, sent_sms):
    sms, received = sent_sms
    path, report = sms_provider.report(received, "hard_bounce")

    post_report(client, path.split("?")[0], report)

    sms.refresh_from_db()
    assert sms.delivery_status == DeliveryStatus.BOUNCED


def test_the_report_of_an_interrupted_sms_says_it_was_sent_after_all(client, sms_provider, undelivered):
    sms = AcknowledgementSms(to="06 12 34 56 78", time_zone=zone_where_it_is(DAYTIME)).queue()
    # Its worker died while Brevo had it (see test_sms_worker.py): given up by the sweep, not sent again.
    sms.start_attempt(at=timezone.now() - datetime.timedelta(minutes=10))
    requeue_unsent_sms_at(now=timezone.now())
    sms.refresh_from_db()
    assert sms.status == MessageStatus.FAILED
    # Brevo did take it, and reports at the address the SMS gave it.
    taken = Received(headers={}, body={"webUrl": delivery_report_url(sms), "recipient": "33612345678"}, status=201)
    taken.message_id = 1511882900176999
    path, report = sms_provider.report(taken, "delivered")

    post_report(client, path, report)

    sms.refresh_from_db()
    assert (sms.status, sms.failed_at, sms.delivery_status) == (MessageStatus.SENT, None, DeliveryStatus.DELIVERED)
    assert sms.provider_message_id == "1511882900176999"
    assert "to" not in sms.provider_response
    assert sms_provider.received == []


@pytest.mark.parametrize("token", ["un-mauvais-jeton", "un-jeton-de-test-long-et-secre"])
def test_a_forged_sms_report_is_refused_and_changes_nothing(client, sms_provider, sent_sms, undelivered, token):
    sms, received = sent_sms
    path, report = sms_provider.report(received, "hard_bounce")

    response = post_report(client, path.replace("un-jeton-de-test-long-et-secret", token), report)

    assert response.status_code == 403
    sms.refresh_from_db()
    assert sms.delivery_status == ""
    assert undelivered == []


def test_without_a_token_the_sms_webhook_refuses_everything(client, sms_provider, sent_sms, settings):
    sms, received = sent_sms
    path, report = sms_provider.report(received, "delivered")
    settings.SMS_WEBHOOK_TOKEN = ""

    assert post_report(client, path, report).status_code == 403

    sms.refresh_from_db()
    assert sms.delivery_status == ""


def test_the_sms_webhook_takes_only_a_json_post(client, sms_provider, sent_sms):
    sms, received = sent_sms
    path, _report = sms_provider.report(received)

    assert client.get(path).status_code == 405
    assert client.post(path, data="pas du JSON", content_type="application/json").status_code == 400
    assert post_report(client, path, ["delivered"]).status_code == 400

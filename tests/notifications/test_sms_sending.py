"""The SMS outbox against the local Brevo when things go wrong: refusals fail at once, troubles are retried, and an
SMS is never sent twice."""

import datetime
import logging

import pytest
from django.utils import timezone

from notifications.enums import MessageStatus
from notifications.models import Sms
from notifications.tasks import deliver_sms, requeue_unsent_sms_at, send_sms
from tests.notifications.sms import DAYTIME, AcknowledgementSms, zone_where_it_is

pytestmark = pytest.mark.django_db

MOBILE = "06 12 34 56 78"


@pytest.fixture
def sms(sms_provider):
    """A queued SMS, whose task has not run yet (the test transaction never commits)."""
    return AcknowledgementSms(to=MOBILE, time_zone=zone_where_it_is(DAYTIME)).queue()


def test_a_task_run_twice_sends_one_sms(sms, sms_provider):
    send_sms.delay(sms.pk)
    send_sms.delay(sms.pk)

    assert len(sms_provider.received) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.SENT, 1)


def test_a_sent_failed_or_deleted_sms_is_not_sent_again(sms, sms_provider):
    deliver_sms(sms.pk)
    assert deliver_sms(sms.pk) is None
    Sms.objects.filter(pk=sms.pk).update(status=MessageStatus.FAILED)
    assert deliver_sms(sms.pk) is None
    sms.delete()
    assert deliver_sms(sms.pk) is None

    assert len(sms_provider.received) == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (402, "Brevo a répondu 402 : not_enough_credits Not enough credits to send SMS"),
        (400, "Brevo a répondu 400 : invalid_parameter Invalid request"),
    ],
)
def test_a_refusal_fails_the_sms_at_once(sms, sms_provider, status, reason):
    sms_provider.fail_next(status)

    assert deliver_sms(sms.pk) is None

    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (MessageStatus.FAILED, 1, reason)
    assert sms.failed_at is not None
    # Not retried: no sweep hands it over again.
    assert requeue_unsent_sms_at(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert len(sms_provider.received) == 1


def test_a_wrong_api_key_is_refused_by_the_provider_and_fails_the_sms(sms, sms_provider, settings):
    settings.SMS_BREVO_API_KEY = "xkeysib-une-cle-perimee"

    deliver_sms(sms.pk)

    sms.refresh_from_db()
    assert sms.status == MessageStatus.FAILED
    assert sms.last_error == "Brevo a répondu 401 : unauthorized Key not found"
    assert sms_provider.accepted == []


def test_a_body_the_provider_finds_invalid_fails_the_sms(sms_provider, settings):
    settings.SMS_SENDER = "BOUSSOLE-JEUNES"  # refused by the system check too
    sms = AcknowledgementSms(to=MOBILE, time_zone=zone_where_it_is(DAYTIME)).queue()

    deliver_sms(sms.pk)

    sms.refresh_from_db()
    assert sms.status == MessageStatus.FAILED
    assert sms.last_error == (
        "Brevo a répondu 400 : invalid_parameter sender is invalid: 11 letters or digits, or 15 digits"
    )


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_a_rate_limit_or_a_provider_error_is_retried_with_backoff(sms, sms_provider, status):
    sms_provider.fail_next(status)

    assert deliver_sms(sms.pk) == 60

    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.QUEUED, 1)
    assert sms.last_error.startswith(f"Brevo a répondu {status} : ")
    assert sms.scheduled_at == sms.last_attempt_at + datetime.timedelta(seconds=60)

    # Left to its retry until then; handed again by the sweep if that retry was lost.
    assert requeue_unsent_sms_at(now=sms.last_attempt_at + datetime.timedelta(minutes=5)) == 0
    assert requeue_unsent_sms_at(now=sms.last_attempt_at + datetime.timedelta(minutes=7)) == 1

    assert [received.status for received in sms_provider.received] == [status, 201]
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.SENT, 2)


def test_a_provider_in_trouble_is_tried_sms_max_attempts_times_then_the_sms_fails(sms, sms_provider, settings, caplog):
    settings.SMS_MAX_ATTEMPTS = 3
    sms_provider.fail_next(503, count=10)

    with caplog.at_level(logging.WARNING):
        delays = [deliver_sms(sms.pk) for _ in range(4)]

    assert delays == [60, 120, None, None]
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.FAILED, 3)
    assert len(sms_provider.received) == 3
    assert f"SMS {sms.pk} failed after 3 attempts: Brevo a répondu 503" in caplog.text
    assert "612" not in caplog.text


def test_a_provider_too_slow_to_answer_is_retried(sms, sms_provider, settings):
    settings.SMS_TIMEOUT_SECONDS = 0.5
    sms_provider.hold_next()

    assert deliver_sms(sms.pk) == 60

    sms_provider.release()
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.QUEUED, 1)
    assert sms.last_error == "Brevo n’a pas répondu à temps (ReadTimeout)."


def test_an_unreachable_provider_is_retried(sms, settings):
    settings.SMS_BREVO_API_URL = "http://127.0.0.1:1/v3"

    assert deliver_sms(sms.pk) == 60

    sms.refresh_from_db()
    assert (sms.status, sms.last_error) == (MessageStatus.QUEUED, "Brevo injoignable (ConnectionError).")


def test_an_sms_interrupted_while_the_provider_had_it_is_given_up_not_sent_again(sms, sms_provider, caplog):
    sms.start_attempt(at=timezone.now() - datetime.timedelta(minutes=10))

    with caplog.at_level(logging.ERROR):
        # The sweep finds it still "sending" long after: its worker died while the provider had it.
        assert requeue_unsent_sms_at(now=timezone.now()) == 1

    assert sms_provider.received == []
    sms.refresh_from_db()
    assert sms.status == MessageStatus.FAILED
    assert sms.last_error == (
        "Envoi interrompu pendant la remise au fournisseur : le SMS est peut-être parti. "
        f"Le chercher dans le journal du fournisseur (étiquette {sms.key}) avant de le renvoyer."
    )
    assert f"SMS {sms.pk} interrupted while the provider had it: not sent again (key {sms.key})." in caplog.text


def test_a_provider_that_drops_duplicates_gets_an_interrupted_sms_again(sms, sms_outbox, settings):
    settings.SMS_PROVIDER = "locmem"
    sms.start_attempt(at=timezone.now() - datetime.timedelta(minutes=10))

    assert requeue_unsent_sms_at(now=timezone.now()) == 1

    assert [sent.key for sent in sms_outbox] == [str(sms.key)]
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.SENT, 2)


def test_an_sms_being_sent_is_left_to_its_attempt(sms, sms_provider):
    sms.start_attempt(at=timezone.now() - datetime.timedelta(minutes=1))

    assert deliver_sms(sms.pk) is None
    assert requeue_unsent_sms_at(now=timezone.now()) == 0

    assert sms_provider.received == []
    sms.refresh_from_db()
    assert sms.status == MessageStatus.SENDING

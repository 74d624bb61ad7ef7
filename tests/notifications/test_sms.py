"""An SMS written in the caller's transaction, sent after commit to the local Brevo, once, in one segment, by day."""

import datetime
import logging
import zoneinfo
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import checks
from django.db import transaction
from django.utils import timezone
from phonenumber_field.phonenumber import PhoneNumber

from notifications.enums import MessageStatus, SmsEncoding
from notifications.models import PRIVATE_LINK_REDACTED, Email, Sms, scrub_messages_about
from notifications.sms import SmsTooLong
from notifications.tasks import deliver_sms, requeue_unsent_sms_at
from tests.notifications.emails import WelcomeEmail
from tests.notifications.sms import DAYTIME, NIGHT, AcknowledgementSms, FreeTextSms, zone_where_it_is

pytestmark = pytest.mark.django_db

MOBILE = "06 12 34 56 78"


class Rollback(Exception):
    pass


def test_an_sms_written_in_a_rolled_back_transaction_is_neither_saved_nor_sent(
    sms_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Rollback):
        with transaction.atomic():
            AcknowledgementSms(to=MOBILE, time_zone=zone_where_it_is(DAYTIME)).queue()
            assert Sms.objects.count() == 1
            raise Rollback

    assert callbacks == []
    assert not Sms.objects.exists()
    assert sms_provider.received == []


def test_an_sms_written_in_a_committed_transaction_reaches_the_provider_once_as_documented(
    sms_provider, django_capture_on_commit_callbacks, settings
):
    group = Group.objects.create(name="Mission locale de Reims")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            sms = AcknowledgementSms(to=MOBILE, related=group, time_zone=zone_where_it_is(DAYTIME)).queue()
            assert sms_provider.received == []

    assert len(callbacks) == 1
    [received] = sms_provider.received
    assert received.headers["api-key"] == settings.SMS_BREVO_API_KEY
    assert received.headers["content-type"] == "application/json"
    assert received.body == {
        "sender": "BOUSSOLE",
        "recipient": "33612345678",
        "content": "Bonjour Léa, ta demande à Mission locale est bien enregistrée.\n"
        "Suis-la ici : http://127.0.0.1:8000/s/Ab12Cd34Ef56",
        "type": "transactional",
        "unicodeEnabled": False,
        "tag": ["test_acknowledgement", str(sms.key)],
        "webUrl": f"http://127.0.0.1:8000/webhooks/sms/brevo/un-jeton-de-test-long-et-secret/?sms={sms.key}",
    }
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (MessageStatus.SENT, 1)
    assert sms.provider_message_id == str(received.message_id)
    assert sms.provider_response == {"messageId": received.message_id}
    assert (sms.recipient, sms.segments, sms.encoding) == ("+33612345678", 1, SmsEncoding.GSM7)
    assert list(Sms.objects.related_to(group)) == [sms]
    # Its link opens the youth's request: once sent, the outbox keeps no copy of it.
    assert sms.body == PRIVATE_LINK_REDACTED


def test_the_sender_is_a_setting_and_a_sender_no_operator_takes_is_refused_by_a_check(
    sms_provider, django_capture_on_commit_callbacks, settings
):
    settings.SMS_SENDER = "MLREIMS"
    with django_capture_on_commit_callbacks(execute=True):
        AcknowledgementSms(to=MOBILE, time_zone=zone_where_it_is(DAYTIME)).queue()
    assert sms_provider.received[0].body["sender"] == "MLREIMS"

    settings.SMS_SENDER = "BOUSSOLE JEUNES"
    assert [error.id for error in checks.run_checks() if error.id.startswith("notifications.")] == [
        "notifications.E001"
    ]


@pytest.mark.parametrize("number", [MOBILE, "+33 6 12 34 56 78", "0033612345678", PhoneNumber.from_string(MOBILE)])
def test_a_mobile_number_is_sent_in_the_international_format(number, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms = AcknowledgementSms(to=number, time_zone=zone_where_it_is(DAYTIME)).queue()

    assert sms.recipient == "+33612345678"
    assert [sent.recipient for sent in sms_outbox] == ["+33612345678"]


@pytest.mark.parametrize("number", ["", "06 12", "pas un numéro", None, "03 26 12 34 56"])
def test_an_sms_without_a_valid_number_is_saved_as_failed_and_not_sent(
    number, sms_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sms = AcknowledgementSms(to=number, time_zone=zone_where_it_is(DAYTIME)).queue()

    assert callbacks == []
    assert sms_provider.received == []
    sms.refresh_from_db()
    assert sms.status == MessageStatus.FAILED
    assert sms.last_error == "Pas de numéro de portable valide : le SMS n’a pas été envoyé."


def test_a_name_gsm7_cannot_write_is_sent_in_ucs2(sms_provider, django_capture_on_commit_callbacks, settings):
    settings.TIME_ZONE = zone_where_it_is(DAYTIME).key
    with django_capture_on_commit_callbacks(execute=True):
        sms = FreeTextSms(to=MOBILE, text="Bonjour Анна, ta demande d’aide est reçue.").queue()

    body = sms_provider.received[0].body
    assert body["unicodeEnabled"] is True
    assert body["content"] == "Bonjour Анна, ta demande d’aide est reçue."
    sms.refresh_from_db()
    assert (sms.encoding, sms.segments) == (SmsEncoding.UCS2, 1)


def test_in_ucs2_a_kind_that_fits_160_characters_no_longer_fits_one_segment(sms_provider):
    with pytest.raises(SmsTooLong, match="test_acknowledgement.* 2 segments"):
        AcknowledgementSms(to=MOBILE, name="Анна", time_zone=zone_where_it_is(DAYTIME)).queue()


def test_a_kind_of_sms_longer_than_one_segment_is_refused_in_the_tests(sms_provider):
    with pytest.raises(SmsTooLong, match="test_free_text.* 2 segments"):
        FreeTextSms(to=MOBILE, text="Ta demande est enregistrée. " * 6).queue()

    assert not Sms.objects.exists()


def test_in_production_a_longer_sms_is_logged_and_sent_in_two_segments(
    sms_outbox, django_capture_on_commit_callbacks, caplog
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.warns(SmsTooLong),
        caplog.at_level(logging.ERROR),
    ):
        sms = FreeTextSms(to=MOBILE, text="Ta demande est enregistrée. " * 6).queue()

    assert "Le SMS « test_free_text » prend 2 segments (167 caractères) au lieu d’un." in caplog.text
    assert sms.segments == 2
    assert len(sms_outbox) == 1


def test_an_sms_written_at_night_waits_for_8_in_the_morning_of_its_time_zone(
    sms_provider, django_capture_on_commit_callbacks
):
    zone = zone_where_it_is(NIGHT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sms = AcknowledgementSms(to=MOBILE, time_zone=zone).queue()

    # Deferred, not dropped: nothing is handed to Celery tonight.
    assert callbacks == []
    sms.refresh_from_db()
    morning = (timezone.now().astimezone(zone) + datetime.timedelta(hours=9)).replace(hour=8, minute=0, second=0)
    assert sms.not_before == morning.replace(microsecond=0)
    assert (sms.status, sms.time_zone) == (MessageStatus.QUEUED, zone.key)

    # The sweep runs every minute through the night: nothing leaves before 08:00.
    for minutes_before in (60 * 8, 6, 1):
        assert requeue_unsent_sms_at(now=morning - datetime.timedelta(minutes=minutes_before)) == 0
    assert deliver_sms(sms.pk, now=morning - datetime.timedelta(seconds=1)) is None
    assert sms_provider.received == []

    with mock.patch("django.utils.timezone.now", return_value=morning):
        assert requeue_unsent_sms_at(now=morning) == 1
        assert requeue_unsent_sms_at(now=morning + datetime.timedelta(minutes=1)) == 0
    assert len(sms_provider.received) == 1
    sms.refresh_from_db()
    assert sms.status == MessageStatus.SENT


def test_an_sms_whose_retry_falls_at_night_waits_for_the_morning(sms_provider):
    sms = AcknowledgementSms(to=MOBILE, time_zone="Europe/Paris").queue()
    Sms.objects.filter(pk=sms.pk).update(not_before=None)
    evening = datetime.datetime(2026, 3, 10, 20, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))

    assert deliver_sms(sms.pk, now=evening) is None

    assert sms_provider.received == []
    sms.refresh_from_db()
    assert sms.status == MessageStatus.QUEUED
    assert sms.not_before == datetime.datetime(2026, 3, 11, 8, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert sms.attempts == 0


def test_overseas_the_night_is_the_overseas_one(sms_provider):
    sms = AcknowledgementSms(to="+262 692 12 34 56", time_zone="Indian/Reunion").queue()
    Sms.objects.filter(pk=sms.pk).update(not_before=None)
    # 18:00 in Paris is 21:00 (in winter) in La Réunion.
    paris_evening = datetime.datetime(2026, 1, 12, 18, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))

    deliver_sms(sms.pk, now=paris_evening)

    sms.refresh_from_db()
    assert sms.not_before == datetime.datetime(2026, 1, 13, 8, tzinfo=zoneinfo.ZoneInfo("Indian/Reunion"))
    assert sms.recipient == "+262692123456"


def test_no_more_than_four_sms_are_written_about_one_object(sms_outbox, django_capture_on_commit_callbacks, caplog):
    group, other = Group.objects.create(name="Demande 1"), Group.objects.create(name="Demande 2")

    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        written = [AcknowledgementSms(to=MOBILE, related=group, time_zone="UTC").queue() for _ in range(5)]
        AcknowledgementSms(to=MOBILE, related=other, time_zone="UTC").queue()

    assert written[4] is None
    assert Sms.objects.related_to(group).count() == 4
    assert Sms.objects.related_to(other).count() == 1
    assert f"SMS test_acknowledgement not written: auth.group {group.pk} already has 4 SMS." in caplog.text
    # The number in none of its forms (a task's random id may hold a few of its digits).
    assert MOBILE not in caplog.text and "612345678" not in caplog.text


def test_the_purge_scrubs_the_emails_and_sms_about_an_object_and_keeps_what_statistics_count(
    sms_outbox, django_capture_on_commit_callbacks
):
    group, other = Group.objects.create(name="Demande 1"), Group.objects.create(name="Demande 2")
    with django_capture_on_commit_callbacks(execute=True):
        sms = AcknowledgementSms(to=MOBILE, related=group, time_zone=zone_where_it_is(DAYTIME)).queue()
        kept = AcknowledgementSms(to=MOBILE, related=other, time_zone=zone_where_it_is(DAYTIME)).queue()
        email = WelcomeEmail(to=["lea@example.fr"], related=group).queue()

    assert scrub_messages_about(group) == 2

    sms.refresh_from_db()
    assert (sms.recipient, sms.body, sms.provider_response) == ("", "", None)
    assert (sms.kind, sms.segments, sms.status) == ("test_acknowledgement", 1, MessageStatus.SENT)
    email.refresh_from_db()
    assert (email.recipients, email.body_text) == ([], "")
    kept.refresh_from_db()
    assert kept.recipient == "+33612345678"
    assert Email.objects.count() == 1

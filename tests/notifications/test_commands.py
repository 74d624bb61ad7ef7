import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Email, Sms
from tests.notifications.factories import EmailFactory, SmsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_emails():
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    EmailFactory.create_batch(2, scheduled_at=long_ago)
    EmailFactory()  # just queued: its task is still on its way


def test_requeue_emails_says_how_many_then_sends_them(lost_emails, mailoutbox):
    stdout = io.StringIO()

    call_command("requeue_emails", stdout=stdout)

    assert stdout.getvalue().splitlines() == [
        "2 e-mail(s) à remettre dans la file d’envoi.",
        "2 e-mail(s) remis dans la file d’envoi.",
        "0 SMS à remettre dans la file d’envoi.",
    ]
    assert len(mailoutbox) == 2
    assert Email.objects.queued().count() == 1


def test_requeue_emails_dry_run_only_counts(lost_emails, mailoutbox):
    stdout = io.StringIO()

    call_command("requeue_emails", "--dry-run", stdout=stdout)

    assert stdout.getvalue().splitlines() == [
        "2 e-mail(s) à remettre dans la file d’envoi.",
        "0 SMS à remettre dans la file d’envoi.",
    ]
    assert mailoutbox == []
    assert Email.objects.filter(status=EmailStatus.QUEUED).count() == 3


def test_requeue_emails_hands_over_the_lost_sms_too(sms_provider):
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    SmsFactory.create_batch(2, scheduled_at=long_ago)
    SmsFactory()
    stdout = io.StringIO()

    call_command("requeue_emails", stdout=stdout)

    assert stdout.getvalue().splitlines() == [
        "0 e-mail(s) à remettre dans la file d’envoi.",
        "2 SMS à remettre dans la file d’envoi.",
        "2 SMS remis dans la file d’envoi.",
    ]
    assert len(sms_provider.received) == 2
    assert Sms.objects.queued().count() == 1

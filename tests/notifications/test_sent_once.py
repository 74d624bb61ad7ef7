"""An email handed to the provider is recorded before and after: a killed worker does not make it go twice."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Email
from notifications.tasks import deliver_email, requeue_unsent
from tests.notifications.factories import EmailFactory

pytestmark = pytest.mark.django_db


def test_a_worker_killed_while_the_provider_sends_leaves_the_email_sending_and_it_is_retried_under_the_same_key(
    settings, mailoutbox
):
    settings.EMAIL_PROVIDER = "brevo"
    email = EmailFactory()
    handed = []

    def killed(messages):
        handed.extend(messages)
        raise SystemExit("killed while the provider was sending")

    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=killed),
        pytest.raises(SystemExit),
    ):
        deliver_email(email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENDING, 1)
    # The task delivered again, or the sweep, while the attempt may still be in flight: nothing is sent.
    assert deliver_email(email.pk) is None
    assert requeue_unsent(now=timezone.now()) == 0
    assert mailoutbox == []

    Email.objects.filter(pk=email.pk).update(last_attempt_at=timezone.now() - datetime.timedelta(minutes=6))
    assert requeue_unsent(now=timezone.now()) == 1

    (message,) = mailoutbox
    first = handed[0].extra_headers
    assert message.extra_headers["idempotencyKey"] == first["idempotencyKey"]
    assert message.extra_headers["Message-ID"] == first["Message-ID"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)


def test_every_email_has_its_own_key_and_message_id(settings, mailoutbox):
    settings.EMAIL_PROVIDER = "brevo"
    for email in EmailFactory.create_batch(2):
        deliver_email(email.pk)

    keys = {message.extra_headers["idempotencyKey"] for message in mailoutbox}
    message_ids = {message.message()["Message-ID"] for message in mailoutbox}
    assert len(keys) == len(message_ids) == 2

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.enums import EmailStatus
from tests.notifications.factories import EmailFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_email_changelist")


def test_failed_emails_are_listed_with_their_error(admin_client):
    failed = EmailFactory(failed=True, subject="Nouvelle demande de contact", recipients=["ml@reims.fr"])
    EmailFactory(sent=True, subject="Ta demande est enregistrée")

    response = admin_client.get(CHANGELIST, {"status__exact": "failed"})

    content = response.content.decode()
    assert "Nouvelle demande de contact" in content
    assert "ml@reims.fr" in content
    assert "Ta demande est enregistrée" not in content

    detail = admin_client.get(reverse("admin:notifications_email_change", args=[failed.pk])).content.decode()
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in detail
    assert 'name="subject"' not in detail  # read-only: shown, not editable


def test_emails_are_searched_by_recipient_and_subject(admin_client):
    EmailFactory(subject="Nouvelle demande de contact", recipients=["ml@reims.fr"])
    EmailFactory(subject="Ta demande est enregistrée", recipients=["lea@example.fr"])

    by_recipient = admin_client.get(CHANGELIST, {"q": "REIMS.fr"}).content.decode()
    by_subject = admin_client.get(CHANGELIST, {"q": "enregistrée"}).content.decode()

    assert "Nouvelle demande de contact" in by_recipient
    assert "Ta demande est enregistrée" not in by_recipient
    assert "Ta demande est enregistrée" in by_subject
    assert "Nouvelle demande de contact" not in by_subject


def test_the_resend_action_puts_failed_emails_back_in_the_queue_and_sends_them(
    admin_client, django_capture_on_commit_callbacks, mailoutbox
):
    failed = EmailFactory(failed=True, subject="Nouvelle demande de contact")
    sent = EmailFactory(sent=True)

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            CHANGELIST, {"action": "resend", "_selected_action": [failed.pk, sent.pk]}, follow=True
        )

    assert "1 e-mail(s) en échec remis dans la file d’envoi." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.failed_at) == (EmailStatus.QUEUED, 0, None)
    assert failed.last_error  # kept, for the record
    assert len(callbacks) == 1

    callbacks[0]()

    assert [message.subject for message in mailoutbox] == ["Nouvelle demande de contact"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (EmailStatus.SENT, 1)
    sent.refresh_from_db()
    assert sent.attempts == 1


def test_the_resend_action_says_when_nothing_was_failed(admin_client, django_capture_on_commit_callbacks):
    queued = EmailFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(CHANGELIST, {"action": "resend", "_selected_action": [queued.pk]}, follow=True)

    assert "Aucun e-mail en échec dans la sélection" in response.content.decode()
    assert callbacks == []


def test_an_email_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:notifications_email_add")).status_code == 403


def test_the_list_makes_as_many_queries_for_many_emails_as_for_one(admin_client):
    EmailFactory(failed=True)
    admin_client.get(CHANGELIST)  # the first request of a session makes queries of its own
    with CaptureQueriesContext(connection) as one:
        admin_client.get(CHANGELIST)
    EmailFactory.create_batch(10, failed=True)
    EmailFactory.create_batch(10, sent=True)

    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(CHANGELIST)

    assert response.content.decode().count('class="field-subject"') == 21
    assert len(many) == len(one)

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction

from notifications.enums import EmailStatus
from notifications.models import Email
from tests.notifications.emails import WelcomeEmail

FOOTER = "Ce message est envoyé par la Boussole des jeunes, un service du ministère chargé de la jeunesse."

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def test_an_email_queued_in_a_rolled_back_transaction_is_neither_saved_nor_sent(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Rollback):
        with transaction.atomic():
            WelcomeEmail(to=["lea@example.fr"]).queue()
            assert Email.objects.count() == 1
            raise Rollback

    assert callbacks == []
    assert not Email.objects.exists()
    assert mailoutbox == []


def test_an_email_queued_in_a_committed_transaction_is_sent_once(django_capture_on_commit_callbacks, mailoutbox):
    group = Group.objects.create(name="Mission locale de Reims")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            email = WelcomeEmail(to=["lea@example.fr", "conseiller@ml-reims.fr"], related=group).queue()
            assert mailoutbox == []

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Bienvenue Léa sur la Boussole"
    assert message.to == ["lea@example.fr", "conseiller@ml-reims.fr"]
    assert message.from_email == "Boussole des jeunes <ne-pas-repondre@boussole.jeunes.gouv.fr>"
    assert "Bonjour Léa,\n\nTa demande à Mission locale est bien enregistrée." in message.body
    assert FOOTER in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<p>Ta demande à Mission locale est bien enregistrée.</p>" in html
    assert FOOTER in html
    assert '<html lang="fr">' in html
    assert "<title>Bienvenue Léa sur la Boussole</title>" in html

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.kind == "test_welcome"
    assert (email.related_type, email.related_id) == ("auth.group", group.pk)
    assert list(Email.objects.related_to(group)) == [email]
    assert email.subject == message.subject
    assert email.body_text == message.body


def test_the_text_is_not_escaped_and_the_html_is(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        WelcomeEmail(to=["lea@example.fr"], name="Léa", organisation="Logement & Jeunes <Reims>").queue()

    [message] = mailoutbox
    assert "Ta demande à Logement & Jeunes <Reims> est bien enregistrée." in message.body
    assert "Logement &amp; Jeunes &lt;Reims&gt;" in message.alternatives[0][0]
    assert "<Reims>" not in message.alternatives[0][0]


def test_the_reply_to_address_is_kept_and_used(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        email = WelcomeEmail(to=["lea@example.fr"], reply_to=["conseiller@ml-reims.fr"]).queue()

    assert mailoutbox[0].reply_to == ["conseiller@ml-reims.fr"]
    email.refresh_from_db()
    assert email.reply_to == ["conseiller@ml-reims.fr"]


def test_recipients_are_saved_once_each(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        email = WelcomeEmail(to=["lea@example.fr", " lea@example.fr ", "", "tom@example.fr"]).queue()

    assert email.recipients == ["lea@example.fr", "tom@example.fr"]
    assert mailoutbox[0].to == ["lea@example.fr", "tom@example.fr"]


def test_an_email_without_recipient_is_saved_as_failed_and_not_sent(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = WelcomeEmail(to=[]).queue()

    assert callbacks == []
    assert mailoutbox == []
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.failed_at is not None
    assert email.last_error == "Aucun destinataire : l’e-mail n’a pas été envoyé."


def test_an_email_class_without_templates_cannot_be_queued():
    class Incomplete(WelcomeEmail):
        subject_template = ""

    with pytest.raises(NotImplementedError):
        Incomplete(to=["lea@example.fr"]).queue()
    assert not Email.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_email_queued_outside_a_transaction_is_sent_at_once():
    email = WelcomeEmail(to=["lea@example.fr"]).queue()

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT

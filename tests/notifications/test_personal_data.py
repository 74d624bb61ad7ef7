"""What the outbox keeps and tells: no live personal link once sent, no refused address in the logs."""

import logging
import smtplib
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from boussole.tasks import clear_expired_sessions
from notifications.enums import EmailStatus
from notifications.models import PRIVATE_LINK_REDACTED
from notifications.tasks import deliver_email
from tests.notifications.factories import EmailFactory

pytestmark = pytest.mark.django_db

LINK = "https://boussole.jeunes.gouv.fr/espace-pro/mot-de-passe/nouveau/MQ/cz5k2b-4f0c9a1e2d3b4c5d6e7f8a9b0c1d2e3f/"


def test_an_email_with_a_private_link_keeps_no_text_once_sent(mailoutbox):
    email = EmailFactory(contains_private_link=True, body_text=f"Votre lien : {LINK}", body_html=f'<a href="{LINK}">')

    deliver_email(email.pk)

    assert LINK in mailoutbox[0].body
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.body_text == email.body_html == PRIVATE_LINK_REDACTED


def test_the_email_admin_never_shows_a_live_link(admin_client):
    tracking = "https://boussole.jeunes.gouv.fr/suivi/IkJKLTJWNEtQMyI:1vEXaM:abcdefghijklmnopqrstuvwxyz0123/"
    email = EmailFactory(body_text=f"Ton lien : {tracking}\nÀ bientôt sur https://boussole.jeunes.gouv.fr/")

    html = admin_client.get(reverse("admin:notifications_email_change", args=[email.pk])).content.decode()

    assert "IkJKLTJWNEtQMyI" not in html
    assert "[lien personnel masqué]" in html and "https://boussole.jeunes.gouv.fr/" in html


def test_a_refused_recipient_is_not_written_in_the_logs(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    email = EmailFactory(recipients=["lea.martin@example.fr"])
    refused = smtplib.SMTPRecipientsRefused({"lea.martin@example.fr": (550, b"5.1.1 <lea.martin@example.fr> unknown")})

    with (
        mock.patch("django.core.mail.backends.smtp.EmailBackend.send_messages", side_effect=refused),
        caplog.at_level(logging.WARNING),
    ):
        deliver_email(email.pk)

    assert "lea.martin" not in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    email.refresh_from_db()
    assert "lea.martin" not in email.last_error


def test_expired_sessions_and_the_answers_they_hold_are_cleared():
    expired, current = SessionStore(), SessionStore()
    for session in (expired, current):
        session["answers"] = {"age": 17, "situation": "student"}
        session.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now())

    clear_expired_sessions.delay()

    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_the_questionnaire_does_not_say_answers_stay_on_the_device():
    from django.template.loader import get_template

    source = get_template("offers/step.html").template.source
    assert "sur ton appareil" not in source
    assert "gardées sur notre serveur le temps de ta recherche, deux semaines au plus" in source

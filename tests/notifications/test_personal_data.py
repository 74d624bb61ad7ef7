"""What the outbox keeps and tells: no live personal link once sent, no refused address in the logs, no youth's
address in the emails to organisations."""

import datetime
import logging
import smtplib
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from boussole.tasks import clear_expired_sessions
from contact_requests import emails as request_emails
from notifications.enums import EmailStatus
from notifications.models import PRIVATE_LINK_REDACTED, Email
from notifications.tasks import build_message, deliver_email
from questionnaires.models import Theme
from tests.contact_requests.factories import make_request
from tests.notifications.factories import EmailFactory
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

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

    source = " ".join(get_template("offers/step.html").template.source.split())
    assert "sur ton appareil" not in source
    assert "gardées sur notre serveur le temps de ta recherche, deux semaines au plus" in source


# The youth's address, with an accented domain (written in punycode on the wire) and a name that may show in a header.
YOUTH_EMAIL = "lea.martin@école-exemple.fr"
YOUTH_TRACES = ["lea.martin", "école-exemple", "xn--cole-exemple", "Léa", "+33612345678"]


def every_kind(base) -> set[str]:
    kinds = set()
    for subclass in base.__subclasses__():
        kinds |= {subclass.kind} if subclass.kind else set()
        kinds |= every_kind(subclass)
    return kinds


def test_no_email_to_an_organisation_carries_the_youth_s_address_even_in_its_headers(
    django_capture_on_commit_callbacks,
):
    """The alert, reminders, escalations, hand-overs and cancellation go to shared mailboxes: the professional reaches
    the youth from the request page, where each display is recorded, never by answering an email."""
    reims = TerritoryFactory(name="Grand Reims", communes=["51454"], contact_email="boussole@reims.example.fr")
    animator = get_user_model().objects.create_user(email="animatrice@reims.example.fr", first_name="Inès")
    reims.animators.add(animator)
    emploi = Theme.objects.get(slug="emploi")
    mission_locale = OrganisationFactory(email="accueil@ml-reims.example.fr", territories=[reims], signed_charter=True)
    offer = OfferFactory(organisation=mission_locale, theme=emploi, territories=[reims])
    other = OfferFactory(
        organisation=OrganisationFactory(email="contact@ij-reims.example.fr", territories=[reims], signed_charter=True),
        theme=emploi,
        territories=[reims],
    )
    now = timezone.now() - datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=now, email=YOUTH_EMAIL)
        request.remind(at=now)
        request.escalate(at=now)
        request.remind_organisation(by=animator)
        request_emails.AlertRerouted(
            contact_request=request,
            recipients=[animator.email],
            undelivered_address=mission_locale.email,
            to_animators=True,
        ).queue()
        request.transfer(by=animator, to_offer=other, note="Elle cherche un job d’été.")
        request.withdraw()

    to_organisations = Email.objects.exclude(kind__in=every_kind(request_emails.ToYouth))
    assert set(to_organisations.values_list("kind", flat=True)) == every_kind(request_emails.RequestEmail) - every_kind(
        request_emails.ToYouth
    )
    for email in to_organisations:
        message = build_message(email).message()
        headers = "\n".join(f"{name}: {value}" for name, value in message.items())
        for trace in YOUTH_TRACES:
            assert trace not in headers, (email.kind, headers)
            assert trace not in email.subject + email.body_text
        assert YOUTH_EMAIL not in email.reply_to


def test_the_youth_s_emails_answer_to_the_organisation_only_if_it_shows_its_address_to_youths(
    django_capture_on_commit_callbacks,
):
    reims = TerritoryFactory(name="Grand Reims", communes=["51454"])
    organisation = OrganisationFactory(email="accueil@ml-reims.example.fr", territories=[reims], signed_charter=True)
    offer = OfferFactory(organisation=organisation, theme=Theme.objects.get(slug="emploi"), territories=[reims])

    make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None)
    organisation.contacts_visible_to_youths = True
    organisation.save()
    make_request(offer, now=timezone.now(), email="sami@example.fr", phone=None)

    hidden, shown = Email.objects.filter(kind=request_emails.RequestAcknowledgement.kind).order_by("pk")
    assert hidden.reply_to == []
    assert shown.reply_to == ["accueil@ml-reims.example.fr"]
    assert build_message(shown).message()["Reply-To"] == "accueil@ml-reims.example.fr"

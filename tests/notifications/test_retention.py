"""Every e-mail is erased after the outbox's retention period, not only a youth's request's: invitations, password
resets, offers…"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Email, Sms
from notifications.tasks import purge_messages
from offers.emails import OfferPublished
from organisations.emails import InvitationEmail
from organisations.models import Invitation
from questionnaires.models import Theme
from tests.notifications.factories import EmailFactory, SmsFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def professional_emails(client, django_capture_on_commit_callbacks):
    """An invitation, a password reset and an offer's publication, sent through the outbox."""
    offer = OfferFactory(title="Trouver un job d’été", theme=Theme.objects.get(slug="emploi"))
    admin = get_user_model().objects.create_user(email="admin@ml-reims.example.fr", password="x")
    offer.organisation.memberships.create(user=admin, role="admin")
    invitation = Invitation.objects.create(organisation=offer.organisation, email="camille@ml-reims.example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        InvitationEmail(invitation=invitation).queue()
        OfferPublished(offer=offer).queue()
        client.post(reverse("password_reset"), {"email": "admin@ml-reims.example.fr"})
    emails = Email.objects.filter(kind__in=["organisation_invitation", "offer_published", "password_reset"])
    assert emails.sent().count() == 3
    return emails


def written_ago(queryset, **delta):
    queryset.update(created_at=timezone.now() - datetime.timedelta(**delta))


def test_the_emails_of_professionals_are_erased_after_the_retention_period(professional_emails, settings):
    settings.MESSAGE_RETENTION_MONTHS = 12
    written_ago(professional_emails, days=30 * 12 + 1)
    recent = EmailFactory(sent=True, recipients=["sami@ml-reims.example.fr"])
    queued = EmailFactory(recipients=["lina@ml-reims.example.fr"])
    written_ago(Email.objects.filter(pk=queued.pk), days=400)

    purge_messages.delay()

    for email in professional_emails:
        assert (email.recipients, email.reply_to, email.body_text, email.body_html) == ([], [], "", ""), email.kind
        # What counts stays: its kind, its dates, its status.
        assert (email.status, email.sent_at is not None) == (EmailStatus.SENT, True)
    recent.refresh_from_db()
    assert recent.recipients == ["sami@ml-reims.example.fr"] and recent.body_text
    # Not sent yet: its send decides.
    queued.refresh_from_db()
    assert queued.recipients == ["lina@ml-reims.example.fr"]


def test_the_retention_period_is_a_setting(professional_emails, settings):
    settings.MESSAGE_RETENTION_MONTHS = 3
    written_ago(professional_emails, days=100)

    purge_messages.delay()

    assert list(professional_emails.values_list("recipients", flat=True)) == [[], [], []]


def test_purge_messages_says_how_many_then_erases_them_sms_included(professional_emails):
    written_ago(professional_emails, days=400)
    sms = SmsFactory(sent=True)
    written_ago(Sms.objects.filter(pk=sms.pk), days=400)
    stdout = io.StringIO()

    call_command("purge_messages", "--dry-run", stdout=stdout)
    call_command("purge_messages", stdout=stdout)
    call_command("purge_messages", stdout=stdout)

    assert stdout.getvalue().splitlines() == [
        "3 e-mail(s) et 1 SMS écrits depuis plus de 12 mois à effacer.",
        "3 e-mail(s) et 1 SMS écrits depuis plus de 12 mois à effacer.",
        "3 e-mail(s) et 1 SMS effacés.",
        "0 e-mail(s) et 0 SMS écrits depuis plus de 12 mois à effacer.",
        "0 e-mail(s) et 0 SMS effacés.",
    ]
    sms.refresh_from_db()
    assert (sms.recipient, sms.body) == ("", "")

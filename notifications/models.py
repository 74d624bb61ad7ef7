"""The email outbox: one row per email, saved in the caller's transaction, sent by a Celery task (see tasks.py)."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from notifications.enums import EmailStatus

PRIVATE_LINK_REDACTED = "Texte effacé après l’envoi : il contenait un lien personnel."
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A link of the site whose path holds a token (signed link, password reset, invitation): it opens someone's data.
PRIVATE_LINK = re.compile(r"https?://[^\s\"'<>]*/[\w:.-]*[\w:-]{20,}[^\s\"'<>]*")


def without_addresses(text: str) -> str:
    """A provider's error message without the email addresses it quotes, fit for logs."""
    return EMAIL_ADDRESS.sub("[adresse masquée]", text)


def without_private_links(text: str) -> str:
    return PRIVATE_LINK.sub("[lien personnel masqué]", text)


# Below the Redis transport's one-hour visibility timeout, after which a waiting retry would be delivered twice.
RETRY_MAX_DELAY = 30 * 60


def retry_delay(attempts: int) -> int:
    """Seconds to wait after failed attempt number `attempts` (1, 2, …): EMAIL_RETRY_DELAY_SECONDS, then doubled."""
    return min(settings.EMAIL_RETRY_DELAY_SECONDS * 2 ** (attempts - 1), RETRY_MAX_DELAY)


def related_type_of(obj: models.Model) -> str:
    """How an email names the object it is about, e.g. "contact_requests.contactrequest"."""
    return obj._meta.label_lower


class EmailQuerySet(models.QuerySet):
    def queued(self):
        return self.filter(status=EmailStatus.QUEUED)

    def sent(self):
        return self.filter(status=EmailStatus.SENT)

    def failed(self):
        return self.filter(status=EmailStatus.FAILED)

    def related_to(self, obj: models.Model):
        return self.filter(related_type=related_type_of(obj), related_id=obj.pk)

    def scrub(self) -> int:
        """Erases every copy of the people and words of these emails: recipients, bodies, the provider's answer."""
        return self.update(
            recipients=[],
            reply_to=[],
            body_text="",
            body_html="",
            provider_response=None,
            last_error="",
        )

    def to_requeue(self, now: datetime.datetime):
        """Queued emails that nothing has touched for EMAIL_REQUEUE_AFTER_MINUTES: their task was lost.

        `scheduled_at` is when a send task was expected to run: the creation, the end of a retry's backoff, or the
        last requeue. So an email created (or last attempted, plus its backoff) that long ago and still queued is due,
        while one waiting for a scheduled retry is left to that retry. An email still "sending" that long after its
        attempt started was interrupted (worker killed): it is sent again, under the same idempotency key.
        """
        cutoff = now - datetime.timedelta(minutes=settings.EMAIL_REQUEUE_AFTER_MINUTES)
        return self.filter(
            Q(status=EmailStatus.QUEUED, scheduled_at__lte=cutoff)
            | Q(status=EmailStatus.SENDING, last_attempt_at__lte=cutoff)
        )


class Email(models.Model):
    kind = models.CharField("type d’e-mail", max_length=100)
    from_email = models.CharField("expéditeur", max_length=320)
    recipients = models.JSONField("destinataires", default=list)
    reply_to = models.JSONField("répondre à", default=list, blank=True)
    subject = models.TextField("objet")
    body_text = models.TextField("texte")
    body_html = models.TextField("HTML", blank=True)
    # The object the email is about, named without importing its app ("contact_requests.contactrequest", pk).
    related_type = models.CharField("type de l’objet concerné", max_length=100, blank=True)
    related_id = models.PositiveBigIntegerField("identifiant de l’objet concerné", null=True, blank=True)
    contains_private_link = models.BooleanField(
        "contient un lien personnel", default=False, help_text="Son texte est effacé une fois l’e-mail envoyé."
    )

    status = models.CharField("statut", max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField("tentatives d’envoi", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    provider_message_id = models.CharField("identifiant chez le fournisseur", max_length=255, blank=True)
    provider_response = models.JSONField("réponse du fournisseur", null=True, blank=True)

    created_at = models.DateTimeField("créé le", default=timezone.now, db_index=True)
    scheduled_at = models.DateTimeField(
        "envoi prévu le",
        default=timezone.now,
        help_text="Création, fin du délai avant une nouvelle tentative ou relance.",
    )
    last_attempt_at = models.DateTimeField("dernière tentative le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    failed_at = models.DateTimeField("abandonné le", null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"
        indexes = [
            models.Index(fields=["related_type", "related_id"], name="notifications_email_related"),
            # The requeue sweep reads only the queued rows, every minute.
            models.Index(
                fields=["scheduled_at"], condition=Q(status=EmailStatus.QUEUED), name="notifications_email_queued"
            ),
        ]

    def __str__(self):
        return f"{self.kind} à {', '.join(self.recipients)}"

    def start_attempt(self, *, at: datetime.datetime):
        """Record, before handing the email to the provider, that it is being sent (committed by the caller)."""
        self.status = EmailStatus.SENDING
        self.attempts += 1
        self.last_attempt_at = at
        self.save(update_fields=["status", "attempts", "last_attempt_at"])

    def mark_sent(self, *, at: datetime.datetime, provider_message_id: str = "", provider_response=None):
        self.status = EmailStatus.SENT
        self.sent_at = at
        self.provider_message_id = provider_message_id[:255]
        self.provider_response = provider_response
        if self.contains_private_link:
            # Whoever reads the outbox later must not find a working link to someone's account.
            self.body_text = self.body_html = PRIVATE_LINK_REDACTED
        self.save(
            update_fields=[
                "status",
                "sent_at",
                "provider_message_id",
                "provider_response",
                "body_text",
                "body_html",
            ]
        )

    def record_failed_attempt(self, *, at: datetime.datetime, error: str) -> int | None:
        """Record that the attempt started by `start_attempt` failed; returns the seconds before the next one, or None
        once the email is failed."""
        self.last_error = error
        if self.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            self.status = EmailStatus.FAILED
            self.failed_at = at
            delay = None
        else:
            self.status = EmailStatus.QUEUED
            delay = retry_delay(self.attempts)
            self.scheduled_at = at + datetime.timedelta(seconds=delay)
        self.save(update_fields=["last_error", "status", "failed_at", "scheduled_at"])
        return delay

    def requeue(self, *, at: datetime.datetime):
        """Put a failed email back in the queue, with all its attempts ahead of it (the last error is kept)."""
        self.status = EmailStatus.QUEUED
        self.attempts = 0
        self.failed_at = None
        self.scheduled_at = at
        self.save(update_fields=["status", "attempts", "failed_at", "scheduled_at"])

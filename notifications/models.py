"""The outbox: one row per e-mail or SMS, saved in the caller's transaction, sent by a Celery task (see tasks.py).

E-mails and SMS share their life (`OutboxMessage`): queued, "sending" while the provider has them, sent or failed,
retried with backoff, handed again by the requeue sweep when their task was lost, resent from the admin; and, later,
what the provider's webhook reported (delivered, bounced…).
"""

import datetime
import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from notifications.enums import DeliveryStatus, MessageStatus, SmsEncoding

PRIVATE_LINK_REDACTED = "Texte effacé après l’envoi : il contenait un lien personnel."
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A link of the site whose path holds a token (signed link, password reset, invitation): it opens someone's data.
PRIVATE_LINK = re.compile(r"https?://[^\s\"'<>]*/[\w:.-]*[\w:-]{20,}[^\s\"'<>]*")
# A phone number as a provider may quote it: 6 digits or more, maybe after "+", maybe spaced.
PHONE_NUMBER = re.compile(r"\+?\d(?:[\s.-]?\d){5,}")


def without_addresses(text: str) -> str:
    """A provider's error message without the email addresses it quotes, fit for logs."""
    return EMAIL_ADDRESS.sub("[adresse masquée]", text)


def without_phone_numbers(text: str) -> str:
    """A provider's error message without the phone numbers it quotes, fit for logs."""
    return PHONE_NUMBER.sub("[numéro masqué]", text)


def without_private_links(text: str) -> str:
    return PRIVATE_LINK.sub("[lien personnel masqué]", text)


# Below the Redis transport's one-hour visibility timeout, after which a waiting retry would be delivered twice.
RETRY_MAX_DELAY = 30 * 60


def retry_delay(attempts: int, *, first: int | None = None) -> int:
    """Seconds to wait after failed attempt number `attempts` (1, 2, …): `first` (EMAIL_RETRY_DELAY_SECONDS by
    default), then doubled, capped."""
    first = settings.EMAIL_RETRY_DELAY_SECONDS if first is None else first
    return min(first * 2 ** (attempts - 1), RETRY_MAX_DELAY)


def related_type_of(obj: models.Model) -> str:
    """How a message names the object it is about, e.g. "contact_requests.contactrequest"."""
    return obj._meta.label_lower


class OutboxQuerySet(models.QuerySet):
    # What a row looks like once `scrub()` erased it.
    scrubbed = Q(pk__in=[])

    def queued(self):
        return self.filter(status=MessageStatus.QUEUED)

    def sent(self):
        return self.filter(status=MessageStatus.SENT)

    def failed(self):
        return self.filter(status=MessageStatus.FAILED)

    def undelivered(self):
        """Sent, but the provider reported that they never reached their recipient."""
        return self.filter(delivery_status__in=DeliveryStatus.undelivered())

    def related_to(self, obj: models.Model):
        return self.filter(related_type=related_type_of(obj), related_id=obj.pk)

    def to_purge(self, now: datetime.datetime):
        """Messages written more than MESSAGE_RETENTION_MONTHS ago and not erased yet, whatever they are about
        (an invitation, a password reset, an offer…): their recipients and words go, what statistics count stays.
        Those of a youth's request may go earlier, with the request's own purge."""
        cutoff = now - datetime.timedelta(days=30 * settings.MESSAGE_RETENTION_MONTHS)
        over = [MessageStatus.SENT, MessageStatus.FAILED]
        return self.filter(created_at__lt=cutoff, status__in=over).exclude(self.scrubbed)

    def to_requeue(self, now: datetime.datetime):
        """Queued messages that nothing has touched for …_REQUEUE_AFTER_MINUTES: their task was lost.

        `scheduled_at` is when a send task was expected to run: the creation, the end of a retry's backoff, or the
        last requeue. So a message created (or last attempted, plus its backoff) that long ago and still queued is due,
        while one waiting for a scheduled retry is left to that retry. A message still "sending" that long after its
        attempt started was interrupted (worker killed): it is handed again, and its send decides (see tasks.py).
        """
        cutoff = now - datetime.timedelta(minutes=self.model.setting("REQUEUE_AFTER_MINUTES"))
        return self.filter(
            Q(status=MessageStatus.QUEUED, scheduled_at__lte=cutoff)
            | Q(status=MessageStatus.SENDING, last_attempt_at__lte=cutoff)
        )


class OutboxMessage(models.Model):
    """What e-mails and SMS share: the object they are about, and their life in the outbox."""

    # The prefix of the channel's settings: EMAIL_MAX_ATTEMPTS, SMS_MAX_ATTEMPTS…
    settings_prefix = ""

    # The object the message is about, named without importing its app ("contact_requests.contactrequest", pk).
    related_type = models.CharField("type de l’objet concerné", max_length=100, blank=True)
    related_id = models.PositiveBigIntegerField("identifiant de l’objet concerné", null=True, blank=True)

    status = models.CharField("statut", max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
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

    delivery_status = models.CharField(
        "remise", max_length=10, choices=DeliveryStatus.choices, blank=True, help_text="Ce que le fournisseur a dit."
    )
    delivery_reported_at = models.DateTimeField("remise signalée le", null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def setting(cls, name: str):
        return getattr(settings, f"{cls.settings_prefix}_{name}")

    def was_interrupted(self, now: datetime.datetime) -> bool:
        """Still "sending" so long after its attempt started that the worker which made it must have died."""
        cutoff = now - datetime.timedelta(minutes=self.setting("REQUEUE_AFTER_MINUTES"))
        return self.status == MessageStatus.SENDING and self.last_attempt_at <= cutoff

    def start_attempt(self, *, at: datetime.datetime):
        """Record, before handing the message to the provider, that it is being sent (committed by the caller)."""
        self.status = MessageStatus.SENDING
        self.attempts += 1
        self.last_attempt_at = at
        self.save(update_fields=["status", "attempts", "last_attempt_at"])

    def record_failed_attempt(self, *, at: datetime.datetime, error: str, permanent: bool = False) -> int | None:
        """Record that the attempt started by `start_attempt` failed; returns the seconds before the next one, or None
        once the message is failed (after …_MAX_ATTEMPTS, or at once for an error that no retry can fix)."""
        self.last_error = error
        if permanent or self.attempts >= self.setting("MAX_ATTEMPTS"):
            self.status = MessageStatus.FAILED
            self.failed_at = at
            delay = None
        else:
            self.status = MessageStatus.QUEUED
            delay = retry_delay(self.attempts, first=self.setting("RETRY_DELAY_SECONDS"))
            self.scheduled_at = at + datetime.timedelta(seconds=delay)
        self.save(update_fields=["last_error", "status", "failed_at", "scheduled_at"])
        return delay

    def requeue(self, *, at: datetime.datetime):
        """Put a failed message back in the queue, with all its attempts ahead of it (the last error is kept)."""
        self.status = MessageStatus.QUEUED
        self.attempts = 0
        self.failed_at = None
        self.scheduled_at = at
        self.save(update_fields=["status", "attempts", "failed_at", "scheduled_at"])

    def _report_delivery(self, status: str, *, at: datetime.datetime) -> list[str]:
        """Keep the most telling report: a message that did not arrive stays so, a complaint outweighs a delivery."""
        rank = {"": 0, DeliveryStatus.DELIVERED: 1, DeliveryStatus.COMPLAINED: 2}
        if rank.get(status, 3) >= rank.get(self.delivery_status, 3):
            self.delivery_status = status
        self.delivery_reported_at = at
        return ["delivery_status", "delivery_reported_at"]


class EmailQuerySet(OutboxQuerySet):
    scrubbed = Q(body_text="")

    def scrub(self) -> int:
        """Erases every copy of the people and words of these emails: recipients, bodies, the provider's answer."""
        return self.update(
            recipients=[],
            reply_to=[],
            undelivered_to=[],
            body_text="",
            body_html="",
            provider_response=None,
            last_error="",
        )

    def with_provider_message_id(self, message_id: str):
        """The emails the provider knows by `message_id`, written with or without its angle brackets."""
        bare = message_id.strip().removeprefix("<").removesuffix(">")
        return self.filter(provider_message_id__in=[bare, f"<{bare}>"]) if bare else self.none()


class Email(OutboxMessage):
    settings_prefix = "EMAIL"

    kind = models.CharField("type d’e-mail", max_length=100)
    from_email = models.CharField("expéditeur", max_length=320)
    recipients = models.JSONField("destinataires", default=list)
    reply_to = models.JSONField("répondre à", default=list, blank=True)
    subject = models.TextField("objet")
    body_text = models.TextField("texte")
    body_html = models.TextField("HTML", blank=True)
    contains_private_link = models.BooleanField(
        "contient un lien personnel", default=False, help_text="Son texte est effacé une fois l’e-mail envoyé."
    )
    undelivered_to = models.JSONField(
        "non remis à", default=list, blank=True, help_text="Destinataires dont le fournisseur a dit l’échec."
    )

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"
        indexes = [
            models.Index(fields=["related_type", "related_id"], name="notifications_email_related"),
            # The requeue sweep reads only the queued rows, every minute.
            models.Index(
                fields=["scheduled_at"], condition=Q(status=MessageStatus.QUEUED), name="notifications_email_queued"
            ),
            # The provider's webhook finds the email by the id the provider gave it.
            models.Index(fields=["provider_message_id"], name="notifications_email_provider"),
        ]

    def __str__(self):
        return f"{self.kind} à {', '.join(self.recipients)}"

    def mark_sent(self, *, at: datetime.datetime, provider_message_id: str = "", provider_response=None):
        self.status = MessageStatus.SENT
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

    def record_delivery(self, *, status: str, recipient: str, at: datetime.datetime) -> bool:
        """Record what the provider reported for one recipient; True when it newly says that recipient never got it."""
        fields = self._report_delivery(status, at=at)
        newly_undelivered = status in DeliveryStatus.undelivered() and recipient not in self.undelivered_to
        if newly_undelivered:
            self.undelivered_to = [*self.undelivered_to, recipient]
            fields.append("undelivered_to")
        self.save(update_fields=fields)
        return newly_undelivered


class SmsQuerySet(OutboxQuerySet):
    scrubbed = Q(body="")

    def billed(self):
        """The SMS that cost or will cost: not those failed before the provider took them (refused, no number)."""
        return self.exclude(status=MessageStatus.FAILED, sent_at__isnull=True)

    def segments_charged_to(self, charged_to: str, *, since: datetime.datetime) -> int:
        """The segments billed to one budget since a moment (the start of its month)."""
        billed = self.billed().filter(charged_to=charged_to, created_at__gte=since)
        return billed.aggregate(segments=Coalesce(Sum("segments"), 0))["segments"]

    def costs_by_month(self):
        """Per budget and per month (in the site's time zone), the SMS written and the segments billed, the latest
        month first."""
        billed = ~Q(status=MessageStatus.FAILED, sent_at__isnull=True)
        return (
            self.annotate(month=TruncMonth("created_at"))
            .values("month", "charged_to")
            .annotate(
                written=Count("pk"),
                billed=Count("pk", filter=billed),
                segments=Coalesce(Sum("segments", filter=billed), 0),
            )
            .order_by("-month", "charged_to")
        )

    def scrub(self) -> int:
        """Erases every copy of the person and words of these SMS: number, text, the provider's answer."""
        return self.update(recipient="", body="", provider_response=None, last_error="")

    def to_requeue(self, now: datetime.datetime):
        """As for e-mails, but an SMS deferred to the morning (`not_before`) waits for it, and is handed at that time
        (its `scheduled_at`, earlier than `not_before` until then, is set to the time it is handed)."""
        deferred = Q(not_before__isnull=False, not_before__gt=now)
        due_in_the_morning = Q(status=MessageStatus.QUEUED, not_before__lte=now, scheduled_at__lt=F("not_before"))
        return super().to_requeue(now).exclude(deferred) | self.filter(due_in_the_morning)


def default_time_zone() -> str:
    return settings.TIME_ZONE


class Sms(OutboxMessage):
    settings_prefix = "SMS"

    kind = models.CharField("type de SMS", max_length=100)
    sender = models.CharField("expéditeur", max_length=15)
    recipient = models.CharField("numéro", max_length=16, help_text="Au format international (+33…).")
    body = models.TextField("texte")
    encoding = models.CharField("alphabet", max_length=4, choices=SmsEncoding.choices, default=SmsEncoding.GSM7)
    segments = models.PositiveSmallIntegerField("segments", default=1, help_text="Chaque segment est facturé.")
    time_zone = models.CharField(
        "fuseau horaire", max_length=64, default=default_time_zone, help_text="Pas d’envoi entre 20 h et 8 h."
    )
    not_before = models.DateTimeField(
        "pas avant", null=True, blank=True, help_text="Écrit la nuit : envoyé à 8 h, heure de son fuseau horaire."
    )
    # Sent with the SMS (as its tag, and in the address of its delivery report): the provider's logs and reports name
    # it, so an SMS whose send was interrupted can be found there.
    key = models.UUIDField("clé d’idempotence", default=uuid.uuid4, unique=True, editable=False)
    contains_private_link = models.BooleanField(
        "contient un lien personnel", default=False, help_text="Son texte est effacé une fois le SMS envoyé."
    )
    # Whose SMS budget pays for it, named by the app that writes it (a territory's slug): costs are counted and capped
    # by it without the outbox knowing what a territory is.
    charged_to = models.CharField(
        "à la charge de", max_length=100, blank=True, help_text="Le budget qui paie ce SMS (un territoire)."
    )

    objects = SmsQuerySet.as_manager()

    class Meta:
        verbose_name = "SMS"
        verbose_name_plural = "SMS"
        indexes = [
            models.Index(fields=["related_type", "related_id"], name="notifications_sms_related"),
            models.Index(
                fields=["scheduled_at"], condition=Q(status=MessageStatus.QUEUED), name="notifications_sms_queued"
            ),
            models.Index(fields=["provider_message_id"], name="notifications_sms_provider"),
            # The month's SMS of one budget, counted before each SMS that its cap may stop.
            models.Index(fields=["charged_to", "created_at"], name="notifications_sms_charged"),
        ]

    def __str__(self):
        return f"{self.kind} à {self.recipient}"

    def mark_sent(self, *, at: datetime.datetime, provider_message_id: str = "", provider_response=None):
        self.status = MessageStatus.SENT
        self.sent_at = at
        self.failed_at = None
        self.provider_message_id = provider_message_id[:255]
        self.provider_response = provider_response
        if self.contains_private_link:
            self.body = PRIVATE_LINK_REDACTED
        self.save(update_fields=["status", "sent_at", "failed_at", "provider_message_id", "provider_response", "body"])

    def defer(self, *, until: datetime.datetime):
        """Leave it queued until `until` (a night began while it waited): the sweep hands it over then."""
        self.status = MessageStatus.QUEUED
        self.not_before = until
        self.save(update_fields=["status", "not_before"])

    def give_up_interrupted(self, *, at: datetime.datetime):
        """An attempt was cut short while the provider had it: it may have left, so it is not sent again blindly."""
        self.status = MessageStatus.FAILED
        self.failed_at = at
        self.last_error = (
            "Envoi interrompu pendant la remise au fournisseur : le SMS est peut-être parti. "
            f"Le chercher dans le journal du fournisseur (étiquette {self.key}) avant de le renvoyer."
        )
        self.save(update_fields=["status", "failed_at", "last_error"])

    def record_delivery(
        self, *, status: str, at: datetime.datetime, provider_message_id: str = "", report: dict | None = None
    ) -> bool:
        """Record the provider's delivery report; True when it newly says the SMS never reached the phone.

        A report proves that the provider took the SMS: one whose send was interrupted, or is still recorded as being
        sent, is marked sent.
        """
        newly_undelivered = (
            status in DeliveryStatus.undelivered() and self.delivery_status not in DeliveryStatus.undelivered()
        )
        if self.status != MessageStatus.SENT:
            self.mark_sent(at=at, provider_message_id=provider_message_id, provider_response=report)
        if status:
            self.save(update_fields=self._report_delivery(status, at=at))
        return newly_undelivered


def scrub_messages_about(obj: models.Model) -> int:
    """Erases the people and words of every e-mail and SMS about `obj`, keeping what statistics count (kinds, dates,
    statuses, SMS segments): the retention purge of `obj` calls it. Returns how many rows were scrubbed."""
    return Email.objects.related_to(obj).scrub() + Sms.objects.related_to(obj).scrub()

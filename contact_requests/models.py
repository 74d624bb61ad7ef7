import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from contact_requests.enums import (
    ACTIVE_STATUSES,
    CONTACT_OUTCOMES,
    OPEN_STATUSES,
    ContactChannel,
    EscalationReason,
    EventKind,
    Outcome,
    RequestStatus,
)

# Registered with the app through this module; other apps import the model and the conditions from here.
from contact_requests.events import RequestEvent  # noqa: F401
from contact_requests.querysets import (  # noqa: F401
    ContactRequestQuerySet,
    contacted_condition,
    due_today_condition,
    escalated_condition,
    overdue_condition,
    still_escalated_condition,
)
from contact_requests.short_links import ShortLink
from contact_requests.youth_side import YouthSide
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.models import Theme
from territories import working_days
from territories.models import Commune, Territory

User = get_user_model()
TRACKING_SALT = "contact_requests.tracking"
# Unambiguous characters only: a reference is read over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Reminders and questions go out at the start of the local working day, not in the night.
MORNING = datetime.time(8, 0)
# The answers kept after the purge: what the statistics count, nothing that tells a youth's story.
STATISTICS_ANSWERS = ("age", "situation")
# The history's free text, erased by the purge: notes, hand-over notes, national staff's correction notes.
FREE_TEXT_EVENTS = (EventKind.NOTE, EventKind.TRANSFERRED, EventKind.EDITED)
FREE_TEXT_KEYS = ("text", "note")
# A private link sent again on a duplicate request goes out at most this often, so nobody can flood a youth's inbox.
LINK_RESEND_INTERVAL = datetime.timedelta(hours=1)
# An animator's reminder to an organisation goes out at most this often.
ORGANISATION_REMINDER_INTERVAL = datetime.timedelta(hours=1)


def new_reference() -> str:
    return "BJ-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class ContactRequest(YouthSide, models.Model):
    """A youth asks to be contacted about an offer; a professional must do so before `due_at`."""

    reference = models.CharField("référence", max_length=12, unique=True, default=new_reference, editable=False)
    submission_key = models.UUIDField(unique=True, editable=False, help_text="Protège du double envoi.")
    offer = models.ForeignKey(Offer, verbose_name="offre", on_delete=models.PROTECT, related_name="contact_requests")
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.PROTECT, related_name="contact_requests"
    )
    territory = models.ForeignKey(
        Territory, verbose_name="territoire", on_delete=models.PROTECT, null=True, related_name="contact_requests"
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="contact_requests"
    )
    theme = models.ForeignKey(Theme, verbose_name="thème", on_delete=models.PROTECT, related_name="contact_requests")
    # The youth's personal data, erased by the retention purge.
    first_name = models.CharField("prénom", max_length=60, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = PhoneNumberField("téléphone portable", blank=True)
    preferred_channel = models.CharField(
        "préfère être contacté·e", max_length=10, choices=ContactChannel.choices, default=ContactChannel.EMAIL
    )
    message = models.TextField("message", blank=True, max_length=1000)
    # The youth's consent: given by the youth on the form, or stated by the professional who oriented them
    # (`oriented_by`), at `consent_at` either way.
    consent_at = models.DateTimeField("consentement donné le")
    # What the youth answered, kept as it was said (questions may change later).
    answers = models.JSONField("réponses", default=dict)
    answers_in_words = models.JSONField("réponses en clair", default=list)

    status = models.CharField("état", max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW)
    created_at = models.DateTimeField("reçue le", default=timezone.now, db_index=True)
    due_at = models.DateTimeField("à contacter avant le", db_index=True)
    remind_at = models.DateTimeField("rappel prévu le")
    follow_up_at = models.DateTimeField("question au jeune prévue le")
    escalate_at = models.DateTimeField("signalement prévu le")
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    followed_up_at = models.DateTimeField("question envoyée le", null=True, blank=True)
    escalated_at = models.DateTimeField("signalée le", null=True, blank=True)
    no_contact_reported_at = models.DateTimeField(
        "le ou la jeune dit ne pas avoir été contacté·e le", null=True, blank=True
    )
    taken_at = models.DateTimeField("prise en charge le", null=True, blank=True)
    contacted_at = models.DateTimeField("jeune contacté·e le", null=True, blank=True)
    # Computed once when contacted, so that statistics aggregate it in the database (holidays are per département).
    working_days_to_contact = models.PositiveSmallIntegerField(
        "jours ouvrés avant le contact", null=True, blank=True, editable=False
    )
    contact_channel = models.CharField("contacté·e", max_length=10, choices=ContactChannel.choices, blank=True)
    finished_at = models.DateTimeField("terminée le", null=True, blank=True)
    outcome = models.CharField("suite donnée", max_length=30, choices=Outcome.choices, blank=True)
    outcome_comment = models.TextField("commentaire", blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="suivie par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_requests",
    )
    anonymised_at = models.DateTimeField("données effacées le", null=True, blank=True)
    # A professional of another organisation oriented the youth here (see orientation.py): who, for which structure.
    oriented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="orienté·e par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientations",
    )
    oriented_from = models.ForeignKey(
        Organisation,
        verbose_name="orienté·e par la structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientations_sent",
    )

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de contact"
        verbose_name_plural = "demandes de contact"
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["organisation", "due_at"], name="request_organisation_due_idx"),
            models.Index(fields=["territory", "due_at"], name="request_territory_due_idx"),
            # The requests still waiting for a contact, by due date: the work lists and the slipped requests read
            # these few among a year of finished ones.
            models.Index(
                fields=["organisation", "due_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="request_organisation_open_idx",
            ),
            models.Index(
                fields=["territory", "due_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="request_territory_open_idx",
            ),
            # The "En cours" tab of an organisation's requests, and its count.
            models.Index(
                fields=["organisation", "due_at"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="request_org_active_idx",
            ),
            # The offer filter of the request list reads these alone, without visiting the requests.
            models.Index(fields=["organisation", "offer"], name="request_organisation_offer_idx"),
            models.Index(fields=["territory", "offer"], name="request_territory_offer_idx"),
            # The nightly purge finds the few requests to anonymise (`to_anonymise`) among a year of others.
            models.Index(
                fields=["status", "finished_at"],
                condition=models.Q(anonymised_at__isnull=True),
                name="request_to_anonymise_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone="") | models.Q(anonymised_at__isnull=False),
                name="contact_request_has_email_or_phone",
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def department(self) -> str:
        """Where the organisation is: its holidays and its clock count."""
        return self.organisation.commune.department_id

    @property
    def is_orientation(self) -> bool:
        return self.oriented_from_id is not None

    @property
    def oriented_by_in_words(self) -> str:
        """ "Mission locale de Reims, Camille Martin": who oriented the youth, as the receiving side reads it."""
        if not self.is_orientation:
            return ""
        person = str(self.oriented_by) if self.oriented_by else ""
        return ", ".join(filter(None, [self.oriented_from.name, person]))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        """The same rule as `overdue()`, for one request already read."""
        return self.is_open and self.due_at < timezone.now()

    @property
    def received_date(self) -> datetime.date:
        """The day the request was received, in the organisation's local time."""
        return working_days.local_date(self.created_at, self.department)

    @property
    def due_date(self) -> datetime.date:
        """The last day to contact the youth, in the organisation's local time."""
        return working_days.local_date(self.due_at, self.department)

    def promise(self) -> working_days.ContactPromise:
        """What the youth was promised when they asked, in the words of the offer page: the due date, and why the
        delay counts from a later day. The acknowledgement and the alert say it (a hand-over makes a new promise, told
        by its own emails)."""
        return working_days.contact_promise(self.created_at, self.offer.delay_days, self.department)

    @property
    def contacted_date(self) -> datetime.date | None:
        """The day of the first contact, in the organisation's local time."""
        return self.contacted_at and working_days.local_date(self.contacted_at, self.department)

    def local_today(self, now=None) -> datetime.date:
        """Today where the organisation is: the latest day a contact may be said to have happened."""
        return working_days.local_date(now or timezone.now(), self.department)

    def contact_moment(self, day: datetime.date, *, now=None) -> datetime.datetime:
        """The moment recorded for a contact a professional says they made on `day`, a day where the organisation
        is (see `working_days.moment_of`): never before the request arrived."""
        return working_days.moment_of(day, self.department, now=now or timezone.now(), not_before=self.created_at)

    def organisation_recipients(self) -> list[str]:
        """Who handles the request at the organisation: the offer's addresses, else the organisation's, else members."""
        return self.offer.alert_recipients()

    def animator_recipients(self) -> list[str]:
        """The territory's animators and its address; without any, the national team, so that someone always hears."""
        addresses = []
        if self.territory is not None:
            addresses = list(self.territory.animators.filter(is_active=True).values_list("email", flat=True))
            if self.territory.contact_email:
                addresses.append(self.territory.contact_email)
        if not addresses:
            addresses = list(
                User.objects.filter(is_staff=True, is_active=True).order_by("pk").values_list("email", flat=True)
            )
        return addresses

    def schedule(self, *, received_at, delay):
        """Due date, then reminder on the due day, question to the youth a working day later, escalation two."""
        department = self.department
        self.due_at = working_days.due_at(received_at, delay, department)
        zone = working_days.time_zone(department)
        due_day = self.due_at.astimezone(zone).date()
        self.remind_at = datetime.datetime.combine(due_day, MORNING, tzinfo=zone)
        self.follow_up_at = datetime.datetime.combine(
            working_days.add_working_days(due_day, 1, department), MORNING, tzinfo=zone
        )
        self.escalate_at = datetime.datetime.combine(
            working_days.add_working_days(due_day, 2, department), MORNING, tzinfo=zone
        )

    def tracking_token(self) -> str:
        return signing.dumps(self.reference, salt=TRACKING_SALT)

    def tracking_url(self) -> str:
        return reverse("contact_requests:tracking", kwargs={"token": self.tracking_token()})

    def resend_tracking_link(self, *, by_email=True, by_sms=False) -> bool:
        """Sends the private link again to the email and/or the mobile given with the request (each at most once per
        LINK_RESEND_INTERVAL). Returns whether a message was queued."""
        from contact_requests import sms
        from contact_requests.emails import TrackingLinkAgain
        from notifications.models import Email, Sms

        if self.anonymised_at is not None:
            return False
        since, queued = timezone.now() - LINK_RESEND_INTERVAL, False
        with transaction.atomic():
            locked = ContactRequest.objects.select_for_update().get(pk=self.pk)
            emails = Email.objects.related_to(locked).filter(kind=TrackingLinkAgain.kind, created_at__gt=since)
            if by_email and self.email and not emails.exists():
                queued = bool(TrackingLinkAgain(contact_request=locked).queue())
            texts = Sms.objects.related_to(locked).filter(kind=sms.LinkAgain.kind, created_at__gt=since)
            if by_sms and self.phone and not texts.exists():
                queued = bool(sms.LinkAgain(contact_request=locked).queue()) or queued
        return queued

    def log(self, kind, *, by=None, at=None, **data):
        return self.events.create(kind=kind, actor=by, at=at or timezone.now(), data=data)

    def _lock(self):
        """Locks the request's row until the caller's transaction ends and reads it again: a second click (or a
        colleague, a sweep) that changed it meanwhile is seen, and nothing is done or sent twice."""
        self.refresh_from_db(from_queryset=ContactRequest.objects.select_for_update())

    # What the service does when nobody acts: each at most once per request.

    @transaction.atomic
    def remind(self, *, at):
        from contact_requests.emails import RequestReminder

        self.reminded_at = at
        self.save(update_fields=["reminded_at"])
        self.log(EventKind.REMINDED, at=at)
        RequestReminder(contact_request=self).queue()

    @transaction.atomic
    def follow_up(self, *, at):
        """The youth is asked whether someone called: by e-mail, and by SMS when it is one of their channels."""
        from contact_requests import sms
        from contact_requests.emails import RequestFollowUp

        self.followed_up_at = at
        self.save(update_fields=["followed_up_at"])
        self.log(EventKind.FOLLOWED_UP, at=at)
        if self.email:
            RequestFollowUp(contact_request=self).queue()
        sms.NoContactQuestion(contact_request=self).queue()

    @transaction.atomic
    def escalate(self, *, at, because=EscalationReason.OVERDUE):
        from contact_requests.emails import RequestEscalation

        self.escalated_at = at
        self.save(update_fields=["escalated_at"])
        self.log(EventKind.ESCALATED, at=at, because=because)
        RequestEscalation(contact_request=self, because=because).queue()

    # What the professional does.

    @transaction.atomic
    def take(self, *, by, at=None):
        at = at or timezone.now()
        self.handler, self.taken_at = by, at
        if self.status == RequestStatus.NEW:
            self.status = RequestStatus.TAKEN
        self.save(update_fields=["handler", "taken_at", "status"])
        self.log(EventKind.TAKEN, by=by, at=at)

    def set_contacted_at(self, at):
        """The moment of the first contact (None: none), and the working days it took: counted alike in the
        statistics' delays, whoever said it (a professional, the youth, a correction). Saved by the caller."""
        self.contacted_at = at
        self.working_days_to_contact = at and working_days.working_days_to(self.created_at, at, self.department)

    @transaction.atomic
    def mark_contacted(self, *, by, at, channel, said_at=None):
        """The youth was contacted at `at`; `said_at` is when the professional says so (now by default)."""
        self.status, self.contact_channel = RequestStatus.CONTACTED, channel
        self.set_contacted_at(at)
        self.handler = self.handler or by
        self.save(update_fields=["status", "contacted_at", "contact_channel", "working_days_to_contact", "handler"])
        self.log(EventKind.CONTACTED, by=by, at=said_at or timezone.now(), contacted_at=at.isoformat(), channel=channel)

    @transaction.atomic
    def close(self, *, by, outcome, comment="", at=None, contacted_at=None, channel=""):
        """Ends the request with what happened, first recording the contact (`contacted_at`, `channel`) when it was not
        yet: an outcome of CONTACT_OUTCOMES needs one. A youth nobody reached is told by email: no request ends in
        silence. Returns False, changing nothing, when it had ended already (a second click)."""
        from contact_requests import sms
        from contact_requests.emails import RequestClosedWithoutContact

        self._lock()
        if not self.is_active:
            return False
        at = at or timezone.now()
        if contacted_at is not None and self.contacted_at is None:
            self.mark_contacted(by=by, at=contacted_at, channel=channel, said_at=at)
        if outcome in CONTACT_OUTCOMES and self.contacted_at is None:
            raise ValueError(f"« {Outcome(outcome).label} » : le contact avec le ou la jeune n’est pas enregistré.")
        self.status, self.finished_at, self.outcome, self.outcome_comment = RequestStatus.CLOSED, at, outcome, comment
        self.save(update_fields=["status", "finished_at", "outcome", "outcome_comment"])
        self.log(EventKind.CLOSED, by=by, at=at, outcome=outcome)
        if self.contacted_at is None and self.email:
            RequestClosedWithoutContact(contact_request=self).queue()
        sms.Closed(contact_request=self).queue()
        return True

    def handover_offers(self):
        """Where the request may go: every other live offer covering the youth's commune, of any organisation."""
        communes = [self.commune_id, self.commune.parent_id] if self.commune.parent_id else [self.commune_id]
        territories = Territory.objects.open().filter(communes__in=communes).values("pk")
        return (
            Offer.objects.live()
            .covering(self.commune, territories)
            .exclude(pk=self.offer_id)
            .select_related("organisation", "theme")
            .order_by("closeness", "title", "pk")
        )

    @transaction.atomic
    def transfer(self, *, by, to_offer, note="", at=None):
        """Hands the request to another offer: a new organisation and delay, the organisation alerted, the youth told.

        `note` is for the receiving organisation: it reads it on the request page (never in an email).
        """
        from contact_requests.emails import RequestHandedOver, RequestTransferred

        at = at or timezone.now()
        previous = self.organisation
        self.offer, self.organisation, self.theme_id = to_offer, to_offer.organisation, to_offer.theme_id
        self.status, self.handler, self.taken_at = RequestStatus.NEW, None, None
        self.reminded_at = self.followed_up_at = self.escalated_at = self.no_contact_reported_at = None
        self.schedule(received_at=at, delay=to_offer.delay_days)
        self.save()
        self.log(
            EventKind.TRANSFERRED,
            by=by,
            at=at,
            from_organisation=previous.name,
            from_organisation_id=previous.pk,
            to_organisation=to_offer.organisation.name,
            to_offer=to_offer.title,
            note=note,
        )
        RequestHandedOver(contact_request=self, by=by, with_note=bool(note)).queue()
        if self.email:
            RequestTransferred(contact_request=self).queue()

    # What a territorial animator does with a request that slipped.

    def remind_organisation(self, *, by, at=None) -> bool:
        """The animator asks the organisation, by email, to contact the youth now.

        Returns whether the reminder went out: not twice within ORGANISATION_REMINDER_INTERVAL (a double click).
        """
        from contact_requests.emails import AnimatorReminder

        at = at or timezone.now()
        with transaction.atomic():
            self._lock()
            recent = self.events.filter(
                kind=EventKind.ORGANISATION_REMINDED, at__gt=at - ORGANISATION_REMINDER_INTERVAL
            )
            if not self.is_active or recent.exists():
                return False
            self.log(EventKind.ORGANISATION_REMINDED, by=by, at=at)
            AnimatorReminder(contact_request=self, by=by).queue()
        return True

    def add_note(self, *, by, text, at=None):
        """A note in the history, read by the organisation and the animators (never by the youth)."""
        return self.log(EventKind.NOTE, by=by, at=at or timezone.now(), text=text)

    @transaction.atomic
    def take_over(self, *, by, outcome, comment, at=None, contacted_at=None, channel=""):
        """The animator handles the request in the organisation's place, and closes it with what happened (and the
        contact they made, as `close`). Returns False, changing nothing, when it had ended already."""
        self._lock()
        if not self.is_active:
            return False
        at = at or timezone.now()
        self.handler, self.taken_at = by, self.taken_at or at
        self.save(update_fields=["handler", "taken_at"])
        self.log(EventKind.TAKEN_OVER, by=by, at=at)
        return self.close(by=by, outcome=outcome, comment=comment, at=at, contacted_at=contacted_at, channel=channel)

    @transaction.atomic
    def anonymise(self, *, at):
        """Erases what identifies the youth, the e-mails and SMS sent about the request and its short link; keeps what
        statistics need (place, theme, offer, dates, outcome, and of the answers only STATISTICS_ANSWERS)."""
        from notifications.models import scrub_messages_about

        self.first_name = self.email = self.message = self.outcome_comment = ""
        self.phone = ""
        self.answers = {key: value for key, value in self.answers.items() if key in STATISTICS_ANSWERS}
        self.answers_in_words = []
        self.anonymised_at = at
        self.save(
            update_fields=[
                "first_name",
                "email",
                "phone",
                "message",
                "outcome_comment",
                "answers",
                "answers_in_words",
                "anonymised_at",
            ]
        )
        scrub_messages_about(self)
        ShortLink.objects.filter(request=self).delete()
        self.erase_free_text_of_history()
        self.log(EventKind.ANONYMISED, at=at)

    def erase_free_text_of_history(self):
        """The words professionals wrote in the history (notes, hand-over notes, correction notes) may hold what
        identifies the youth (a phone number, an address, a pregnancy): erased, the events themselves kept."""
        events = list(self.events.filter(kind__in=FREE_TEXT_EVENTS))
        for event in events:
            event.data = {key: ("" if key in FREE_TEXT_KEYS else value) for key, value in event.data.items()}
        self.events.model.objects.bulk_update(events, ["data"])

import datetime
import functools

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.text import slugify

from offers import revisions
from offers.enums import VALIDATION_STEPS, Closeness, OfferEventKind, OfferFormat, OfferStatus, YouthState
from organisations.models import Organisation, reaching_youths
from questionnaires.enums import MAX_AGE, MIN_AGE, QuestionKind
from questionnaires.models import Theme
from territories import working_days
from territories.models import Commune, Department, Epci, Territory, places_of

# Freshness: an offer its organisation has not reviewed for OFFER_REVIEW_AFTER_MONTHS asks to be reviewed; after
# OFFER_HIDDEN_AFTER_MONTHS it leaves the youth side until it is. The review reminder follows the request by a month.
REVIEW_REMINDER_AFTER = relativedelta(months=1)
# Added to the title of a copy, so that the organisation tells it from the original.
COPY_SUFFIX = " (copie)"


def review_cutoff(day: datetime.date) -> datetime.date:
    """An offer last reviewed on or before this day is to be reviewed on `day`."""
    return day - relativedelta(months=settings.OFFER_REVIEW_AFTER_MONTHS)


def hidden_cutoff(day: datetime.date) -> datetime.date:
    """An offer last reviewed on or before this day is hidden from youths on `day`."""
    return day - relativedelta(months=settings.OFFER_HIDDEN_AFTER_MONTHS)


def first_day_with_cutoff_at(reviewed_at: datetime.date, cutoff) -> datetime.date:
    """The first day whose cutoff reaches `reviewed_at` (months have different lengths: step over month ends)."""
    day = reviewed_at + (reviewed_at - cutoff(reviewed_at))
    while cutoff(day - datetime.timedelta(days=1)) >= reviewed_at:
        day -= datetime.timedelta(days=1)
    while cutoff(day) < reviewed_at:
        day += datetime.timedelta(days=1)
    return day


def split_addresses(text: str) -> list[str]:
    """Email addresses typed one per line or separated by commas or semicolons."""
    return [address for address in text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",") if address]


def validate_addresses(text: str):
    for address in split_addresses(text):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                "« %(address)s » n’est pas une adresse e-mail complète : vérifiez le format nom@domaine.fr.",
                params={"address": address},
                code="invalid",
            ) from None


def awaiting_validation_condition() -> Q:
    """New offers submitted by their organisation, and changes to published offers, waiting for an animator."""
    return Q(status=OfferStatus.SUBMITTED) | Q(pending_changes__isnull=False)


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)

    def fresh(self, day: datetime.date):
        """Reviewed by its organisation recently enough to be shown to youths on `day`."""
        return self.filter(reviewed_at__gt=hidden_cutoff(day))

    def stale(self, day: datetime.date | None = None):
        """Published offers "à actualiser": unreviewed for OFFER_REVIEW_AFTER_MONTHS (hidden or soon hidden)."""
        return self.published().filter(reviewed_at__lte=review_cutoff(day or timezone.localdate()))

    def to_request_review(self, day: datetime.date):
        """Stale offers whose organisation was not asked yet to review them."""
        return self.stale(day).filter(review_requested_at__isnull=True)

    def to_remind_review(self, day: datetime.date, now: datetime.datetime):
        """Stale offers asked to be reviewed a month ago or more, and not reminded yet."""
        return self.stale(day).filter(
            review_requested_at__lte=now - REVIEW_REMINDER_AFTER, review_reminded_at__isnull=True
        )

    def awaiting_validation(self):
        return self.filter(awaiting_validation_condition())

    def sent_back(self):
        """Offers an animator sent back that their organisation has not sent again: a draft sent back, or a published
        offer whose change was sent back (its text waits in the organisation's form, see `Offer.sent_back_change`)."""
        steps = OfferEvent.objects.filter(offer=OuterRef("pk"), kind__in=VALIDATION_STEPS).order_by("-at", "-pk")
        return self.alias(last_step=Subquery(steps.values("kind")[:1])).filter(
            Q(status=OfferStatus.DRAFT, last_step=OfferEventKind.SENT_BACK)
            | Q(status=OfferStatus.PUBLISHED, pending_changes__isnull=True, last_step=OfferEventKind.CHANGE_SENT_BACK)
        )

    def covering_territories(self, territories):
        """Offers whose coverage meets the territories: national offers, and those whose communes, EPCI,
        départements or territories share a commune with one of them. The animators of these territories validate
        them (national staff validate every offer).

        The places of the territories are read once and cached (`places_of`), so that each kind of coverage is one
        indexed lookup of literal ids on its link table, whatever the number of offers.
        """
        places = places_of(territories)
        linked = (
            Offer.objects.filter(is_national=True)
            .order_by()
            .values("pk")
            .union(
                Offer.territories.through.objects.filter(territory__in=places.territories).values("offer_id"),
                Offer.communes.through.objects.filter(commune__in=places.communes).values("offer_id"),
                Offer.epcis.through.objects.filter(epci__in=places.epcis).values("offer_id"),
                Offer.departments.through.objects.filter(department__in=places.departments).values("offer_id"),
                all=True,
            )
        )
        return self.filter(pk__in=linked)

    def relying_on_themes(self, territory_id: int, themes):
        """The local offers of these themes that youths of the territory see today: switching the themes off there
        would hide them (national offers do not depend on a territory's themes)."""
        return self.live().filter(theme__in=themes, is_national=False).covering_territories([territory_id])

    def with_youth_state(self, day: datetime.date | None = None):
        """`is_live`: whether youths see the offer on `day` (see `live`), for `Offer.youth_state`."""
        return self.annotate(is_live=Exists(Offer.objects.live(day).filter(pk=OuterRef("pk"))))

    def valid_on(self, day: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def national(self):
        return self.filter(is_national=True)

    def live(self, day: datetime.date | None = None):
        """The one definition of what youths see and may ask to be contacted about on `day` (today by default):
        published, within its validity dates, reviewed by its organisation less than OFFER_HIDDEN_AFTER_MONTHS ago,
        from an organisation that reaches youths (active, current charter signed).
        """
        day = day or timezone.localdate()
        return self.published().valid_on(day).fresh(day).filter(reaching_youths("organisation__"))

    def covering(self, commune: Commune, territories):
        """Offers whose coverage includes the commune, annotated with how close they are (`closeness`).

        Each kind of coverage is one uncorrelated subquery on its (indexed) link table, so the cost follows the
        offers near the commune, not all the offers of the country.
        """
        communes = [commune.pk, commune.parent_id] if commune.parent_id else [commune.pk]
        links = {
            Closeness.COMMUNE: Offer.communes.through.objects.filter(commune__in=communes),
            Closeness.EPCI: Offer.epcis.through.objects.filter(epci=commune.epci_id),
            Closeness.DEPARTMENT: Offer.departments.through.objects.filter(department=commune.department_id),
            Closeness.TERRITORY: Offer.territories.through.objects.filter(territory__in=territories),
        }
        near = {closeness: Q(pk__in=link.values("offer_id")) for closeness, link in links.items()}
        # Start from the offers linked to the place, not from every offer of the theme.
        linked = (
            Offer.objects.filter(is_national=True)
            .order_by()
            .values("pk")
            .union(*(link.order_by().values("offer_id") for link in links.values()), all=True)
        )
        return self.filter(pk__in=linked).annotate(
            closeness=Case(
                *(When(condition, then=Value(closeness)) for closeness, condition in near.items()),
                default=Value(Closeness.NATIONAL),
            )
        )

    def reaching(self, commune: Commune, territories):
        """The offers a youth of the commune may see and ask for: those covering it within its open territories
        where the theme is active (`territories`), and, anywhere, those open to the whole country."""
        offers = self if territories else self.national()
        return offers.covering(commune, territories)

    def with_page_data(self):
        return self.select_related("organisation__commune", "theme")


class Offer(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.PROTECT, related_name="offers"
    )
    theme = models.ForeignKey(Theme, verbose_name="thème", on_delete=models.PROTECT, related_name="offers")
    title = models.CharField("titre", max_length=120)
    summary = models.CharField(
        "en une phrase", max_length=250, help_text="Ce que le ou la jeune y gagne, en mots simples."
    )
    description = models.TextField("en détail", help_text="Ce que c’est, pour qui, ce que ça apporte.")
    how_it_happens = models.TextField("comment ça se passe", help_text="Les étapes, la durée, ce qu’il faut apporter.")
    format = models.CharField("où", max_length=10, choices=OfferFormat.choices, default=OfferFormat.ON_SITE)
    place = models.CharField("adresse du rendez-vous", max_length=250, blank=True)
    # Coverage: where the youth must live for the offer to be shown.
    is_national = models.BooleanField("partout en France", default=False)
    communes = models.ManyToManyField(Commune, verbose_name="communes", blank=True, related_name="offers")
    epcis = models.ManyToManyField(Epci, verbose_name="intercommunalités", blank=True, related_name="offers")
    departments = models.ManyToManyField(Department, verbose_name="départements", blank=True, related_name="offers")
    territories = models.ManyToManyField(Territory, verbose_name="territoires", blank=True, related_name="offers")
    answers_urgent_need = models.BooleanField(
        "répond à une urgence",
        default=False,
        help_text="Mise à l’abri, danger, urgence de santé : l’offre passe en tête pour les jeunes qui en ont besoin.",
    )
    delay_days = models.PositiveSmallIntegerField(
        "délai de contact (jours ouvrés)", validators=[MinValueValidator(1), MaxValueValidator(7)], default=3
    )
    alert_emails = models.TextField(
        "adresses qui reçoivent les demandes",
        blank=True,
        validators=[validate_addresses],
        help_text="Une adresse par ligne. Vide : l’adresse de la structure, ou à défaut ses membres.",
    )
    # Eligibility: an age range and, per question key, the accepted choice keys (no entry: every answer fits).
    age_min = models.PositiveSmallIntegerField(
        "âge minimum", default=MIN_AGE, validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        "âge maximum", default=MAX_AGE, validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
    )
    criteria = models.JSONField(
        "critères", default=dict, blank=True, help_text="Par clé de question, la liste des clés de réponses acceptées."
    )
    status = models.CharField("état", max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    valid_from = models.DateField("visible à partir du", null=True, blank=True)
    valid_until = models.DateField("visible jusqu’au", null=True, blank=True)
    # The last day the organisation said the offer is right (by editing it or in one click): see `fresh`.
    reviewed_at = models.DateField("dernière relecture", default=timezone.localdate)
    review_requested_at = models.DateTimeField("relecture demandée le", null=True, blank=True)
    review_reminded_at = models.DateTimeField("relecture rappelée le", null=True, blank=True)
    # A change to a published offer waits here, field by field, until an animator publishes it: youths keep
    # seeing the published version meanwhile (see `offers.revisions`).
    pending_changes = models.JSONField("modification à valider", null=True, blank=True, editable=False)
    # When the new offer or the pending change was sent for validation.
    submitted_at = models.DateTimeField("envoyée pour validation le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre"
        ordering = ["title"]
        indexes = [
            models.Index(fields=["theme", "status"]),
            models.Index(fields=["is_national"], condition=Q(is_national=True), name="offer_national_idx"),
            models.Index(
                fields=["submitted_at"],
                condition=awaiting_validation_condition(),
                name="offer_awaiting_validation_idx",
            ),
            models.Index(fields=["status", "reviewed_at"], name="offer_status_reviewed_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(age_min__lte=models.F("age_max")), name="offer_age_range_in_order"),
            models.CheckConstraint(condition=Q(delay_days__gte=1, delay_days__lte=7), name="offer_delay_1_to_7_days"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return offer_url(self.pk, self.title)

    def alert_recipients(self) -> list[str]:
        """Who hears of a request for this offer: its own addresses, else its organisation's (see Organisation)."""
        return split_addresses(self.alert_emails) or self.organisation.alert_recipients()

    @property
    def delay_in_words(self) -> str:
        return working_days.in_words(self.delay_days)

    def contact_promise(self, now=None) -> working_days.ContactPromise:
        """What a youth who asks `now` is promised: the due date their request would get, and why it is later."""
        return working_days.contact_promise(
            now or timezone.now(), self.delay_days, self.organisation.commune.department_id
        )

    def contact_deadline(self, now=None) -> datetime.date:
        """The last day a youth who asks `now` is contacted by: the due date their request would get."""
        return self.contact_promise(now).due_on

    # Validation and freshness. Each state change writes the offer's history and queues its emails.

    @property
    def has_pending_changes(self) -> bool:
        return self.pending_changes is not None

    def sent_back_change(self) -> "OfferEvent | None":
        """The change to the published offer that an animator sent back, until the organisation proposes another one,
        withdraws it or sees another published (`sent_back()`, for one offer): its form starts from it, nothing lost."""
        if self.status != OfferStatus.PUBLISHED or self.has_pending_changes:
            return None
        latest = self.events.filter(kind__in=VALIDATION_STEPS).select_related("actor").first()
        return latest if latest and latest.kind == OfferEventKind.CHANGE_SENT_BACK else None

    @property
    def is_awaiting_validation(self) -> bool:
        """The same rule as `awaiting_validation()`, for one offer already read."""
        return self.status == OfferStatus.SUBMITTED or self.has_pending_changes

    @property
    def review_due_on(self) -> datetime.date:
        return first_day_with_cutoff_at(self.reviewed_at, review_cutoff)

    @property
    def hidden_from(self) -> datetime.date:
        """The first day youths no longer see the offer if its organisation does not review it."""
        return first_day_with_cutoff_at(self.reviewed_at, hidden_cutoff)

    def is_stale(self, day: datetime.date | None = None) -> bool:
        return self.reviewed_at <= review_cutoff(day or timezone.localdate())

    def youth_state(self, day: datetime.date | None = None) -> YouthState:
        """What youths see of the offer, and why not: "published" only ever reads for a live offer."""
        day = day or timezone.localdate()
        is_live = getattr(self, "is_live", None)
        if is_live is None:
            is_live = Offer.objects.live(day).filter(pk=self.pk).exists()
        if is_live:
            return YouthState.LIVE
        if self.status != OfferStatus.PUBLISHED:
            return YouthState(self.status)
        if self.valid_from and self.valid_from > day:
            return YouthState.NOT_YET
        if self.valid_until and self.valid_until < day:
            return YouthState.EXPIRED
        if self.reviewed_at <= hidden_cutoff(day):
            return YouthState.STALE
        return YouthState.ORGANISATION_HIDDEN

    def log(self, kind: OfferEventKind, *, by=None, at=None, comment="", changes=None) -> "OfferEvent":
        return self.events.create(kind=kind, actor=by, at=at or timezone.now(), comment=comment, changes=changes)

    def snapshot(self) -> dict:
        return revisions.snapshot(self)

    @transaction.atomic
    def save_edit(self, *, by, at=None, save_related=lambda: None):
        """Saves a new offer, or an edit of one youths do not see (draft, submitted, archived): editing it counts as
        reviewing it. A published offer changes through `propose_changes` instead. `save_related` saves what needs
        the saved offer (its coverage), in the same transaction."""
        if self.status == OfferStatus.PUBLISHED and self.pk is not None:
            raise ValueError("Une offre publiée change par une modification soumise à validation.")
        at = at or timezone.now()
        is_new = self.pk is None
        self._reviewed(at)
        self.save()
        save_related()
        self.log(OfferEventKind.CREATED if is_new else OfferEventKind.EDITED, by=by, at=at)

    @transaction.atomic
    def duplicate(self, *, by, at=None) -> "Offer":
        """A draft copy with the same texts, coverage and criteria, for the organisation to adapt."""
        at = at or timezone.now()
        copy = Offer.objects.get(pk=self.pk)
        copy.pk = None
        copy._state.adding = True
        copy.title = self.title[: Offer._meta.get_field("title").max_length - len(COPY_SUFFIX)] + COPY_SUFFIX
        copy.status = OfferStatus.DRAFT
        copy.pending_changes, copy.submitted_at = None, None
        copy._reviewed(at)
        copy.save()
        for name in ("communes", "epcis", "departments", "territories"):
            getattr(copy, name).set(getattr(self, name).all())
        copy.log(OfferEventKind.COPIED, by=by, at=at, comment=f"Copie de « {self.title} ».")
        return copy

    @transaction.atomic
    def submit(self, *, by, at=None) -> bool:
        """A draft goes to the animators of the territories it covers; youths do not see it yet.

        Returns False, changing nothing, for an offer that is not a draft.
        """
        if self.status != OfferStatus.DRAFT:
            return False
        at = at or timezone.now()
        self.status, self.submitted_at = OfferStatus.SUBMITTED, at
        self._reviewed(at)
        self.save()
        self.log(OfferEventKind.SUBMITTED, by=by, at=at)
        return True

    @transaction.atomic
    def propose_changes(self, *, values: dict, by, at=None) -> bool:
        """Keeps a change to a published offer apart until an animator publishes it: youths keep seeing the
        published version. `values` are the offer's fields as a form cleans them; those youths never see
        (`revisions.DIRECT_FIELDS`) apply at once. Proposing the published version again withdraws the pending change,
        or the one sent back.
        Returns whether a change now waits for validation.
        """
        at = at or timezone.now()
        for name in revisions.DIRECT_FIELDS:
            if name in values:
                setattr(self, name, values[name])
        changes = revisions.changes_between(self.snapshot(), revisions.normalise(values))
        withdrawn = (self.has_pending_changes or self.sent_back_change() is not None) and not changes
        self.pending_changes = changes or None
        self.submitted_at = at if changes else None
        self._reviewed(at)
        self.save()
        if changes:
            self.log(OfferEventKind.CHANGE_SUBMITTED, by=by, at=at, changes=changes)
        elif withdrawn:
            self.log(OfferEventKind.CHANGE_WITHDRAWN, by=by, at=at)
        return bool(changes)

    def publish(self, *, by, at=None) -> "OfferEvent | None":
        """An animator publishes the new offer, or the pending change: youths see it at once.

        Returns the event written, or None, changing nothing, when the offer no longer awaits validation (see
        `_lock_awaiting_validation`).
        """
        from offers.emails import OfferPublished

        with transaction.atomic():
            if not self._lock_awaiting_validation():
                return None
            at = at or timezone.now()
            changes = self.pending_changes
            if self.has_pending_changes:
                revisions.apply(self, changes)
                kind = OfferEventKind.CHANGE_PUBLISHED
            else:
                self.status = OfferStatus.PUBLISHED
                kind = OfferEventKind.PUBLISHED
            self.pending_changes, self.submitted_at = None, None
            self.save()
            event = self.log(kind, by=by, at=at, changes=changes)
            OfferPublished(offer=self, event=event).queue()
        return event

    def send_back(self, *, by, comment: str, at=None) -> "OfferEvent | None":
        """An animator sends the new offer back to draft, or drops the pending change (the published version stays
        as it is), with a comment for the organisation.

        Returns the event written, or None, changing nothing, when the offer no longer awaits validation (see
        `_lock_awaiting_validation`).
        """
        from offers.emails import OfferSentBack

        with transaction.atomic():
            if not self._lock_awaiting_validation():
                return None
            at = at or timezone.now()
            changes = self.pending_changes
            if self.has_pending_changes:
                kind = OfferEventKind.CHANGE_SENT_BACK
            else:
                self.status = OfferStatus.DRAFT
                kind = OfferEventKind.SENT_BACK
            self.pending_changes, self.submitted_at = None, None
            self.save()
            event = self.log(kind, by=by, at=at, comment=comment, changes=changes)
            OfferSentBack(offer=self, event=event).queue()
        return event

    def _lock_awaiting_validation(self) -> bool:
        """Locks the offer's row and reads it again, within the caller's transaction: whether it still awaits
        validation. Two animators (or an animator and the site's administration) may decide on it at once: the
        second finds it decided."""
        self.refresh_from_db(from_queryset=Offer.objects.select_for_update())
        return self.is_awaiting_validation

    @transaction.atomic
    def mark_reviewed(self, *, by, at=None) -> bool:
        """The organisation says the published offer is right as it is ("cette offre est à jour").

        Returns False, changing nothing, for an offer that is not published.
        """
        if self.status != OfferStatus.PUBLISHED:
            return False
        at = at or timezone.now()
        self._reviewed(at)
        self.save()
        self.log(OfferEventKind.REVIEWED, by=by, at=at)
        return True

    @transaction.atomic
    def archive(self, *, by, at=None) -> bool:
        """Youths no longer see the offer; a pending change is dropped with it. Returns False if it already was."""
        if self.status == OfferStatus.ARCHIVED:
            return False
        at = at or timezone.now()
        self.status, self.pending_changes, self.submitted_at = OfferStatus.ARCHIVED, None, None
        self.save()
        self.log(OfferEventKind.ARCHIVED, by=by, at=at)
        return True

    @transaction.atomic
    def request_review(self, *, at):
        from offers.emails import OfferReviewRequest

        self.review_requested_at = at
        self.save(update_fields=["review_requested_at", "updated_at"])
        self.log(OfferEventKind.REVIEW_REQUESTED, at=at)
        OfferReviewRequest(offer=self).queue()

    @transaction.atomic
    def remind_review(self, *, at):
        from offers.emails import OfferReviewReminder

        self.review_reminded_at = at
        self.save(update_fields=["review_reminded_at", "updated_at"])
        self.log(OfferEventKind.REVIEW_REMINDED, at=at)
        OfferReviewReminder(offer=self).queue()

    def _reviewed(self, at):
        self.reviewed_at = timezone.localdate(at)
        self.review_requested_at = self.review_reminded_at = None

    def clean(self):
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "L’âge maximum doit être supérieur ou égal à l’âge minimum."
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            errors["valid_until"] = "La date de fin doit suivre la date de début."
        if self.format in (OfferFormat.ON_SITE, OfferFormat.BOTH) and not self.place.strip():
            errors["place"] = "Indiquez l’adresse du rendez-vous : les jeunes doivent savoir où aller."
        if self.theme_id and self.criteria:
            errors.update(self._criteria_errors())
        if errors:
            raise ValidationError(errors)

    def _criteria_errors(self):
        if not isinstance(self.criteria, dict):
            return {"criteria": "Les critères doivent associer une clé de question à une liste de réponses."}
        questions = {
            question.key: question
            for question in self.theme.questions.prefetch_related("choices").exclude(kind=QuestionKind.AGE)
        }
        for key, accepted in self.criteria.items():
            question = questions.get(key)
            if question is None:
                return {"criteria": f"La question « {key} » n’existe pas dans le questionnaire {self.theme}."}
            known = {choice.key for choice in question.choices.all()}
            if not isinstance(accepted, list) or not accepted or not set(accepted) <= known:
                choices = ", ".join(sorted(known))
                return {"criteria": f"Réponses inconnues pour « {question.text} » : choisis parmi {choices}."}
        return {}


class OfferEvent(models.Model):
    """The history of an offer: who submitted, published, sent back or reviewed it, when, and why."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("quoi", max_length=20, choices=OfferEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="qui", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("quand", default=timezone.now)
    comment = models.TextField("commentaire", blank=True)
    # For a change: the fields it touched, with their proposed values (see `offers.revisions`).
    changes = models.JSONField("modification", null=True, blank=True)

    class Meta:
        verbose_name = "événement d’une offre"
        verbose_name_plural = "historique des offres"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["offer", "-at"])]

    def __str__(self):
        return f"{self.offer} : {self.get_kind_display()}"


def offer_url(pk: int, title: str) -> str:
    """The address of the offer's public page, from its id and title alone."""
    return _offer_url(pk, title, get_urlconf(), get_script_prefix())


# An offer's address, made once by each process for each title: a results page links ten, and Django's `reverse` and
# `slugify` cost more than the rest of a card.
@functools.lru_cache(maxsize=4096)
def _offer_url(pk: int, title: str, urlconf, script_prefix: str) -> str:
    return reverse("offers:offer", kwargs={"pk": pk, "slug": slugify(title)[:60] or "offre"}, urlconf=urlconf)


# Kept in a module of its own; imported here so that the app registers it.
from offers.search_log import SearchLog  # noqa: E402, F401

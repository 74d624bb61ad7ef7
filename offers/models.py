import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from offers.enums import Closeness, OfferFormat, OfferStatus
from organisations.models import Organisation
from questionnaires.enums import MAX_AGE, MIN_AGE, QuestionKind
from questionnaires.models import Theme
from territories.models import Commune, Department, Epci, Territory


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


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)

    def valid_on(self, day: datetime.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def live(self, day: datetime.date | None = None):
        """What a youth may see today: published and within its validity dates."""
        return self.published().valid_on(day or timezone.localdate())

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

    def with_card_data(self):
        """What a result card shows."""
        return self.select_related("organisation").only("title", "summary", "delay_days", "organisation__name")

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
    reviewed_at = models.DateField("dernière relecture", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre"
        ordering = ["title"]
        indexes = [
            models.Index(fields=["theme", "status"]),
            models.Index(fields=["is_national"], condition=Q(is_national=True), name="offer_national_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(age_min__lte=models.F("age_max")), name="offer_age_range_in_order"),
            models.CheckConstraint(condition=Q(delay_days__gte=1, delay_days__lte=7), name="offer_delay_1_to_7_days"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:offer", kwargs={"pk": self.pk, "slug": slugify(self.title)[:60] or "offre"})

    def alert_recipients(self) -> list[str]:
        """Who hears of a request for this offer: its own addresses, else its organisation's (see Organisation)."""
        return split_addresses(self.alert_emails) or self.organisation.alert_recipients()

    @property
    def delay_in_words(self) -> str:
        plural = "s" if self.delay_days > 1 else ""
        return f"{self.delay_days} jour{plural} ouvré{plural}"

    def clean(self):
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = "L’âge maximum doit être supérieur ou égal à l’âge minimum."
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            errors["valid_until"] = "La date de fin doit suivre la date de début."
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


class SearchLog(models.Model):
    """One completed questionnaire, without personal data: what was looked for where, and how much was found.

    The animators' statistics read it to show where youths find nothing.
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="search_logs")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="search_logs")
    answers = models.JSONField("réponses")
    result_count = models.PositiveIntegerField("nombre d’offres trouvées")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = "recherche"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.theme} à {self.commune} : {self.result_count} offres"

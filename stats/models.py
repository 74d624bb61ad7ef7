"""The daily summary the statistics read instead of scanning a year of requests and searches (see `stats.summary`).

Counts only, no personal data: a row says how many requests (or searches) of one day share the same values.
Days are those of the site's time zone. Foreign keys carry no index of their own: the reads go by day and scope.
"""

from django.db import models
from django.db.models import Q

from organisations.models import Organisation
from questionnaires.models import Theme
from territories.models import Commune, Territory


class SummarisedDay(models.Model):
    """A day whose requests and searches the summaries below count (a day without any has no other row)."""

    day = models.DateField("jour", unique=True)
    refreshed_at = models.DateTimeField("recompté le")
    # When the refresh began to read the requests' history, by the database's clock: a request whose history grew
    # since then is read live.
    history_until = models.DateTimeField("historique lu jusqu’au", null=True)
    # Whether the searches of the day were deleted from the search log once counted: searches added to the day
    # later are then added to its counts, not counted instead of them.
    searches_forgotten = models.BooleanField("recherches effacées du journal", default=False)

    class Meta:
        verbose_name = "jour résumé"
        verbose_name_plural = "jours résumés"

    def __str__(self):
        return str(self.day)


class RequestCounts(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, null=True, db_index=False, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, db_index=False, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, db_index=False, related_name="+")
    outcome = models.CharField("suite donnée", max_length=30, blank=True)
    working_days_to_contact = models.PositiveSmallIntegerField("jours ouvrés avant le contact", null=True)
    contacted = models.BooleanField("contacté·e")
    escalated = models.BooleanField("signalée")
    on_time = models.BooleanField("contacté·e dans le délai")
    # Whether the delay was put to the test when the day was counted (`summary.settled_condition`)…
    settled = models.BooleanField("délai échu")
    # …and, for a request neither contacted nor finished whose due date was still ahead, that due date: it is put to
    # the test once it passes, without anything written that would make the day counted again.
    settles_at = models.DateTimeField("délai échu après le", null=True)
    youth_said_contacted = models.BooleanField("le ou la jeune dit avoir été contacté·e")
    youth_said_not_contacted = models.BooleanField("le ou la jeune dit ne pas avoir été contacté·e")
    count = models.PositiveIntegerField("demandes")

    class Meta:
        abstract = True


class RequestDay(RequestCounts):
    """How many requests received on `day` share every value the figures count."""

    day = models.DateField("jour")

    class Meta:
        verbose_name = "demandes d’un jour"
        verbose_name_plural = "demandes par jour"
        indexes = [
            models.Index(fields=["territory", "day"], name="request_day_territory_idx"),
            models.Index(fields=["organisation", "day"], name="request_day_organisation_idx"),
            models.Index(fields=["day"], name="request_day_idx"),
        ]

    def __str__(self):
        return f"{self.day} : {self.count}"


class RequestMonth(RequestCounts):
    """`RequestDay` added up over a month, from its first day to `last_day` (the month to date, or whole)."""

    month = models.DateField("mois")  # its first day
    last_day = models.DateField("jusqu’au")

    class Meta:
        verbose_name = "demandes d’un mois"
        verbose_name_plural = "demandes par mois"
        indexes = [
            models.Index(fields=["territory", "month"], name="request_month_territory_idx"),
            models.Index(fields=["organisation", "month"], name="request_month_organisation_idx"),
            models.Index(fields=["month"], name="request_month_idx"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} : {self.count}"


class SearchCounts(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, db_index=False, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, db_index=False, related_name="+")
    searches = models.PositiveIntegerField("recherches")
    without_result = models.PositiveIntegerField("sans résultat")
    with_one_result = models.PositiveIntegerField("avec un résultat")

    class Meta:
        abstract = True


class SearchDay(SearchCounts):
    """How many searches of one theme were made in one commune on `day`, and how many found zero or one offer."""

    day = models.DateField("jour")

    class Meta:
        verbose_name = "recherches d’un jour"
        verbose_name_plural = "recherches par jour"
        indexes = [
            models.Index(fields=["commune", "day"], name="search_day_commune_idx"),
            models.Index(fields=["day"], name="search_day_idx"),
        ]

    def __str__(self):
        return f"{self.day} : {self.searches}"


class SearchMonth(SearchCounts):
    """`SearchDay` added up over a month, from its first day to `last_day` (the month to date, or whole): a year of
    searches reads in twelve months of a few communes × themes, where its days would be as many rows as the searches
    themselves."""

    month = models.DateField("mois")  # its first day
    last_day = models.DateField("jusqu’au")

    class Meta:
        verbose_name = "recherches d’un mois"
        verbose_name_plural = "recherches par mois"
        indexes = [
            models.Index(fields=["commune", "month"], name="search_month_commune_idx"),
            models.Index(fields=["month"], name="search_month_idx"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} : {self.searches}"


class GapDay(models.Model):
    """How many searches of one profile found no offer or a single one, in one commune, for one theme, on `day`: the
    gap table of the days whose search log was counted, then deleted. The profile is the search log's own: the age
    band and the other answers (`offers.search_log`)."""

    day = models.DateField("jour")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, db_index=False, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, db_index=False, related_name="+")
    age_band = models.PositiveSmallIntegerField("tranche d’âge (à partir de)", null=True)
    answers = models.JSONField("réponses, sans l’âge", default=dict)
    searches = models.PositiveIntegerField("recherches")
    without_result = models.PositiveIntegerField("sans résultat")

    class Meta:
        verbose_name = "besoins sans réponse d’un jour"
        verbose_name_plural = "besoins sans réponse par jour"
        indexes = [
            models.Index(fields=["commune", "day"], name="gap_day_commune_idx"),
            models.Index(fields=["day"], name="gap_day_idx"),
        ]

    def __str__(self):
        return f"{self.day} : {self.searches}"


class Dimension(models.IntegerChoices):
    """What one row of an area's month counts its requests by."""

    THEME = 1, "thème"
    ORGANISATION = 2, "structure"
    # Every count of the area's requests, per outcome: the key figures, the months and the youths' answers add them up.
    OUTCOME = 3, "suite donnée"
    WORKING_DAYS = 4, "jours ouvrés avant le contact"
    # The requests whose delay was not put to the test yet when the month was counted, per due date.
    SETTLES_AT = 5, "délai échu après le"


class AreaRequestMonth(models.Model):
    """`RequestMonth` of France (no territory) or of one territory added up along one dimension at a time: what the
    statistics page of an area reads, a few hundred rows a month where `RequestMonth` holds every combination of
    values (tens of thousands a month for France). Written with the month's rows (`stats.areas`)."""

    month = models.DateField("mois")  # its first day
    last_day = models.DateField("jusqu’au")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, null=True, db_index=False, related_name="+")
    dimension = models.PositiveSmallIntegerField("dimension", choices=Dimension.choices)
    # The theme's or the organisation's id, or the working days to first contact (none: not contacted).
    value = models.BigIntegerField("valeur", null=True)
    outcome = models.CharField("suite donnée", max_length=30, blank=True)
    settles_at = models.DateTimeField("délai échu après le", null=True)
    received = models.PositiveIntegerField("demandes")
    contacted = models.PositiveIntegerField("contacté·es")
    escalated = models.PositiveIntegerField("signalées")
    on_time = models.PositiveIntegerField("contacté·es dans le délai")
    settled = models.PositiveIntegerField("délai échu")
    said_contacted = models.PositiveIntegerField("le ou la jeune dit avoir été contacté·e")
    said_not_contacted = models.PositiveIntegerField("le ou la jeune dit ne pas avoir été contacté·e")

    class Meta:
        verbose_name = "demandes d’un territoire sur un mois"
        verbose_name_plural = "demandes par territoire et par mois"
        indexes = [models.Index(fields=["territory", "dimension", "month"], name="area_request_month_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} : {self.get_dimension_display()}"


class AreaSearchMonth(models.Model):
    """`SearchMonth` of France (no territory) or of one territory's communes, per theme: the territory's rows follow
    its communes when they change (`stats.areas`)."""

    month = models.DateField("mois")  # its first day
    last_day = models.DateField("jusqu’au")
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, null=True, db_index=False, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, db_index=False, related_name="+")
    searches = models.PositiveIntegerField("recherches")
    without_result = models.PositiveIntegerField("sans résultat")
    with_one_result = models.PositiveIntegerField("avec un résultat")

    class Meta:
        verbose_name = "recherches d’un territoire sur un mois"
        verbose_name_plural = "recherches par territoire et par mois"
        indexes = [models.Index(fields=["territory", "month"], name="area_search_month_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} : {self.searches}"


class AreaOrganisationTotal(models.Model):
    """The requests an organisation received in France (no territory) or in one territory, from the first month
    counted to `month` included: its `AreaRequestMonth` rows added up. The requests of the months in between two
    are the total at the last less the total before the first, two rows per organisation where France's year is
    twelve. An area has rows at each month it has `AreaRequestMonth` rows of, one for every organisation it counted
    up to that month (a total that did not grow is carried over); they are written with them (`stats.areas`)."""

    month = models.DateField("mois")  # its first day
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, null=True, db_index=False, related_name="+")
    # The organisation's id, as `AreaRequestMonth.value`.
    organisation = models.BigIntegerField("structure")
    received = models.PositiveIntegerField("demandes reçues jusqu’à ce mois")

    class Meta:
        verbose_name = "demandes d’une structure jusqu’à un mois"
        verbose_name_plural = "demandes par structure jusqu’à chaque mois"
        indexes = [
            models.Index(fields=["territory", "month"], name="area_organisation_total_idx"),
            # France's latest month up to another: the index above does not give France's rows (no territory) by
            # month.
            models.Index(fields=["month"], condition=Q(territory__isnull=True), name="france_organisation_total_idx"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} : {self.received}"

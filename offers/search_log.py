"""The search log: what the statistics count of each completed questionnaire, and nothing that points to a youth.

A row keeps the commune, the theme, the day (no time of day: nothing ties a search to a request made a minute
later) and the number of offers found. Only a search that found at most one offer (`PROFILE_KEPT_UP_TO`) keeps a
profile, for the table of needs without an answer: the age band (never the age) and the other answers. The nightly
summary counts the rows, then deletes them (`stats.summary.refresh_and_forget_searches`).
"""

import datetime

from django.db import models
from django.utils import timezone

from questionnaires.enums import AGE_KEY, age_band
from questionnaires.models import Theme
from territories.models import Commune

# The gap table lists the searches with no offer or a single one: only those keep the youth's answers.
PROFILE_KEPT_UP_TO = 1


class SearchLog(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="search_logs")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="search_logs")
    day = models.DateField("jour", default=timezone.localdate, editable=False)
    result_count = models.PositiveIntegerField("nombre d’offres trouvées")
    # The first age of the band (`questionnaires.enums.AGE_BANDS`), and the answers without the age: for a search
    # that found at most one offer only.
    age_band = models.PositiveSmallIntegerField("tranche d’âge (à partir de)", null=True, blank=True)
    answers = models.JSONField("réponses, sans l’âge", default=dict, blank=True)

    class Meta:
        verbose_name = "recherche"
        ordering = ["-day", "-pk"]
        # The statistics count a day's searches per theme and number of offers found from this index alone.
        indexes = [models.Index(fields=["day", "theme", "result_count"], name="search_log_day_theme_idx")]

    def __str__(self):
        return f"{self.theme} à {self.commune} : {self.result_count} offres"

    @classmethod
    def coarsened(
        cls, *, commune, theme, answers: dict, result_count: int, day: datetime.date | None = None
    ) -> "SearchLog":
        """The row a completed questionnaire leaves (unsaved, for `bulk_create` too), its answers coarsened."""
        profile = {}
        band = None
        if result_count <= PROFILE_KEPT_UP_TO:
            profile = {key: value for key, value in answers.items() if key != AGE_KEY}
            band = age_band(answers.get(AGE_KEY))
        return cls(
            commune=commune,
            theme=theme,
            day=day or timezone.localdate(),
            result_count=result_count,
            age_band=band[0] if band else None,
            answers=profile,
        )

    @classmethod
    def record(cls, *, commune, theme, answers: dict, result_count: int) -> "SearchLog":
        search = cls.coarsened(commune=commune, theme=theme, answers=answers, result_count=result_count)
        search.save()
        return search

"""The gap table: where and for whom youths find no offer, or a single one, most frequent first.

A profile is the answers that matter for matching, with the age in bands rather than in years (AGE_BANDS): offers
take youths by ranges of ages, and twelve single years would split one need into twelve thin rows. The search log
keeps no more than that (`offers.search_log`); the days the summary has counted are read from `GapDay`, the others
(today, the days not counted yet) from the search log.
"""

import json
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Q, Sum

from offers.search_log import PROFILE_KEPT_UP_TO

# AGE_KEY is read from here by the professional space, which names the age in a profile's answers.
from questionnaires.enums import AGE_BANDS, QuestionKind
from questionnaires.enums import AGE_KEY as AGE_KEY
from questionnaires.journey import questionnaire_for, theme_by_slug
from stats import summary
from stats.models import GapDay, SummarisedDay
from stats.scopes import Searches

SEARCH_SALT = "stats.gap_search"


def band_of(start: int | None) -> tuple[int, int] | None:
    return next((band for band in AGE_BANDS if band[0] == start), None)


def ages_in_words(ages) -> str:
    return f"{ages[0]} ans" if ages[0] == ages[1] else f"{ages[0]} à {ages[1]} ans"


def profile_in_words(theme, answers: dict, ages) -> list[tuple[str, str]]:
    """The answers that matter for matching, in words: (criterion, answer), the age band first."""
    questionnaire = questionnaire_for(theme)
    band = [
        (question.criterion_label, ages_in_words(ages))
        for question in questionnaire.questions
        if question.kind == QuestionKind.AGE and ages
    ]
    return band + questionnaire.describe(answers)


@dataclass
class Gap:
    commune: str
    insee_code: str
    theme: str
    theme_slug: str
    answers: dict  # without the age, given as `ages`
    ages: tuple[int, int] | None
    searches: int
    without_result: int

    @property
    def with_one_result(self) -> int:
        return self.searches - self.without_result

    @property
    def profile(self) -> list[tuple[str, str]]:
        theme = theme_by_slug(self.theme_slug)
        return profile_in_words(theme, self.answers, self.ages) if theme else []

    @property
    def profile_in_words(self) -> str:
        return " ; ".join(f"{criterion} : {answer}" for criterion, answer in self.profile)

    @property
    def search_token(self) -> str:
        """Names the search in a URL (answers are no personal data, but they are long and must not be tampered)."""
        return signing.dumps(
            {"commune": self.insee_code, "theme": self.theme_slug, "answers": self.answers, "ages": self.ages},
            salt=SEARCH_SALT,
        )


def read_search_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SEARCH_SALT)
    except signing.BadSignature:
        return None


GROUPS = ["commune__name", "commune__insee_code", "theme__name", "theme__slug", "age_band", "answers"]


def gaps(searches: Searches) -> list[dict]:
    """Commune × theme × profile (age band and other answers) of the searches with zero or one result, most frequent
    first (rows are dicts): the counted days from the summary, the others from the search log, grouped in the database
    and added up here (three queries)."""
    scope, period = searches.scope, searches.period
    days = set(summary.all_days(period.start, period.end))
    counted = set(SummarisedDay.objects.filter(day__range=(period.start, period.end)).values_list("day", flat=True))
    live = (
        scope.searches.filter(summary.on_days(days - counted), result_count__lte=PROFILE_KEPT_UP_TO)
        .values(*GROUPS)
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by()
    )
    summarised = (
        GapDay.objects.filter(scope.search_filter, summary.on_days(counted))
        .values(*GROUPS)
        .annotate(searches=Sum("searches"), without_result=Sum("without_result"))
        .order_by()
    )
    rows = {}
    for row in [*live, *summarised]:
        key = (
            row["commune__insee_code"],
            row["theme__slug"],
            row["age_band"],
            json.dumps(row["answers"], sort_keys=True),
        )
        if key in rows:
            rows[key]["searches"] += row["searches"]
            rows[key]["without_result"] += row["without_result"]
        else:
            rows[key] = dict(row)
    return sorted(
        rows.values(),
        key=lambda row: (
            -row["searches"],
            -row["without_result"],
            row["commune__name"],
            row["theme__name"],
            row["age_band"] is None,
            row["age_band"] or 0,
        ),
    )


def as_gap(row: dict) -> Gap:
    return Gap(
        commune=row["commune__name"],
        insee_code=row["commune__insee_code"],
        theme=row["theme__name"],
        theme_slug=row["theme__slug"],
        answers=row["answers"],
        ages=band_of(row["age_band"]),
        searches=row["searches"],
        without_result=row["without_result"],
    )


def top_gaps(searches: Searches, limit: int) -> list[Gap]:
    return [as_gap(row) for row in gaps(searches)[:limit]]

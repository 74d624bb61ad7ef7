"""The gap table: where and for whom youths find no offer, or a single one, most frequent first.

A profile is the answers that matter for matching, with the age in bands rather than in years (AGE_BANDS): offers
take youths by ranges of ages, and twelve single years would split one need into twelve thin rows. The search log
keeps no more than that (`offers.search_log`); the days the summary has counted are read from `GapDay`, the others
(today, the days not counted yet) from the search log.

The table is read by every administrator of an organisation of the territory: no row may single a youth out
(`protected_gaps`). A commune shows a profile only from SMALL_COUNT searches on; fewer are counted with the other
communes of the area, and a profile with a sensitive answer (SENSITIVE_ANSWERS) is only ever shown for the whole
area. A row of the area under SMALL_COUNT searches shows "moins de 10", as the public figures do.
"""

import json
from dataclasses import dataclass, field

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
from stats.small_counts import SMALL_COUNT, grouped

SEARCH_SALT = "stats.gap_search"
# Answers about a youth's health, danger, disability or precarious housing, by question key (those of the
# questionnaires' migrations): the choices that are sensitive, None when every answer to the question is.
SENSITIVE_ANSWERS: dict[str, frozenset[str] | None] = {
    "health_need": None,
    "disability": frozenset({"rqth", "dont_know"}),
    "housing": frozenset({"hosted", "homeless"}),
    "housing_need": frozenset({"emergency"}),
}


def is_sensitive(answers: dict) -> bool:
    for key, sensitive in SENSITIVE_ANSWERS.items():
        given = answers.get(key)
        given = set(given) if isinstance(given, list) else {given} - {None, ""}
        if given and (sensitive is None or given & sensitive):
            return True
    return False


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
    commune: str  # or, for a row of several communes, the area's name and which communes
    insee_code: str  # empty for a row of several communes
    theme: str
    theme_slug: str
    answers: dict  # without the age, given as `ages`
    ages: tuple[int, int] | None
    searches: int
    without_result: int
    area: str = field(default="", compare=False)

    @property
    def with_one_result(self) -> int:
        return self.searches - self.without_result

    @property
    def is_local(self) -> bool:
        return bool(self.insee_code)

    @property
    def is_sensitive(self) -> bool:
        return is_sensitive(self.answers)

    @property
    def profile_key(self) -> tuple:
        return self.theme_slug, tuple(self.ages or ()), json.dumps(self.answers, sort_keys=True)

    def counts_text(self) -> tuple[str, str, str]:
        """Searches, without any offer, with one offer, as shown: none exactly in a row under SMALL_COUNT searches."""
        counts = (self.searches, self.without_result, self.with_one_result)
        if self.searches < SMALL_COUNT:
            return tuple(grouped(count) for count in counts)
        return tuple(str(count) for count in counts)

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


PROFILE = ["theme__name", "theme__slug", "age_band", "answers"]
PLACE = ["commune__name", "commune__insee_code"]


def gaps(searches: Searches, *, by_commune: bool = True) -> list[dict]:
    """Commune × theme × profile (age band and other answers) of the searches with zero or one result, most frequent
    first (rows are dicts); without `by_commune`, theme × profile over all the communes. The days the summary has
    counted are read from `GapDay`, the others from the search log, each grouped in the database, then added up here
    (three queries)."""
    scope, period = searches.scope, searches.period
    fields = [*(PLACE if by_commune else []), *PROFILE]
    days = set(summary.all_days(period.start, period.end))
    counted = set(SummarisedDay.objects.filter(day__range=(period.start, period.end)).values_list("day", flat=True))
    live = (
        scope.searches.filter(summary.on_days(days - counted), result_count__lte=PROFILE_KEPT_UP_TO)
        .values(*fields)
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by()
    )
    summarised = (
        GapDay.objects.filter(scope.search_filter, summary.on_days(counted))
        .values(*fields)
        .annotate(searches=Sum("searches"), without_result=Sum("without_result"))
        .order_by()
    )
    rows = {}
    for row in [*live, *summarised]:
        row["other_answers"] = row.pop("answers")
        key = (
            row.get("commune__insee_code"),
            row["theme__slug"],
            row["age_band"],
            json.dumps(row["other_answers"], sort_keys=True),
        )
        if key in rows:
            rows[key]["searches"] += row["searches"]
            rows[key]["without_result"] += row["without_result"]
        else:
            rows[key] = row
    return sorted(rows.values(), key=_frequency_order)


def _frequency_order(row: dict) -> tuple:
    return (
        -row["searches"],
        -row["without_result"],
        row.get("commune__name", ""),
        row["theme__name"],
        row["age_band"] is None,
        row["age_band"] or 0,
    )


def as_gap(row: dict, *, area: str = "") -> Gap:
    return Gap(
        commune=row.get("commune__name", area),
        insee_code=row.get("commune__insee_code", ""),
        theme=row["theme__name"],
        theme_slug=row["theme__slug"],
        answers=row["other_answers"],
        ages=band_of(row["age_band"]),
        searches=row["searches"],
        without_result=row["without_result"],
        area=area,
    )


def protected_gaps(searches: Searches, *, area: str) -> list[Gap]:
    """The gap table as professionals read it, so that no row singles a youth out: a commune's row of a profile from
    SMALL_COUNT searches on and without a sensitive answer; every other search counted in one row per profile for
    the whole `area`. The communes' big rows, then the area's, from which they are taken out."""
    local = [gap for gap in map(as_gap, gaps(searches)) if gap.searches >= SMALL_COUNT and not gap.is_sensitive]
    wider: dict[tuple, Gap] = {}
    for gap in (as_gap(row, area=area) for row in gaps(searches, by_commune=False)):
        if gap.profile_key in wider:  # the same answers written in another order
            wider[gap.profile_key].searches += gap.searches
            wider[gap.profile_key].without_result += gap.without_result
        else:
            wider[gap.profile_key] = gap
    for gap in local:
        wider[gap.profile_key].searches -= gap.searches
        wider[gap.profile_key].without_result -= gap.without_result
    for gap in wider.values():
        which = "toutes les communes" if gap.is_sensitive else f"communes de moins de {SMALL_COUNT} recherches"
        gap.commune = f"{area} ({which})"
    return sorted(local + [gap for gap in wider.values() if gap.searches > 0], key=_shown_order)


def _shown_order(gap: Gap) -> tuple:
    """Most frequent first; rows under SMALL_COUNT after, in an order that tells nothing of their counts."""
    shown = gap.searches if gap.searches >= SMALL_COUNT else 0
    return -shown, not gap.is_local, gap.commune, gap.theme, gap.profile_key

"""The gap table: where and for whom youths find no offer, or a single one, most frequent first.

A profile is the answers that matter for matching, with the age in bands rather than in years (AGE_BANDS): offers
take youths by ranges of ages, and twelve single years would split one need into twelve thin rows.

The table is read by every administrator of an organisation of the territory: no row may single a youth out
(`protected_gaps`). A commune shows a profile only from SMALL_COUNT searches on; fewer are counted with the other
communes of the area, and a profile with a sensitive answer (SENSITIVE_ANSWERS) is only ever shown for the whole
area. A row of the area under SMALL_COUNT searches shows "moins de 10", as the public figures do.
"""

import json
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Case, Count, F, Func, IntegerField, JSONField, Q, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from questionnaires.enums import QuestionKind
from questionnaires.journey import questionnaire_for, theme_by_slug
from stats.small_counts import SMALL_COUNT, grouped

SEARCH_SALT = "stats.gap_search"
AGE_KEY = "age"
# The ages that offers usually tell apart: minors, the 18–25 of most youth schemes, and the oldest.
AGE_BANDS = [(15, 17), (18, 25), (26, 30)]
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


class WithoutKey(Func):
    """A JSON object without one of its keys (PostgreSQL's `-`, SQLite's `json_remove`)."""

    output_field = JSONField()

    def __init__(self, expression, key: str):
        super().__init__(expression, Value(key))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        self.source_expressions[1] = Value(f"$.{self.source_expressions[1].value}")
        return self.as_sql(compiler, connection, function="JSON_REMOVE", **extra_context)


def age_band_start():
    """The first age of the band the search's age falls in; null when the age was not asked."""
    age = Cast(KT(f"answers__{AGE_KEY}"), IntegerField())
    whens = [When(age_given__isnull=True, then=Value(None))]
    whens += [When(Q(age_given__lte=last), then=Value(first)) for first, last in AGE_BANDS]
    return age, Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=IntegerField())


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


def gaps(searches: QuerySet, *, by_commune: bool = True) -> QuerySet:
    """Commune × theme × profile (age band and other answers) of the searches with zero or one result, most frequent
    first (rows are dicts); without `by_commune`, theme × profile over all the communes. Grouped in the database: the
    band and the answers without the age are computed there."""
    age, band = age_band_start()
    place = ["commune__name", "commune__insee_code"] if by_commune else []
    return (
        searches.filter(result_count__lte=1)
        .alias(age_given=age)
        .annotate(age_band=band, other_answers=WithoutKey(F("answers"), AGE_KEY))
        .values(*place, "theme__name", "theme__slug", "age_band", "other_answers")
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by("-searches", "-without_result", *place[:1], "theme__name", "age_band")
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


def protected_gaps(searches: QuerySet, *, area: str) -> list[Gap]:
    """The gap table as professionals read it, so that no row singles a youth out: a commune's row of a profile from
    SMALL_COUNT searches on and without a sensitive answer; every other search counted in one row per profile for
    the whole `area`. Two grouped queries: the communes' big rows, then the area's, from which they are taken out."""
    local = [
        gap for gap in map(as_gap, gaps(searches).filter(searches__gte=SMALL_COUNT).iterator()) if not gap.is_sensitive
    ]
    wider: dict[tuple, Gap] = {}
    for gap in (as_gap(row, area=area) for row in gaps(searches, by_commune=False).iterator()):
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

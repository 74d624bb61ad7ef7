"""The gap table: where and for whom youths find no offer, or a single one, most frequent first.

A profile is the answers that matter for matching, with the age in bands rather than in years (AGE_BANDS): offers
take youths by ranges of ages, and twelve single years would split one need into twelve thin rows.
"""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Case, Count, F, Func, IntegerField, JSONField, Q, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from questionnaires.enums import QuestionKind
from questionnaires.journey import questionnaire_for, theme_by_slug

SEARCH_SALT = "stats.gap_search"
AGE_KEY = "age"
# The ages that offers usually tell apart: minors, the 18–25 of most youth schemes, and the oldest.
AGE_BANDS = [(15, 17), (18, 25), (26, 30)]


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


def gaps(searches: QuerySet) -> QuerySet:
    """Commune × theme × profile (age band and other answers) of the searches with zero or one result, most frequent
    first (rows are dicts). Grouped in the database: the band and the answers without the age are computed there."""
    age, band = age_band_start()
    return (
        searches.filter(result_count__lte=1)
        .alias(age_given=age)
        .annotate(age_band=band, other_answers=WithoutKey(F("answers"), AGE_KEY))
        .values("commune__name", "commune__insee_code", "theme__name", "theme__slug", "age_band", "other_answers")
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by("-searches", "-without_result", "commune__name", "theme__name", "age_band")
    )


def as_gap(row: dict) -> Gap:
    return Gap(
        commune=row["commune__name"],
        insee_code=row["commune__insee_code"],
        theme=row["theme__name"],
        theme_slug=row["theme__slug"],
        answers=row["other_answers"],
        ages=band_of(row["age_band"]),
        searches=row["searches"],
        without_result=row["without_result"],
    )


def top_gaps(searches: QuerySet, limit: int) -> list[Gap]:
    return [as_gap(row) for row in gaps(searches)[:limit]]

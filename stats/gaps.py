"""The gap table: where and for whom youths find no offer, or a single one, most frequent first."""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Q, QuerySet

from questionnaires.journey import questionnaire_for, theme_by_slug

SEARCH_SALT = "stats.gap_search"


@dataclass
class Gap:
    commune: str
    insee_code: str
    theme: str
    theme_slug: str
    answers: dict
    searches: int
    without_result: int

    @property
    def with_one_result(self) -> int:
        return self.searches - self.without_result

    @property
    def profile(self) -> list[tuple[str, str]]:
        """The answers that matter for matching, in words: (criterion, answer)."""
        theme = theme_by_slug(self.theme_slug)
        return questionnaire_for(theme).describe(self.answers) if theme else []

    @property
    def profile_in_words(self) -> str:
        return " ; ".join(f"{criterion} : {answer}" for criterion, answer in self.profile)

    @property
    def search_token(self) -> str:
        """Names the search in a URL (answers are no personal data, but they are long and must not be tampered)."""
        return signing.dumps(
            {"commune": self.insee_code, "theme": self.theme_slug, "answers": self.answers}, salt=SEARCH_SALT
        )


def read_search_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SEARCH_SALT)
    except signing.BadSignature:
        return None


def gaps(searches: QuerySet) -> QuerySet:
    """Commune × theme × profile of the searches with zero or one result, most frequent first (rows are dicts)."""
    return (
        searches.filter(result_count__lte=1)
        .values("commune__name", "commune__insee_code", "theme__name", "theme__slug", "answers")
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by("-searches", "-without_result", "commune__name", "theme__name")
    )


def as_gap(row: dict) -> Gap:
    return Gap(
        commune=row["commune__name"],
        insee_code=row["commune__insee_code"],
        theme=row["theme__name"],
        theme_slug=row["theme__slug"],
        answers=row["answers"],
        searches=row["searches"],
        without_result=row["without_result"],
    )


def top_gaps(searches: QuerySet, limit: int) -> list[Gap]:
    return [as_gap(row) for row in gaps(searches)[:limit]]

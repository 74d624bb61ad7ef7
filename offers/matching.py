"""Which offers fit a youth, and why: the rules of DESIGN.md, "Matching"."""

import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone

from core.cache import cache_bump, versioned
from offers.enums import Closeness
from offers.models import Offer
from questionnaires.enums import MAX_AGE, MIN_AGE, QuestionKind
from questionnaires.journey import has_urgent_need, urgent_choices
from questionnaires.models import Question, Theme
from territories.models import Commune, Territory


class Match(NamedTuple):
    """An offer that fits, and why. A tuple: lists of them are cached and read back on every results page."""

    offer_id: int
    title: str
    closeness: int
    specificity: int
    reason: str
    # Answers an urgent need that the youth has: ranked first and shown as such.
    is_urgent: bool = False

    @property
    def closeness_label(self) -> str:
        return Closeness(self.closeness).label


class Matches(Sequence):
    """The matches of a search as the cache keeps them, in order: plain rows, each reason written once, read back
    fast (a results page missed in the cache reads hundreds). A `Match` is made only of a row that is read: a results
    page reads ten.
    """

    def __init__(self, matches):
        reasons = {}
        self.rows = [tuple(match._replace(reason=reasons.setdefault(match.reason, match.reason))) for match in matches]

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [Match._make(row) for row in self.rows[index]]
        return Match._make(self.rows[index])

    def __iter__(self):
        return map(Match._make, self.rows)


CANDIDATES_VERSION_KEY = "offers:candidates:version"
CANDIDATES_TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class Candidate:
    """What matching reads of an offer: a row, not a model instance (there may be hundreds)."""

    pk: int
    title: str
    age_min: int
    age_max: int
    criteria: dict[str, frozenset]
    closeness: int
    answers_urgent_need: bool = False


def _place_key(commune, theme, territories, today) -> str:
    return f"{commune.pk}:{theme.pk}:{today}:{','.join(map(str, sorted(territories)))}"


def candidates(*, commune: Commune, theme: Theme, territories: list[int], today: datetime.date) -> list[Candidate]:
    """The live offers of the theme covering the commune, cached until an offer or its coverage changes.

    Matches are cached the same way, keyed by the answers too: a results page read again (next page, back button)
    does not match again.

    Answers do not enter the key: every youth of a commune shares the same candidates for a theme.
    """
    key = f"offers:candidates:{_place_key(commune, theme, territories, today)}"
    return versioned(
        key,
        [CANDIDATES_VERSION_KEY],
        lambda: _candidates(commune=commune, theme=theme, territories=territories, today=today),
        timeout=CANDIDATES_TIMEOUT,
    )


def _candidates(*, commune, theme, territories, today) -> list[Candidate]:
    rows = (
        Offer.objects.live(today)
        .filter(theme=theme)
        .reaching(commune, territories)
        .order_by()
        .values_list("pk", "title", "age_min", "age_max", "criteria", "closeness", "answers_urgent_need")
    )
    return [
        Candidate(pk, title, age_min, age_max, {k: frozenset(v) for k, v in criteria.items()}, closeness, urgent)
        for pk, title, age_min, age_max, criteria, closeness, urgent in rows
    ]


def national_theme_ids(today: datetime.date) -> list[int]:
    """The themes of the live national offers, which every commune shows: cached like the candidates."""
    return versioned(
        f"offers:national-themes:{today}",
        [CANDIDATES_VERSION_KEY],
        lambda: sorted(set(Offer.objects.live(today).national().values_list("theme_id", flat=True))),
        timeout=CANDIDATES_TIMEOUT,
        in_process=True,
    )


def forget_candidates(**kwargs):
    """Any change to an offer or to its coverage makes the cached candidates and matches stale."""
    cache_bump(CANDIDATES_VERSION_KEY)


def open_territories_for(commune: Commune, theme: Theme):
    """The open territories of the commune (or of its city, for an arrondissement) where the theme is active."""
    communes = [commune.pk, commune.parent_id] if commune.parent_id else [commune.pk]
    return Territory.objects.open().filter(communes__in=communes, themes=theme).distinct()


def match_offers(
    *,
    commune: Commune,
    theme: Theme,
    answers: dict,
    questions: list[Question],
    territories: list[int] | None = None,
    today: datetime.date | None = None,
) -> Matches:
    """The live offers of the theme that cover the commune and fit the answers, most specific and nearest first.

    `questions` are the theme's questions with their choices (prefetched); `territories` the ids of the open
    territories where the theme is active for this commune, when the caller already knows them (none: the national
    offers only). A question the youth was not asked never excludes an offer; an offer restricting a question
    excludes the youth whose answer it does not accept.
    """
    if territories is None:
        territories = list(open_territories_for(commune, theme).values_list("pk", flat=True))
    today = today or timezone.localdate()
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()[:32]
    key = f"offers:matches:{_place_key(commune, theme, territories, today)}:{digest}"
    return versioned(
        key,
        [CANDIDATES_VERSION_KEY],
        lambda: Matches(
            _matches(
                commune=commune, theme=theme, answers=answers, questions=questions, territories=territories, today=today
            )
        ),
        timeout=CANDIDATES_TIMEOUT,
    )


def _matches(*, commune, theme, answers, questions, territories, today) -> list[Match]:
    found = candidates(commune=commune, theme=theme, territories=territories, today=today)
    choices = {
        question.key: {choice.key: choice for choice in question.choices.all()}
        for question in questions
        if question.kind != QuestionKind.AGE
    }
    given = {
        key: frozenset(value if isinstance(value, list) else [value])
        for key, value in answers.items()
        if key in choices
    }
    age = answers.get("age")
    urgent = has_urgent_need(questions, answers)
    urgent_keys = urgent_choices(questions)
    matches = []
    for candidate in found:
        fit = _fit(candidate, age, given, choices, urgent_keys)
        if fit is not None:
            specificity, reason = fit
            matches.append(
                Match(
                    offer_id=candidate.pk,
                    title=candidate.title,
                    closeness=candidate.closeness,
                    specificity=specificity,
                    reason=reason,
                    is_urgent=urgent and candidate.answers_urgent_need,
                )
            )
    matches.sort(
        key=lambda match: (not match.is_urgent, -match.specificity, match.closeness, match.title, match.offer_id)
    )
    return matches


def _fit(offer: Candidate, age, given: dict, choices: dict, urgent_keys: dict) -> tuple[int, str] | None:
    """(specificity, reason) when the offer fits the answers, None otherwise.

    `given` holds the youth's answers as sets of choice keys, for the questions of the theme only: a criterion on a
    question the youth was not asked does not exclude. Nor does an urgent answer (`urgent_keys`, per question): a
    youth in danger keeps every offer that fits without it, as if the question had not been answered.
    """
    specificity = 0
    age_restricted = (offer.age_min, offer.age_max) != (MIN_AGE, MAX_AGE)
    if age_restricted and age is not None:
        if not offer.age_min <= age <= offer.age_max:
            return None
        specificity += 1
    reasons = []
    for key, accepted in offer.criteria.items():
        answered = given.get(key)
        if answered is None:
            continue
        fitting = answered & accepted
        if not fitting and answered <= urgent_keys.get(key, set()):
            # Only urgent answers: the question excludes nothing; the reason says whom the offer is meant for.
            meant_for = [choices[key][choice].reason for choice in sorted(accepted) if choice in choices[key]]
            if meant_for:
                reasons.append(" ou ".join(meant_for))
            continue
        if not fitting:
            return None
        specificity += 1
        reasons.append(" ou ".join(choices[key][choice].reason for choice in sorted(fitting)))
    return specificity, _reason(offer, age_restricted, reasons)


def _reason(offer: Candidate, age_restricted: bool, reasons: list[str]) -> str:
    """ "Pour les 16–25 ans qui cherchent un emploi et sans diplôme"."""
    who = f"Pour les {offer.age_min}–{offer.age_max} ans" if age_restricted else "Pour les jeunes"
    if not reasons:
        return f"{who}, sans autre condition" if age_restricted else "Pour tous les jeunes de 15 à 30 ans"
    if len(reasons) == 1:
        return f"{who} {reasons[0]}"
    return f"{who} {', '.join(reasons[:-1])} et {reasons[-1]}"

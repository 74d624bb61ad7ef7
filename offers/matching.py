"""Which offers fit a youth, and why: the rules of DESIGN.md, "Matching"."""

import datetime
from dataclasses import dataclass

from offers.enums import Closeness
from offers.models import Offer
from questionnaires.enums import MAX_AGE, MIN_AGE, QuestionKind
from questionnaires.models import Question, Theme
from territories.models import Commune, Territory


@dataclass(frozen=True)
class Match:
    offer: Offer
    closeness: Closeness
    specificity: int
    reason: str


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
    today: datetime.date | None = None,
) -> list[Match]:
    """The live offers of the theme that cover the commune and fit the answers, most specific and nearest first.

    `questions` are the theme's questions with their choices (prefetched). A question the youth was not asked
    never excludes an offer; an offer restricting a question excludes the youth whose answer it does not accept.
    Offers come with only the fields matching needs: fetch what a page shows for the few it displays.
    """
    territories = list(open_territories_for(commune, theme).values_list("pk", flat=True))
    if not territories:
        return []
    candidates = (
        Offer.objects.live(today)
        .filter(theme=theme)
        .covering(commune, territories)
        .only("pk", "title", "age_min", "age_max", "criteria")
    )
    by_key = {question.key: question for question in questions}
    matches = []
    for offer in candidates:
        fit = _fit(offer, answers, by_key)
        if fit is not None:
            specificity, reason = fit
            matches.append(
                Match(offer=offer, closeness=Closeness(offer.closeness), specificity=specificity, reason=reason)
            )
    matches.sort(key=lambda match: (-match.specificity, match.closeness, match.offer.title, match.offer.pk))
    return matches


def _fit(offer: Offer, answers: dict, questions: dict[str, Question]) -> tuple[int, str] | None:
    """(specificity, reason) when the offer fits the answers, None otherwise."""
    specificity = 0
    age_restricted = (offer.age_min, offer.age_max) != (MIN_AGE, MAX_AGE)
    age = answers.get("age")
    if age_restricted and age is not None:
        if not offer.age_min <= age <= offer.age_max:
            return None
        specificity += 1
    reasons = []
    for key, accepted in offer.criteria.items():
        question = questions.get(key)
        if question is None or key not in answers or question.kind == QuestionKind.AGE:
            continue  # not asked: does not exclude
        given = answers[key] if isinstance(answers[key], list) else [answers[key]]
        fitting = [choice for choice in question.choices.all() if choice.key in given and choice.key in accepted]
        if not fitting:
            return None
        specificity += 1
        reasons.append(" ou ".join(choice.reason for choice in fitting))
    return specificity, _reason(offer, age_restricted, reasons)


def _reason(offer: Offer, age_restricted: bool, reasons: list[str]) -> str:
    """ "Pour les 16–25 ans qui cherchent un emploi et sans diplôme"."""
    who = f"Pour les {offer.age_min}–{offer.age_max} ans" if age_restricted else "Pour les jeunes"
    if not reasons:
        return f"{who}, sans autre condition" if age_restricted else "Pour tous les jeunes de 15 à 30 ans"
    if len(reasons) == 1:
        return f"{who} {reasons[0]}"
    return f"{who} {', '.join(reasons[:-1])} et {reasons[-1]}"

"""A year of history for the demo: searches and requests with their outcomes, so that every statistic shows figures.

Written with bulk inserts (a few seconds); the searches' result counts come from the real matching of today's offers.
"""

import datetime
import random

from django.db.models import Count
from django.utils import timezone

from contact_requests.enums import ContactChannel, EventKind, Outcome, RequestStatus
from contact_requests.models import ContactRequest, RequestEvent, new_reference
from offers.matching import match_offers, open_territories_for
from offers.models import Offer, SearchLog
from organisations.models import Membership
from questionnaires.enums import QuestionKind
from questionnaires.journey import questionnaire_for
from territories import working_days
from territories.models import Territory

HISTORY_EMAIL_DOMAIN = "historique.jeune.example.fr"
DAYS = 365
SEARCHES_PER_DAY = 24
REQUESTS_PER_DAY = 3
# The last weeks are the live demo's (demo/contact_requests.py): history stops before them.
HISTORY_ENDS_DAYS_AGO = 30
OUTCOMES = [
    (Outcome.SERVICE_MOBILISED, 50),
    (Outcome.REDIRECTED, 15),
    (Outcome.NOT_REACHABLE, 15),
    (Outcome.NO_LONGER_NEEDED, 10),
    (Outcome.OTHER, 5),
]


def profiles(questionnaire, rng: random.Random, count: int) -> list[dict]:
    """Plausible answers to a theme's questionnaire: an age and one choice per question asked."""
    found = []
    for _ in range(count):
        answers = {}
        for question in questionnaire.asked(answers):
            if question.kind == QuestionKind.AGE:
                answers[question.key] = rng.choice([16, 18, 19, 21, 23, 26, 29])
            else:
                keys = [choice.key for choice in question.choices.all()]
                if keys:
                    pick = rng.choice(keys)
                    answers[question.key] = [pick] if question.kind == QuestionKind.MULTIPLE else pick
            # A condition may open the next question: read the questionnaire again with this answer.
            answers = questionnaire.relevant_answers(answers) | answers
        found.append(questionnaire.relevant_answers(answers))
    return found


def _searches(rng, now) -> list[SearchLog]:
    """Searches in the largest communes of each open territory, counted as the matching counts today."""
    kinds = []
    for territory in Territory.objects.open().prefetch_related("themes"):
        communes = list(territory.communes.order_by("-population")[:8])
        for theme in territory.themes.all():
            questionnaire = questionnaire_for(theme)
            for commune in communes:
                territories = list(open_territories_for(commune, theme).values_list("pk", flat=True))
                for answers in profiles(questionnaire, rng, 3):
                    results = match_offers(
                        commune=commune,
                        theme=theme,
                        answers=answers,
                        questions=questionnaire.questions,
                        territories=territories,
                    )
                    kinds.append((commune, theme, answers, len(results)))
    if not kinds:
        return []
    return [
        SearchLog.coarsened(
            commune=commune, theme=theme, answers=answers, result_count=count, day=timezone.localdate(moment)
        )
        for day in range(HISTORY_ENDS_DAYS_AGO, DAYS + HISTORY_ENDS_DAYS_AGO)
        for moment in _moments(rng, now, day, SEARCHES_PER_DAY)
        for commune, theme, answers, count in [rng.choice(kinds)]
    ]


def _moments(rng, now, days_ago, count):
    day = now - datetime.timedelta(days=days_ago)
    return [day.replace(hour=rng.randint(7, 22), minute=rng.randint(0, 59)) for _ in range(rng.randint(0, count * 2))]


def _requests(rng, now, offers, handlers) -> tuple[list[ContactRequest], list[tuple[int, str, datetime.datetime]]]:
    """Finished requests (contacted or not, closed with an outcome), and the events each one had."""
    requests, events = [], []
    number = 0
    for days_ago in range(HISTORY_ENDS_DAYS_AGO, DAYS + HISTORY_ENDS_DAYS_AGO):
        for created_at in _moments(rng, now, days_ago, REQUESTS_PER_DAY):
            number += 1
            offer = rng.choice(offers)
            request = ContactRequest(
                reference=new_reference(),
                submission_key=f"{number:032x}",
                offer=offer,
                organisation=offer.organisation,
                territory_id=offer.territory_ids[0],
                commune=offer.organisation.commune,
                theme_id=offer.theme_id,
                email=f"jeune-{number}@{HISTORY_EMAIL_DOMAIN}",
                consent_at=created_at,
                created_at=created_at,
                answers={},
            )
            request.schedule(received_at=created_at, delay=offer.delay_days)
            history = [(EventKind.SUBMITTED, created_at)]
            department = offer.organisation.commune.department_id
            if rng.random() < 0.08:  # withdrawn by the youth the next day
                request.status, request.outcome = RequestStatus.WITHDRAWN, Outcome.NO_LONGER_NEEDED
                request.finished_at = created_at + datetime.timedelta(days=1)
                history.append((EventKind.WITHDRAWN, request.finished_at))
            else:
                late = rng.random() < 0.2
                days = offer.delay_days + rng.randint(1, 4) if late else rng.randint(0, offer.delay_days)
                contacted_day = working_days.add_working_days(
                    working_days.first_counted_day(created_at, department), days, department
                )
                contacted_at = datetime.datetime.combine(
                    contacted_day, datetime.time(rng.randint(9, 17)), tzinfo=working_days.time_zone(department)
                )
                if late:
                    request.reminded_at = request.remind_at
                    history.append((EventKind.REMINDED, request.remind_at))
                    if contacted_at > request.escalate_at:
                        request.escalated_at = request.escalate_at
                        history.append((EventKind.ESCALATED, request.escalate_at))
                    if contacted_at > request.follow_up_at:
                        request.followed_up_at = request.follow_up_at
                        history.append((EventKind.FOLLOWED_UP, request.follow_up_at))
                        history.append(
                            (EventKind.YOUTH_NOT_CONTACTED, request.follow_up_at + datetime.timedelta(hours=3))
                        )
                request.contacted_at, request.contact_channel = contacted_at, rng.choice(ContactChannel.values)
                request.handler_id = handlers.get(offer.organisation_id)
                request.working_days_to_contact = working_days.working_days_to(created_at, contacted_at, department)
                history.append((EventKind.CONTACTED, contacted_at))
                if rng.random() < 0.3:
                    history.append((EventKind.YOUTH_CONTACTED, contacted_at + datetime.timedelta(days=2)))
                request.status = RequestStatus.CLOSED
                request.outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
                request.finished_at = contacted_at + datetime.timedelta(days=rng.randint(1, 20))
                history.append((EventKind.CLOSED, request.finished_at))
            requests.append(request)
            events.append(history)
    return requests, events


def load(stdout):
    if ContactRequest.objects.filter(email__endswith=HISTORY_EMAIL_DOMAIN).exists():
        stdout.write("  historique d’un an : déjà chargé")
        return
    rng = random.Random(2026)
    now = timezone.now()
    offers = list(
        Offer.objects.live()
        .annotate(territory_count=Count("territories"))
        .filter(territory_count__gt=0)
        .select_related("organisation__commune")
        .order_by("pk")
    )
    for offer in offers:
        offer.territory_ids = list(offer.territories.order_by("pk").values_list("pk", flat=True))
    searches = SearchLog.objects.bulk_create(_searches(rng, now), batch_size=2000)
    if not offers:
        stdout.write("  historique d’un an : pas d’offre en ligne, pas de demandes")
        return
    # The first member of each organisation handled its requests (none for an organisation without accounts).
    handlers = {}
    for organisation_id, user_id in Membership.objects.order_by("-pk").values_list("organisation_id", "user_id"):
        handlers[organisation_id] = user_id
    requests, histories = _requests(rng, now, offers, handlers)
    ContactRequest.objects.bulk_create(requests, batch_size=1000)
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(request=request, kind=kind, at=at)
            for request, history in zip(requests, histories, strict=True)
            for kind, at in history
        ],
        batch_size=2000,
    )
    stdout.write(f"  historique d’un an : {len(searches)} recherches, {len(requests)} demandes")

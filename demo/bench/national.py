"""A year of a national service, for `bench_national`: the ministry's 45 territories, 5,000 organisations, 50,000
offers, 1,000,000 contact requests with their history and 10,000,000 searches, loaded with COPY (or INSERT … SELECT)
into PostgreSQL. Each part is loaded once: a second run finds it and keeps it.

The requests go to the 25 open territories (an engaged one serves no offer), a fifth of them to Grand Reims, whose
export is measured. The searches of the days the nightly summary has counted are in the summary only
(`stats.summary.refresh_and_forget_searches` deletes them from the search log): the search log holds those of
yesterday and today, the summary those of the days before.
"""

import datetime
import functools
import itertools
import uuid

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from contact_requests.enums import EventKind, RequestStatus
from contact_requests.models import ContactRequest, RequestEvent
from demo.bench import data as bench_data
from demo.bench.copy import copy, defaults, json_text, reserve_ids
from offers.enums import OfferStatus
from offers.models import Offer, SearchLog
from organisations.enums import OrganisationKind
from organisations.models import CharterSignature, CharterVersion, Organisation
from questionnaires.enums import AGE_BANDS
from questionnaires.models import Theme
from stats.models import GapDay, SearchDay, SummarisedDay
from territories import working_days
from territories.enums import TerritoryStatus
from territories.models import Commune, Territory

TERRITORIES = 45
ORGANISATIONS = 5_000
OFFERS = 50_000
REQUESTS = 1_000_000
SEARCHES = 10_000_000
EXPORT_TERRITORY = "grand-reims"
EXPORT_SHARE = 5  # one request in five is Grand Reims's: 200,000
# The nine territories of Hauts-de-France that the ministry's list counts without naming them, made of the most
# populated intercommunalities of the region that no territory covers.
UNNAMED_DEPARTMENTS = ["02", "59", "60", "62", "80"]
NATIONAL_PREFIX = "Structure nationale"
SIGNER_EMAIL = "structures-nationales-banc-d-essai@boussole.example.fr"
REFERENCE_PREFIX = "BN-"
YEAR = datetime.timedelta(days=365)
# Requests received in the last two weeks are still being handled; the older ones are over.
OPEN_FOR = datetime.timedelta(days=14)


def ensure_territories(stdout) -> list[Territory]:
    """The ministry's territories (`load_ministry_territories`) and the nine it does not name, up to 45."""
    missing = TERRITORIES - Territory.objects.count()
    if missing > 0:
        stdout.write(f"Création de {missing} territoires des Hauts-de-France…")
        themes = list(Territory.objects.get(slug=EXPORT_TERRITORY).themes.all())
        epcis = (
            Commune.objects.filter(department_id__in=UNNAMED_DEPARTMENTS, territories=None, epci__isnull=False)
            .values("epci_id", "epci__name")
            .annotate(population=Sum("population"))
            .order_by("-population")[:missing]
        )
        for epci in epcis:
            with transaction.atomic():
                territory = Territory.objects.create(
                    name=epci["epci__name"], slug=slugify(epci["epci__name"])[:50], status=TerritoryStatus.OPEN
                )
                territory.communes.set(Commune.objects.filter(epci_id=epci["epci_id"], territories=None))
                territory.themes.set(themes)
    return list(Territory.objects.order_by("pk"))


def national_organisations():
    return Organisation.objects.filter(name__startswith=NATIONAL_PREFIX)


@transaction.atomic
def ensure_offers(stdout, territories):
    """5,000 organisations, each in a territory with ten published offers of the territory's themes."""
    if national_organisations().count() == ORGANISATIONS and Offer.objects.filter(
        organisation__in=national_organisations()
    ).count() == (OFFERS):
        return
    stdout.write(f"Création de {ORGANISATIONS} structures et {OFFERS} offres…")
    Offer.objects.filter(organisation__in=national_organisations()).delete()
    national_organisations().delete()
    communes = {t.pk: list(t.communes.order_by("-population").values_list("pk", "department_id")) for t in territories}
    themes = {t.pk: list(t.themes.values_list("pk", flat=True)) or [bench_data_theme()] for t in territories}
    organisation_ids = reserve_ids(Organisation, ORGANISATIONS)
    homes = [territories[number % len(territories)] for number in range(ORGANISATIONS)]
    organisation = defaults(
        Organisation, name="", siret="", kind=OrganisationKind.ASSOCIATION, address="1 rue de la Boussole"
    )
    copy(
        Organisation,
        organisation,
        (
            {
                "id": pk,
                "name": f"{NATIONAL_PREFIX} {number:04d}",
                "siret": f"12{number:012d}",
                "commune_id": communes[homes[number].pk][number % len(communes[homes[number].pk])][0],
            }
            for number, pk in enumerate(organisation_ids)
        ),
    )
    Organisation.territories.through.objects.bulk_create(
        [
            Organisation.territories.through(organisation_id=pk, territory=home)
            for pk, home in zip(organisation_ids, homes, strict=True)
        ],
        batch_size=5000,
    )
    offer_ids = reserve_ids(Offer, OFFERS)
    per_organisation = OFFERS // ORGANISATIONS
    offer = defaults(
        Offer,
        title="",
        summary="Un accompagnement pour les jeunes du territoire.",
        description="Une offre créée pour mesurer le service à l’échelle nationale.",
        how_it_happens="Un premier rendez-vous, puis un suivi.",
        status=OfferStatus.PUBLISHED,
    )

    def offer_row(number, pk):
        home = homes[number // per_organisation]
        return {
            "id": pk,
            "organisation_id": organisation_ids[number // per_organisation],
            "theme_id": themes[home.pk][number % len(themes[home.pk])],
            "title": f"Offre nationale {number:05d}",
            "criteria": json_text(bench_data.CRITERIA[number % len(bench_data.CRITERIA)]),
            "age_min": 16 if number % 3 else 15,
            "age_max": 25 if number % 2 else 30,
        }

    copy(Offer, offer, (offer_row(number, pk) for number, pk in enumerate(offer_ids)))
    Offer.territories.through.objects.bulk_create(
        [
            Offer.territories.through(offer_id=pk, territory=homes[number // per_organisation])
            for number, pk in enumerate(offer_ids)
        ],
        batch_size=5000,
    )


def ensure_charter():
    """The national organisations signed the current charter: their offers are shown to youths."""
    charter = CharterVersion.current()
    if charter is None:
        return
    signer, _ = User.objects.get_or_create(email=SIGNER_EMAIL)
    CharterSignature.objects.bulk_create(
        [
            CharterSignature(organisation_id=pk, charter=charter, signed_by=signer)
            for pk in national_organisations().exclude(charter_signatures__charter=charter).values_list("pk", flat=True)
        ],
        batch_size=5000,
    )


def bench_data_theme():
    return Theme.objects.get(slug=bench_data.THEME).pk


def national_requests():
    return ContactRequest.objects.filter(reference__startswith=REFERENCE_PREFIX)


@functools.cache
def schedule(day: datetime.date, late: bool, department: str):
    """Due date, reminder, question and escalation of a request received that day (after 18:00 if `late`), as
    `ContactRequest.schedule` computes them, once per day and département."""
    request = ContactRequest()
    received = datetime.datetime.combine(
        day, datetime.time(19 if late else 10), tzinfo=working_days.time_zone(department)
    )
    request.organisation = Organisation(commune=Commune(department_id=department))
    request.schedule(received_at=received, delay=3)
    return request.due_at, request.remind_at, request.follow_up_at, request.escalate_at


@functools.cache
def days_to_contact(day: datetime.date, late: bool, contacted: datetime.date, department: str) -> int:
    zone = working_days.time_zone(department)
    received = datetime.datetime.combine(day, datetime.time(19 if late else 10), tzinfo=zone)
    moment = datetime.datetime.combine(contacted, datetime.time(12), tzinfo=zone)
    return working_days.working_days_to(received, moment, department)


def ensure_requests(stdout, territories, *, now):
    """1,000,000 requests over the year before `now`, with their history (received, then closed or withdrawn, and
    some answers of the youth); the statuses of those of the last two weeks still open or taken."""
    if national_requests().count() == REQUESTS:
        return
    stdout.write(f"Création de {REQUESTS} demandes de contact sur un an, et de leur historique…")
    national_requests().delete()
    plan = RequestPlan(territories)
    request_ids = reserve_ids(ContactRequest, REQUESTS)
    template = defaults(
        ContactRequest,
        submission_key=uuid.uuid4(),
        consent_at=now,
        due_at=now,
        remind_at=now,
        follow_up_at=now,
        escalate_at=now,
    )
    events = []
    with transaction.atomic():
        copy(ContactRequest, template, plan.rows(request_ids, now=now, events=events))
    stdout.write(f"  {len(events)} événements d’historique…")
    event_ids = reserve_ids(RequestEvent, len(events))
    template = defaults(RequestEvent, kind=EventKind.SUBMITTED, request_id=0, at=now)
    template["recorded_at"] = now
    with transaction.atomic():
        copy(
            RequestEvent,
            template,
            (
                {"id": pk, "request_id": request, "kind": kind, "at": at, "recorded_at": at}
                for pk, (request, kind, at) in zip(event_ids, events, strict=True)
            ),
        )


class RequestPlan:
    """Who receives each request: a fifth Grand Reims's, the others spread over the other open territories; within a
    territory, its offers and communes in turn."""

    STATUSES = [RequestStatus.NEW, RequestStatus.TAKEN, RequestStatus.CONTACTED]
    OUTCOMES = ["service_mobilised", "redirected", "not_reachable"]
    SITUATIONS = ["job_seeker", "student", "employee", "neither"]

    def __init__(self, territories):
        open_territories = [t for t in territories if t.status == TerritoryStatus.OPEN]
        reims = next(t for t in open_territories if t.slug == EXPORT_TERRITORY)
        self.others = [t for t in open_territories if t.pk != reims.pk]
        self.reims = reims
        offers = Offer.objects.filter(organisation__in=national_organisations()).values_list(
            "pk", "organisation_id", "theme_id", "organisation__commune__department_id", "territories"
        )
        self.offers = {}
        for pk, organisation, theme, department, territory in offers.order_by("pk"):
            self.offers.setdefault(territory, []).append((pk, organisation, theme, department))
        self.communes = {t.pk: list(t.communes.values_list("pk", flat=True)) for t in open_territories}

    def territory(self, number):
        return self.reims if number % EXPORT_SHARE == 0 else self.others[number % len(self.others)]

    def rows(self, ids, *, now, events):
        step = YEAR / len(ids)
        answers = [json_text({"age": 15 + age, "situation": s}) for age in range(16) for s in self.SITUATIONS]
        words = json_text([["Âge", "20 ans"], ["Situation", "Je cherche un emploi"]])
        key = uuid.uuid4().int & ~((1 << 32) - 1)
        for number, pk in enumerate(ids):
            territory = self.territory(number)
            offer, organisation, theme, department = self.offers[territory.pk][
                (number // len(self.others)) % len(self.offers[territory.pk])
            ]
            communes = self.communes[territory.pk]
            created = now - step * (number + 1)
            row = {
                "id": pk,
                "reference": f"{REFERENCE_PREFIX}{number:07d}",
                "submission_key": uuid.UUID(int=key + number),
                "offer_id": offer,
                "organisation_id": organisation,
                "territory_id": territory.pk,
                "commune_id": communes[number % len(communes)],
                "theme_id": theme,
                "first_name": "Jeune",
                "email": f"jeune{number}@banc.example.fr",
                "consent_at": created,
                "created_at": created,
                "answers": answers[number % len(answers)],
                "answers_in_words": words,
            }
            self.history(row, number, department, now=now, events=events)
            yield row

    def history(self, row, number, department, *, now, events):
        created = row["created_at"]
        local = created.astimezone(working_days.time_zone(department))
        day, late = local.date(), local.hour >= 18
        row["due_at"], row["remind_at"], row["follow_up_at"], row["escalate_at"] = schedule(day, late, department)
        events.append((row["id"], EventKind.SUBMITTED, created))
        if number % 11 == 0 and row["escalate_at"] < now:
            row["escalated_at"] = row["escalate_at"]
        if now - created < OPEN_FOR:
            row["status"] = self.STATUSES[number % len(self.STATUSES)]
            if row["status"] == RequestStatus.CONTACTED:
                row["contacted_at"] = created + datetime.timedelta(hours=2)
            return
        if number % 4 == 0:
            row["status"], row["outcome"] = RequestStatus.WITHDRAWN, "no_longer_needed"
            row["finished_at"] = created + datetime.timedelta(days=10)
            events.append((row["id"], EventKind.WITHDRAWN, row["finished_at"]))
            return
        contacted = created + datetime.timedelta(days=number % 7, hours=2)
        row["status"], row["outcome"] = RequestStatus.CLOSED, self.OUTCOMES[number % 3]
        row["contacted_at"] = row["finished_at"] = contacted
        row["working_days_to_contact"] = days_to_contact(day, late, contacted.date(), department)
        events.append((row["id"], EventKind.CLOSED, contacted))
        if number % 10 == 1:
            events.append((row["id"], EventKind.YOUTH_CONTACTED, contacted + datetime.timedelta(days=1)))
        elif number % 10 == 2:
            row["no_contact_reported_at"] = contacted - datetime.timedelta(hours=1)
            events.append((row["id"], EventKind.YOUTH_NOT_CONTACTED, row["no_contact_reported_at"]))


def search_days(today: datetime.date):
    """The year's days, the first first: their searches are spread evenly."""
    return [today - datetime.timedelta(days=offset) for offset in range(364, -1, -1)]


def ensure_searches(stdout, territories, *, today):
    """10,000,000 searches over the year to today, in the communes of the open territories (the most populated first)
    and every theme: the days up to the day before yesterday in the summary, as counted and forgotten; yesterday's
    and today's in the search log."""
    if counted_searches() >= SEARCHES:
        return
    stdout.write(f"Création de {SEARCHES} recherches sur un an (résumé de la nuit et journal des recherches)…")
    days = search_days(today)
    summarised = days[:-2]
    with transaction.atomic():
        SearchDay.objects.all().delete()
        GapDay.objects.all().delete()
        SearchLog.objects.all().delete()
        SummarisedDay.objects.all().delete()
        communes = list(
            Commune.objects.filter(territories__status=TerritoryStatus.OPEN)
            .order_by("-population", "pk")
            .values_list("pk", flat=True)
            .distinct()
        )
        themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
        # The first search of yesterday: day(n) = n × 365 // SEARCHES reaches its index.
        last = -(-len(summarised) * SEARCHES // len(days))
        with connection.cursor() as cursor:
            insert_summary(cursor, GeneratedSearches(communes, themes, days[0], 0, last))
            searches = GeneratedSearches(communes, themes, days[0], last, SEARCHES)
            cursor.execute(
                f"INSERT INTO {SearchLog._meta.db_table} (day, commune_id, theme_id, result_count, age_band, answers) "
                f"SELECT day, commune_id, theme_id, result_count, "
                f"CASE WHEN result_count <= 1 THEN age_band END, "
                f"CASE WHEN result_count <= 1 THEN answers ELSE '{{}}'::jsonb END "
                f"FROM ({searches}) searches",
                searches.params,
            )
        SummarisedDay.objects.bulk_create(
            [
                SummarisedDay(day=day, refreshed_at=timezone.now(), searches_forgotten=True, history_until=None)
                for day in summarised
            ]
        )


class GeneratedSearches:
    """The SQL of the searches numbered from `start` to `stop` (excluded) of SEARCHES: search n is made on day
    n × 365 / SEARCHES, in a commune drawn with the most populated ones most often, with a theme, a number of offers
    found and a profile (one of a few: the profiles of a year of searches repeat)."""

    def __init__(self, communes, themes, first_day, start, stop):
        bands = [band[0] for band in AGE_BANDS]
        self.params = [first_day, communes, len(communes), themes, len(themes), bands, start, stop]
        self.sql = (
            f"SELECT n, %s::date + (n * 365 / {SEARCHES})::int AS day, "
            "(%s::int[])[1 + floor(%s * power(n * 0.6180339887::float8 - floor(n * 0.6180339887::float8), 3))::int] "
            "AS commune_id, "
            "(%s::int[])[1 + (n * 11 + n / 97) %% %s] AS theme_id, "
            "((n * 13) %% 9)::int AS result_count, "
            "(%s::int[])[1 + (n * 5) %% 3] AS age_band, "
            '(ARRAY[\'{"situation": "job_seeker"}\', \'{"situation": "student"}\', '
            '\'{"situation": "employee"}\', \'{"situation": "neither"}\']::jsonb[])[1 + (n * 3) %% 4] '
            "AS answers FROM generate_series(%s::bigint, %s::bigint - 1) n"
        )

    def __str__(self):
        return self.sql


def insert_summary(cursor, searches):
    """The counts of these searches (those of the summarised days), as the nightly summary writes them."""
    cursor.execute(
        f"INSERT INTO {SearchDay._meta.db_table} "
        "(day, commune_id, theme_id, searches, without_result, with_one_result) "
        "SELECT day, commune_id, theme_id, count(*), count(*) FILTER (WHERE result_count = 0), "
        "count(*) FILTER (WHERE result_count = 1) "
        f"FROM ({searches}) searches GROUP BY day, commune_id, theme_id",
        searches.params,
    )
    cursor.execute(
        f"INSERT INTO {GapDay._meta.db_table} "
        "(day, commune_id, theme_id, age_band, answers, searches, without_result) "
        "SELECT day, commune_id, theme_id, age_band, answers, count(*), count(*) FILTER (WHERE result_count = 0) "
        f"FROM ({searches}) searches WHERE result_count <= 1 "
        "GROUP BY day, commune_id, theme_id, age_band, answers",
        searches.params,
    )


def counted_searches() -> int:
    summarised = SearchDay.objects.aggregate(total=Sum("searches"))["total"] or 0
    return summarised + SearchLog.objects.count()


def counts() -> dict:
    return {
        "territoires": Territory.objects.count(),
        "structures": national_organisations().count(),
        "offres": Offer.objects.filter(organisation__in=national_organisations()).count(),
        "demandes": national_requests().count(),
        "événements": RequestEvent.objects.aggregate(n=Count("pk"))["n"],
        "recherches comptées": counted_searches(),
        "recherches au journal": SearchLog.objects.count(),
    }


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch

"""Benchmark data: 20,000 published offers (500 for Emploi in Grand Reims), 5,000 requests for one organisation."""

import datetime
import uuid

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from contact_requests.enums import RequestStatus
from contact_requests.models import ContactRequest
from offers.enums import OfferStatus
from offers.models import Offer
from organisations.enums import MemberRole, OrganisationKind
from organisations.models import CharterSignature, CharterVersion, Membership, Organisation
from questionnaires.models import Theme
from territories.models import Commune, Department, Territory

TOTAL_OFFERS = 20_000
LOCAL_OFFERS = 500
BENCH_SIRET = "11000000000005"  # Luhn-valid, reserved to the benchmark organisation
COMMUNE = "51454"  # Reims, in the Grand Reims demo territory
THEME = "emploi"
# Eligibility patterns cycled over the local offers, so that matching has real work to do.
CRITERIA = [
    {},
    {"situation": ["job_seeker", "neither"]},
    {"looking_for": ["job", "apprenticeship"]},
    {"driving_licence": ["no", "in_progress"]},
    {"situation": ["student"]},
    {"diploma": ["none", "cap_bep"], "situation": ["job_seeker"]},
]
ANSWERS = {
    1: {"age": "20", "situation": "job_seeker"},
    2: {"looking_for": ["job"], "diploma": "none"},
    3: {"driving_licence": "no", "disability": "no", "followed_by": ["mission_locale"]},
}


@transaction.atomic
def ensure_offers(stdout):
    organisation, _ = Organisation.objects.get_or_create(
        siret=BENCH_SIRET,
        defaults={
            "name": "Structure du banc d’essai",
            "kind": OrganisationKind.ASSOCIATION,
            "address": "1 rue du Banc",
            "commune": Commune.objects.get(insee_code=COMMUNE),
        },
    )
    if organisation.offers.count() == TOTAL_OFFERS:
        return
    stdout.write(f"Création de {TOTAL_OFFERS} offres publiées…")
    organisation.offers.all().delete()
    territory = Territory.objects.get(slug="grand-reims")
    emploi = Theme.objects.get(slug=THEME)
    themes = list(Theme.objects.exclude(slug=THEME))
    departments = list(Department.objects.exclude(code="51").values_list("code", flat=True))

    def offer(number, theme, criteria):
        return Offer(
            organisation=organisation,
            theme=theme,
            title=f"Offre d’essai {number:05d}",
            summary="Un accompagnement de test.",
            description="Une offre créée pour mesurer les temps de réponse.",
            how_it_happens="Un rendez-vous.",
            status=OfferStatus.PUBLISHED,
            criteria=criteria,
            age_min=16 if number % 3 else 15,
            age_max=25 if number % 2 else 30,
        )

    local = Offer.objects.bulk_create(
        [offer(n, emploi, CRITERIA[n % len(CRITERIA)]) for n in range(LOCAL_OFFERS)], batch_size=1000
    )
    Offer.territories.through.objects.bulk_create(
        [Offer.territories.through(offer=o, territory=territory) for o in local], batch_size=1000
    )
    elsewhere = Offer.objects.bulk_create(
        [offer(n, themes[n % len(themes)] if n % 2 else emploi, {}) for n in range(LOCAL_OFFERS, TOTAL_OFFERS)],
        batch_size=1000,
    )
    Offer.departments.through.objects.bulk_create(
        [
            Offer.departments.through(offer=o, department_id=departments[i % len(departments)])
            for i, o in enumerate(elsewhere)
        ],
        batch_size=1000,
    )


REQUEST_COUNT = 5_000
BENCH_USER_EMAIL = "banc-d-essai@boussole.example.fr"
# One open request in this many says "personne ne m’a contacté·e".
REPORTED_EVERY = 10


@transaction.atomic
def ensure_requests(stdout):
    """5,000 requests for the benchmark organisation, and a member of it who signed the charter; returns the user."""
    organisation = Organisation.objects.get(siret=BENCH_SIRET)
    user, _ = User.objects.get_or_create(email=BENCH_USER_EMAIL)
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": MemberRole.ADMIN})
    charter = CharterVersion.current()
    if charter:
        CharterSignature.objects.get_or_create(organisation=organisation, charter=charter, defaults={"signed_by": user})
    if organisation.contact_requests.count() == REQUEST_COUNT:
        _ensure_reported(organisation)
        return user
    stdout.write(f"Création de {REQUEST_COUNT} demandes de contact…")
    organisation.contact_requests.all().delete()
    offers = list(organisation.offers.filter(territories__slug="grand-reims")[:50])
    territory = Territory.objects.get(slug="grand-reims")
    commune = Commune.objects.get(insee_code=COMMUNE)
    now = timezone.now()
    statuses = [RequestStatus.NEW, RequestStatus.TAKEN, RequestStatus.CONTACTED, RequestStatus.CLOSED]
    requests = []
    for number in range(REQUEST_COUNT):
        created = now - datetime.timedelta(hours=number)
        request = ContactRequest(
            submission_key=uuid.uuid4(),
            offer=offers[number % len(offers)],
            organisation=organisation,
            territory=territory,
            commune=commune,
            theme_id=offers[0].theme_id,
            first_name=f"Jeune {number}",
            email=f"jeune{number}@banc.example.fr",
            consent_at=created,
            answers={"age": 15 + number % 16, "situation": "job_seeker"},
            answers_in_words=[["Âge", f"{15 + number % 16} ans"], ["Situation", "Je cherche un emploi"]],
            status=statuses[number % len(statuses)],
            created_at=created,
        )
        request.schedule(received_at=created, delay=3)
        requests.append(request)
    ContactRequest.objects.bulk_create(requests, batch_size=1000)
    _ensure_reported(organisation)
    return user


def _ensure_reported(organisation):
    """Some open requests reported by the youth as not contacted (a database made before they existed gets them)."""
    requests = organisation.contact_requests.open()
    if requests.filter(no_contact_reported_at__isnull=False).exists():
        return
    reported = requests.order_by("pk").values_list("pk", flat=True)[::REPORTED_EVERY]
    requests.filter(pk__in=list(reported)).update(no_contact_reported_at=timezone.now())


VALIDATION_OFFERS = 2_000
VALIDATION_SIRET = "11000000000106"  # Luhn-valid, the organisation whose offers wait for the benchmark animator
BENCH_ANIMATOR_EMAIL = "animation-banc-d-essai@boussole.example.fr"


@transaction.atomic
def ensure_validation_queue(stdout):
    """2,000 offers in Grand Reims waiting for validation (new ones and changes to published ones), covered by
    territory, commune, EPCI or département, and an animator of Grand Reims; returns the animator.

    They are Logement offers, so the Emploi results measured above keep their 500 candidates.
    """
    territory = Territory.objects.get(slug="grand-reims")
    animator, _ = User.objects.get_or_create(email=BENCH_ANIMATOR_EMAIL)
    territory.animators.add(animator)
    commune = Commune.objects.get(insee_code=COMMUNE)
    organisation, _ = Organisation.objects.get_or_create(
        siret=VALIDATION_SIRET,
        defaults={
            "name": "Structure à valider du banc d’essai",
            "kind": OrganisationKind.ASSOCIATION,
            "address": "2 rue du Banc",
            "commune": commune,
        },
    )
    if organisation.offers.count() == VALIDATION_OFFERS:
        return animator
    stdout.write(f"Création de {VALIDATION_OFFERS} offres à valider…")
    organisation.offers.all().delete()
    logement = Theme.objects.get(slug="logement")
    now = timezone.now()
    offers = Offer.objects.bulk_create(
        [
            Offer(
                organisation=organisation,
                theme=logement,
                title=f"Offre à valider {number:05d}",
                summary="Un accompagnement de test.",
                description="Une offre créée pour mesurer la liste des offres à valider.",
                how_it_happens="Un rendez-vous.",
                status=OfferStatus.SUBMITTED if number % 2 else OfferStatus.PUBLISHED,
                pending_changes=None if number % 2 else {"summary": "Un résumé modifié."},
                submitted_at=now - datetime.timedelta(minutes=number),
            )
            for number in range(VALIDATION_OFFERS)
        ],
        batch_size=1000,
    )
    links = {
        Offer.territories.through: lambda offer: {"territory": territory},
        Offer.communes.through: lambda offer: {"commune": commune},
        Offer.epcis.through: lambda offer: {"epci_id": commune.epci_id},
        Offer.departments.through: lambda offer: {"department_id": commune.department_id},
    }
    for kind, (through, link) in enumerate(links.items()):
        through.objects.bulk_create(
            [through(offer=offer, **link(offer)) for offer in offers[kind :: len(links)]], batch_size=1000
        )
    return animator


STATISTICS_SIRET = "11000000000205"  # Luhn-valid, the benchmark's statistics organisation
STATISTICS_REQUESTS = 100_000
STATISTICS_SEARCHES = 500_000


def ensure_statistics(stdout):
    """100,000 requests and 500,000 searches over a year in Grand Reims, and an animator of it; returns the animator.

    Bulk inserts only: the working days of each request are computed in Python once, as the application does.
    """
    from offers.models import SearchLog
    from stats.models import SearchDay, SummarisedDay
    from territories import working_days

    territory = Territory.objects.get(slug="grand-reims")
    animator, _ = User.objects.get_or_create(email=BENCH_ANIMATOR_EMAIL)
    territory.animators.add(animator)
    organisation, _ = Organisation.objects.get_or_create(
        siret=STATISTICS_SIRET,
        defaults={
            "name": "Structure statistique du banc d’essai",
            "kind": OrganisationKind.ASSOCIATION,
            "address": "2 rue du Banc",
            "commune": Commune.objects.get(insee_code=COMMUNE),
        },
    )
    now = timezone.now()
    if organisation.contact_requests.count() != STATISTICS_REQUESTS:
        stdout.write(f"Création de {STATISTICS_REQUESTS} demandes sur un an…")
        organisation.contact_requests.all().delete()
        offers = list(Offer.objects.filter(organisation__siret=BENCH_SIRET, territories=territory)[:50])
        commune = Commune.objects.get(insee_code=COMMUNE)
        step = datetime.timedelta(days=365) / STATISTICS_REQUESTS
        batch = []
        for number in range(STATISTICS_REQUESTS):
            created = now - step * (number + 1)
            offer = offers[number % len(offers)]
            request = ContactRequest(
                # Sequential: 100,000 random references would collide.
                reference=f"BS-{number:07d}",
                submission_key=uuid.uuid4(),
                offer=offer,
                organisation=organisation,
                territory=territory,
                commune=commune,
                theme_id=offer.theme_id,
                email=f"statistique{number}@banc.example.fr",
                consent_at=created,
                created_at=created,
                # All finished: the lists of open and overdue requests measured above keep their own counts.
                status=RequestStatus.CLOSED if number % 4 else RequestStatus.WITHDRAWN,
                outcome="no_longer_needed",
                finished_at=created + datetime.timedelta(days=10),
            )
            request.schedule(received_at=created, delay=3)
            if number % 4:
                request.contacted_at = created + datetime.timedelta(days=number % 7, hours=2)
                request.working_days_to_contact = working_days.working_days_to(created, request.contacted_at, "51")
                request.outcome = ["service_mobilised", "redirected", "not_reachable"][number % 3]
                request.finished_at = request.contacted_at
            if number % 11 == 0:
                request.escalated_at = request.escalate_at
            batch.append(request)
            if len(batch) == 5000 or number == STATISTICS_REQUESTS - 1:
                with transaction.atomic():
                    ContactRequest.objects.bulk_create(batch)
                batch = []
    # The searches of the days the summary counted are in the summary (and may have left the search log).
    counted = SearchDay.objects.filter(commune__territories=territory).aggregate(total=Sum("searches"))["total"] or 0
    waiting = SearchLog.objects.filter(commune__territories=territory).exclude(
        day__in=SummarisedDay.objects.values("day")
    )
    searches = waiting.count() + counted
    if searches < STATISTICS_SEARCHES:
        missing = STATISTICS_SEARCHES - searches
        stdout.write(f"Création de {missing} recherches sur un an…")
        communes = list(territory.communes.all())
        themes = list(Theme.objects.all())
        step = datetime.timedelta(days=365) / missing
        batch = []
        for number in range(missing):
            batch.append(
                SearchLog.coarsened(
                    commune=communes[number % len(communes)],
                    theme=themes[number % len(themes)],
                    answers={"age": 15 + number % 16, "situation": ["job_seeker", "student"][number % 2]},
                    result_count=number % 6,
                    day=timezone.localdate(now - step * (number + 1)),
                )
            )
            if len(batch) == 10_000 or number == missing - 1:
                with transaction.atomic():
                    SearchLog.objects.bulk_create(batch)
                batch = []
    return animator

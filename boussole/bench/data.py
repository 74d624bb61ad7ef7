"""Benchmark data: 20,000 published offers nationwide, 500 of them for Emploi in the Grand Reims demo territory."""

from django.db import transaction

from offers.enums import OfferStatus, OrganisationKind
from offers.models import Offer, Organisation
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

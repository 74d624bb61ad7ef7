"""Demo territories: two open ones from the 2021 deployment list and one engaged (opening soon)."""

from questionnaires.models import Theme
from territories.enums import TerritoryStatus
from territories.models import Commune, Territory

GRAND_REIMS_EPCI = "200067213"
ESSONNE = "91"
METZ_METROPOLE_EPCI = "200039865"

DEMO_TERRITORIES = [
    {
        "slug": "grand-reims",
        "name": "Grand Reims",
        "status": TerritoryStatus.OPEN,
        "communes": {"epci_id": GRAND_REIMS_EPCI},
        "themes": ["emploi", "formation", "logement", "sante"],
        "description": "La Boussole du Grand Reims réunit la Mission locale, le Bureau Information Jeunesse, "
        "la CAF de la Marne et les associations du territoire.",
        "contact_email": "boussole@grandreims.fr",
        "contact_phone": "03 26 77 78 79",
        "website": "https://www.grandreims.fr",
    },
    {
        "slug": "essonne",
        "name": "Essonne",
        "status": TerritoryStatus.OPEN,
        "communes": {"department_id": ESSONNE},
        "themes": ["emploi", "formation", "logement", "sante", "mobilite-internationale"],
        "description": "La Boussole de l’Essonne couvre tout le département avec le réseau Info Jeunes Essonne.",
        "contact_email": "boussole@essonne.fr",
        "contact_phone": "01 60 91 91 91",
        "website": "https://www.essonne.fr",
    },
    {
        "slug": "metz-metropole",
        "name": "Metz Métropole",
        "status": TerritoryStatus.ENGAGED,
        "communes": {"epci_id": METZ_METROPOLE_EPCI},
        "themes": ["emploi", "logement"],
        "description": "La Boussole de Metz Métropole ouvrira bientôt.",
        "contact_email": "boussole@metzmetropole.fr",
        "contact_phone": "",
        "website": "https://www.metzmetropole.fr",
    },
]


def load(stdout):
    if not Commune.objects.exists():
        raise RuntimeError("Aucune commune : lance d’abord « python manage.py import_communes ».")
    for data in DEMO_TERRITORIES:
        data = dict(data)
        commune_filter, theme_slugs = data.pop("communes"), data.pop("themes")
        territory, created = Territory.objects.update_or_create(slug=data.pop("slug"), defaults=data)
        territory.communes.set(Commune.objects.filter(**commune_filter))
        territory.themes.set(Theme.objects.filter(slug__in=theme_slugs))
        stdout.write(
            f"  territoire {territory.name} ({territory.get_status_display()}) : "
            f"{territory.communes.count()} communes, {'créé' if created else 'mis à jour'}"
        )

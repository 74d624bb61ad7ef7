"""Demo offers that youths do not see, so that the professional space and validation have some to show."""

from demo.offers.places import EVRY, IN_GRAND_REIMS, MASSY
from offers.enums import OfferFormat, OfferStatus

OFFERS = [
    # Not shown to youths: a draft, two awaiting validation, an archived one and an expired one.
    {
        "organisation": "ml_reims",
        "theme": "emploi",
        "title": "Découvrir l’intérim en une matinée",
        "summary": "Des agences d’intérim de Reims t’expliquent comment elles recrutent, et tu peux t’inscrire "
        "sur place.",
        "description": "L’intérim, c’est travailler quelques jours ou quelques mois dans des entreprises "
        "différentes. C’est souvent une porte d’entrée vers un emploi plus long.",
        "how_it_happens": "Une matinée à la Mission locale avec trois agences. Apporte ton CV et une pièce d’identité.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 3,
        "age_min": 18,
        "age_max": 30,
        "criteria": {},
        "coverage": IN_GRAND_REIMS,
        "status": OfferStatus.SUBMITTED,
    },
    {
        "organisation": "ml_reims",
        "theme": "emploi",
        "title": "Atelier : chercher un emploi avec ton téléphone",
        "summary": "Les applis et les sites pour trouver des offres et postuler depuis ton téléphone.",
        "description": "Un atelier pour apprendre à utiliser les applis de recherche d’emploi.",
        "how_it_happens": "Un atelier de deux heures, en petit groupe.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 5,
        "criteria": {},
        "coverage": IN_GRAND_REIMS,
        "status": OfferStatus.DRAFT,
    },
    {
        "organisation": "habitat_jeunes_essonne",
        "theme": "logement",
        "title": "Colocation solidaire à Massy",
        "summary": "Une chambre dans une colocation entre jeunes, avec un loyer bas, en échange d’un peu "
        "de temps pour le quartier.",
        "description": "Tu partages un appartement avec d’autres jeunes et vous montez ensemble des projets "
        "pour les voisins.",
        "how_it_happens": "Un entretien, une visite, puis une rencontre avec tes futurs colocataires.",
        "format": OfferFormat.ON_SITE,
        "place": "6 rue de la Division-Leclerc, 91120 Palaiseau",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"housing_need": ["find_housing"]},
        "coverage": {"communes": [MASSY]},
        "status": OfferStatus.SUBMITTED,
    },
    {
        "organisation": "ij_reims",
        "theme": "sante",
        "title": "Forum santé jeunes du printemps",
        "summary": "Une journée de stands et d’ateliers sur la santé, le sommeil et l’alimentation.",
        "description": "Le forum a eu lieu au printemps ; il reviendra l’an prochain.",
        "how_it_happens": "Entrée libre, sans inscription.",
        "format": OfferFormat.ON_SITE,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 3,
        "criteria": {},
        "coverage": IN_GRAND_REIMS,
        "status": OfferStatus.ARCHIVED,
    },
    {
        "organisation": "ft_evry",
        "theme": "emploi",
        "title": "Job dating de l’hiver à Évry",
        "summary": "Rencontre en une matinée des employeurs qui recrutent pour les fêtes de fin d’année.",
        "description": "Commerce, logistique, restauration : des contrats courts pour les fêtes.",
        "how_it_happens": "Viens avec ton CV : chaque entretien dure dix minutes.",
        "format": OfferFormat.ON_SITE,
        "place": "4 boulevard de l’Europe, 91000 Évry-Courcouronnes",
        "delay_days": 2,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"looking_for": ["job", "summer_job"]},
        "coverage": {"communes": [EVRY]},
        "expired": True,
    },
]

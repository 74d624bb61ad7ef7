"""Demo partners and their offers in the two open demo territories (Grand Reims, Essonne).

Eligibility varies from one offer to the next so that different answers to the questionnaire visibly change the
results. Criteria use the question keys of each theme's questionnaire (migration questionnaires 0004).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from offers import revisions
from offers.enums import OfferFormat, OfferStatus
from offers.models import Offer
from organisations.enums import OrganisationKind
from organisations.models import Organisation
from questionnaires.enums import MAX_AGE, MIN_AGE
from questionnaires.models import Theme
from territories.models import Commune, Department, Epci, Territory

REIMS, TINQUEUX = "51454", "51573"
EVRY, MASSY, CORBEIL, PALAISEAU, CHILLY, RIS = "91228", "91377", "91174", "91477", "91161", "91521"
PARIS = "75056"
GRAND_REIMS_EPCI = "200067213"
ESSONNE = "91"

ORGANISATIONS = [
    {
        "ref": "ml_reims",
        "siret": "41859906400064",
        "name": "Mission locale de Reims",
        "kind": OrganisationKind.MISSION_LOCALE,
        "address": "13 rue Gambetta, 51100 Reims",
        "commune": REIMS,
        "phone": "03 26 00 11 20",
        "email": "contact@mission-locale-reims.example.fr",
        "website": "https://www.mission-locale-reims.example.fr",
        "territories": ["grand-reims"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "ij_reims",
        "siret": "38348273400035",
        "name": "Info Jeunes Reims (BIJ)",
        "kind": OrganisationKind.INFO_JEUNES,
        "address": "41 rue de Talleyrand, 51100 Reims",
        "commune": REIMS,
        "phone": "03 26 00 22 30",
        "email": "bij@info-jeunes-reims.example.fr",
        "website": "https://www.info-jeunes-reims.example.fr",
        "territories": ["grand-reims"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "caf_marne",
        "siret": "77988594600003",
        "name": "CAF de la Marne",
        "kind": OrganisationKind.CAF,
        "address": "202 rue des Capucins, 51100 Reims",
        "commune": REIMS,
        "phone": "03 26 00 33 40",
        "email": "partenaires@caf-marne.example.fr",
        "website": "https://www.caf-marne.example.fr",
        "territories": ["grand-reims"],
        "contacts_visible_to_peers": False,
    },
    {
        "ref": "fjt_tinqueux",
        "siret": "44721935300045",
        "name": "Habitat Jeunes Reims-Tinqueux (foyer de jeunes travailleurs)",
        "kind": OrganisationKind.HOUSING,
        "address": "8 avenue Sarah-Bernhardt, 51430 Tinqueux",
        "commune": TINQUEUX,
        "phone": "03 26 00 44 50",
        "email": "accueil@habitat-jeunes-reims.example.fr",
        "website": "https://www.habitat-jeunes-reims.example.fr",
        "territories": ["grand-reims"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "mda_marne",
        "siret": "80303178000023",
        "name": "Maison des adolescents de la Marne",
        "kind": OrganisationKind.HEALTH,
        "address": "5 rue de Courcelles, 51100 Reims",
        "commune": REIMS,
        "phone": "03 26 00 55 60",
        "email": "accueil@mda-marne.example.fr",
        "website": "https://www.mda-marne.example.fr",
        "territories": ["grand-reims"],
        "contacts_visible_to_peers": False,
    },
    {
        "ref": "ft_evry",
        "siret": "13766986700079",
        "name": "France Travail Évry-Courcouronnes",
        "kind": OrganisationKind.FRANCE_TRAVAIL,
        "address": "4 boulevard de l’Europe, 91000 Évry-Courcouronnes",
        "commune": EVRY,
        "phone": "01 60 00 11 20",
        "email": "evry@france-travail.example.fr",
        "website": "https://www.france-travail.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "crous_evry",
        "siret": "18259757500006",
        "name": "CROUS de Versailles, antenne d’Évry",
        "kind": OrganisationKind.CROUS,
        "address": "2 rue du Facteur-Cheval, 91000 Évry-Courcouronnes",
        "commune": EVRY,
        "phone": "01 60 00 22 30",
        "email": "evry@crous-versailles.example.fr",
        "website": "https://www.crous-versailles.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": False,
    },
    {
        "ref": "ij_essonne",
        "siret": "78338570100025",
        "name": "Info Jeunes Essonne",
        "kind": OrganisationKind.INFO_JEUNES,
        "address": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "commune": EVRY,
        "phone": "01 60 00 33 40",
        "email": "contact@info-jeunes-essonne.example.fr",
        "website": "https://www.info-jeunes-essonne.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "ml_nord_essonne",
        "siret": "30684880500009",
        "name": "Mission locale Nord Essonne",
        "kind": OrganisationKind.MISSION_LOCALE,
        "address": "30 avenue Carnot, 91300 Massy",
        "commune": MASSY,
        "phone": "01 60 00 44 50",
        "email": "accueil@mission-locale-nord-essonne.example.fr",
        "website": "https://www.mission-locale-nord-essonne.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "corbeil",
        "siret": "21911740500015",
        "name": "Ville de Corbeil-Essonnes, Point Information Jeunesse",
        "kind": OrganisationKind.COLLECTIVITY,
        "address": "1 place Galignani, 91100 Corbeil-Essonnes",
        "commune": CORBEIL,
        "phone": "01 60 00 55 60",
        "email": "pij@corbeil-essonnes.example.fr",
        "website": "https://www.corbeil-essonnes.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "cpam_essonne",
        "siret": "77567121700047",
        "name": "CPAM de l’Essonne",
        "kind": OrganisationKind.CPAM,
        "address": "1 boulevard François-Mitterrand, 91000 Évry-Courcouronnes",
        "commune": EVRY,
        "phone": "01 60 00 66 70",
        "email": "partenaires@cpam-essonne.example.fr",
        "website": "https://www.cpam-essonne.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": False,
    },
    {
        "ref": "habitat_jeunes_essonne",
        "siret": "40115275600052",
        "name": "Habitat Jeunes Essonne",
        "kind": OrganisationKind.ASSOCIATION,
        "address": "6 rue de la Division-Leclerc, 91120 Palaiseau",
        "commune": PALAISEAU,
        "phone": "01 60 00 77 80",
        "email": "contact@habitat-jeunes-essonne.example.fr",
        "website": "https://www.habitat-jeunes-essonne.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "fil_sante_jeunes",
        "siret": "79794723100073",
        "name": "Fil Santé Jeunes (École des parents et des éducateurs)",
        "kind": OrganisationKind.HEALTH,
        "address": "5 impasse Bon-Secours, 75011 Paris",
        "commune": PARIS,
        "phone": "0 800 235 236",
        "email": "partenaires@filsantejeunes.example.fr",
        "website": "https://www.filsantejeunes.example.fr",
        "territories": ["grand-reims", "essonne"],
        "contacts_visible_to_peers": True,
    },
    {
        "ref": "eurodesk",
        "siret": "78431294400035",
        "name": "Eurodesk France (CIDJ)",
        "kind": OrganisationKind.INFO_JEUNES,
        "address": "101 quai Branly, 75015 Paris",
        "commune": PARIS,
        "phone": "01 44 00 11 20",
        "email": "eurodesk@cidj.example.fr",
        "website": "https://www.eurodesk.example.fr",
        "territories": ["essonne"],
        "contacts_visible_to_peers": True,
    },
]

# Coverage shortcuts: where the youth must live for the offer to be shown.
IN_GRAND_REIMS = {"territories": ["grand-reims"]}
IN_GRAND_REIMS_EPCI = {"epcis": [GRAND_REIMS_EPCI]}
IN_ESSONNE = {"territories": ["essonne"]}
IN_ESSONNE_DEPARTMENT = {"departments": [ESSONNE]}
NATIONAL = {"is_national": True}

OFFERS = [
    # Grand Reims — emploi
    {
        "organisation": "ml_reims",
        "theme": "emploi",
        "title": "Contrat d’engagement jeune : un ou une conseillère rien que pour toi",
        "summary": "Pendant plusieurs mois, 15 à 20 heures par semaine d’activités pour trouver un emploi, "
        "avec une allocation chaque mois selon tes ressources.",
        "description": "Le contrat d’engagement jeune (CEJ) est fait pour toi si tu n’as ni travail ni formation. "
        "Un ou une conseillère de la Mission locale te suit de près : ateliers, stages en entreprise, "
        "aide pour ton CV. Tu peux toucher une allocation chaque mois pendant le contrat.",
        "how_it_happens": "On t’appelle pour fixer un premier rendez-vous à la Mission locale. Apporte ta pièce "
        "d’identité et, si tu en as, ton CV. Le contrat dure en général de 6 à 12 mois.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 3,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"situation": ["job_seeker", "neither"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    {
        "organisation": "ml_reims",
        "theme": "emploi",
        "title": "Trouver ton entreprise pour une alternance",
        "summary": "Des ateliers pour écrire ta lettre, préparer l’entretien et rencontrer des entreprises "
        "du Grand Reims qui cherchent des apprentis.",
        "description": "Tu as trouvé ta formation mais pas encore d’entreprise ? La Mission locale connaît "
        "les employeurs qui recrutent en alternance autour de Reims. On t’aide à te présenter et on te "
        "met en relation avec eux.",
        "how_it_happens": "Un premier rendez-vous pour parler de ton projet, puis deux ateliers en petit groupe. "
        "Ensuite, ton ou ta conseillère t’envoie des offres qui te correspondent.",
        "format": OfferFormat.BOTH,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 29,
        "criteria": {"looking_for": ["apprenticeship"]},
        # Not reviewed for seven months: the animator sees it "à actualiser", youths still see it.
        "reviewed_months_ago": 7,
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ij_reims",
        "theme": "emploi",
        "title": "Job d’été : on t’aide à décrocher ton premier contrat",
        "summary": "Des offres de jobs d’été à Reims et autour, et de l’aide pour faire un CV même sans expérience.",
        "description": "Chaque printemps, le Bureau Information Jeunesse rassemble les offres de jobs d’été : "
        "animation, vendanges, restauration, commerce. On t’explique aussi tes droits quand tu travailles "
        "avant 18 ans.",
        "how_it_happens": "Passe au BIJ ou demande à être rappelé·e : on regarde ensemble les offres et on "
        "prépare ton CV en une heure.",
        "format": OfferFormat.BOTH,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"looking_for": ["summer_job", "first_job_help"]},
        "coverage": {"communes": [REIMS, TINQUEUX]},
    },
    {
        "organisation": "ml_reims",
        "theme": "emploi",
        "title": "Une aide pour payer ton permis B",
        "summary": "Si le permis t’aide à trouver un travail, la Mission locale peut payer une partie de ton code "
        "et de tes heures de conduite.",
        "description": "Beaucoup d’emplois demandent le permis, surtout hors du centre de Reims. Selon ta "
        "situation, on monte avec toi un dossier d’aide pour payer une partie de l’auto-école.",
        "how_it_happens": "Un rendez-vous pour vérifier que tu peux avoir l’aide, puis on remplit le dossier "
        "ensemble. Apporte un devis d’auto-école si tu en as un.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 25,
        "criteria": {
            "driving_licence": ["no", "in_progress"],
            "situation": ["job_seeker", "neither", "apprentice"],
        },
        "coverage": IN_GRAND_REIMS_EPCI,
        # A change waiting for the animator: youths keep seeing the version above.
        "pending": {
            "summary": "Si le permis t’aide à trouver un travail, la Mission locale peut payer une partie de ton "
            "code et de tes heures de conduite, jusqu’à 1 000 euros.",
            "delay_days": 3,
        },
    },
    {
        "organisation": "ml_reims",
        "theme": "emploi",
        "title": "Travailler avec un handicap : un accompagnement adapté",
        "summary": "Un ou une conseillère formée au handicap t’aide à trouver un travail adapté et les aides "
        "auxquelles tu as droit.",
        "description": "Si tu as une reconnaissance de handicap, ou si tu te demandes si tu pourrais en avoir une, "
        "on t’aide à faire les démarches et à trouver un employeur qui adapte ton poste.",
        "how_it_happens": "Un premier échange au téléphone, puis un rendez-vous à la Mission locale. "
        "Tu n’as rien à préparer.",
        "format": OfferFormat.BOTH,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 3,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"disability": ["rqth", "dont_know"]},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ij_reims",
        "theme": "emploi",
        "title": "Préparer ton entretien d’embauche",
        "summary": "Un entraînement à l’entretien, comme en vrai, pour être plus à l’aise le jour J.",
        "description": "Tu as un entretien bientôt, ou tu veux t’y préparer ? Un ou une informatrice jeunesse "
        "joue le rôle du recruteur et te donne des conseils simples : quoi dire, quoi apporter, comment "
        "parler de toi sans diplôme ou sans expérience.",
        "how_it_happens": "Une séance d’une heure, au BIJ ou en visio.",
        "format": OfferFormat.BOTH,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 2,
        "age_min": 15,
        "age_max": 30,
        "criteria": {"looking_for": ["job", "first_job_help"], "diploma": ["none", "cap_bep", "bac"]},
        "coverage": IN_GRAND_REIMS,
    },
    # Grand Reims — formation
    {
        "organisation": "ml_reims",
        "theme": "formation",
        "title": "Trouver ta voie : faire le point sur ton projet",
        "summary": "Tu ne sais pas quel métier choisir ? On en parle avec toi, on teste des idées, "
        "on va voir des métiers en vrai.",
        "description": "Un ou une conseillère t’aide à mettre des mots sur ce que tu aimes et ce que tu sais "
        "faire. Tu peux faire des stages courts pour découvrir des métiers avant de choisir une formation.",
        "how_it_happens": "Deux ou trois rendez-vous d’une heure, et si tu veux un stage de découverte "
        "d’une semaine en entreprise.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"knows_goal": ["kind_of", "no"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    {
        "organisation": "ij_reims",
        "theme": "formation",
        "title": "Découvrir les métiers et les formations près de chez toi",
        "summary": "Des fiches métiers, des salons et un ou une informatrice pour répondre à tes questions "
        "sur les études et les formations.",
        "description": "Au BIJ, tu trouves de la documentation sur les métiers, les écoles et les formations "
        "du Grand Reims, et quelqu’un pour t’aider à t’y retrouver. C’est gratuit et sans inscription.",
        "how_it_happens": "On te rappelle pour répondre à tes questions ou fixer un rendez-vous. "
        "Tu peux aussi passer sans rendez-vous du mardi au samedi.",
        "format": OfferFormat.BOTH,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 3,
        "age_min": 15,
        "age_max": 30,
        "criteria": {},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ml_reims",
        "theme": "formation",
        "title": "Reprendre une formation quand tu as quitté l’école sans diplôme",
        "summary": "Une formation pour réapprendre les bases, découvrir des métiers en entreprise et repartir "
        "avec un projet.",
        "description": "Tu as arrêté l’école sans diplôme ? Avec l’École de la 2e chance et nos partenaires, "
        "tu reprends à ton rythme : français, maths, informatique, et des stages pour tester des métiers. "
        "Tu peux être payé·e pendant la formation.",
        "how_it_happens": "Une réunion d’information, puis un entretien. La formation dure de 6 à 9 mois.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"diploma": ["none"], "situation": ["neither", "job_seeker"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    {
        "organisation": "ml_reims",
        "theme": "formation",
        "title": "Financer ta formation : les aides qui existent",
        "summary": "On cherche avec toi qui peut payer ta formation : la Région, France Travail, ton compte "
        "formation ou d’autres aides.",
        "description": "Une formation peut coûter cher, mais il existe beaucoup d’aides. On regarde ton projet "
        "et on t’aide à monter le dossier auprès du bon financeur.",
        "how_it_happens": "Un rendez-vous pour regarder ton projet. Apporte le devis ou le programme de la "
        "formation si tu l’as.",
        "format": OfferFormat.BOTH,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"training_goal": ["funding"]},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ij_reims",
        "theme": "formation",
        "title": "Se former en alternance : les écoles et les entreprises qui recrutent",
        "summary": "La liste des formations en alternance autour de Reims et des conseils pour trouver ton employeur.",
        "description": "En alternance, tu apprends un métier en étant payé·e. On t’aide à choisir une formation "
        "(CAP, bac pro, BTS…) et à comprendre comment ça marche : contrat, salaire, rythme école-entreprise.",
        "how_it_happens": "Un rendez-vous d’une heure au BIJ ou en visio.",
        "format": OfferFormat.BOTH,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 3,
        "age_min": 15,
        "age_max": 29,
        "criteria": {"training_goal": ["apprenticeship", "vocational"]},
        "coverage": IN_GRAND_REIMS,
    },
    # Grand Reims — logement
    {
        "organisation": "fjt_tinqueux",
        "theme": "logement",
        "title": "Une chambre en résidence Habitat Jeunes",
        "summary": "Un studio meublé à petit prix, pour quelques mois ou plus, pendant que tu travailles "
        "ou que tu te formes.",
        "description": "La résidence accueille des jeunes en apprentissage, en formation ou qui travaillent. "
        "Les studios sont meublés, tu peux toucher l’aide au logement et une équipe est là pour t’aider "
        "dans tes démarches.",
        "how_it_happens": "On t’appelle pour un entretien et une visite. Apporte ta pièce d’identité et un "
        "justificatif de ta situation (contrat, inscription en formation…).",
        "format": OfferFormat.ON_SITE,
        "place": "8 avenue Sarah-Bernhardt, 51430 Tinqueux",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 30,
        "criteria": {
            "situation": ["apprentice", "employed", "student", "job_seeker"],
            "housing_need": ["find_housing"],
        },
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "caf_marne",
        "theme": "logement",
        "title": "Aide au logement : vérifier tes droits avec la CAF",
        "summary": "La CAF peut payer une partie de ton loyer. On vérifie avec toi ce que tu peux toucher "
        "et on t’aide à faire la demande.",
        "description": "Si tu loues un logement, une chambre en résidence ou une colocation, tu as peut-être "
        "droit à l’aide au logement (APL). Un ou une conseillère de la CAF fait la simulation avec toi.",
        "how_it_happens": "Un rendez-vous au téléphone. Prépare ton bail et le montant de ton loyer.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 7,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"housing": ["own", "shared"], "housing_need": ["pay_rent", "move_in_costs"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    {
        "organisation": "caf_marne",
        "theme": "logement",
        "title": "Un prêt sans intérêt pour meubler ton logement",
        "summary": "Pour acheter un lit, une table ou un frigo quand tu t’installes, la CAF peut te prêter "
        "de l’argent sans intérêt.",
        "description": "Tu emménages et il te manque l’essentiel ? Selon tes ressources, la CAF propose un prêt "
        "à rembourser petit à petit, sans intérêt.",
        "how_it_happens": "Un appel pour vérifier tes droits, puis un dossier à remplir avec les devis des meubles.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 7,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"housing_need": ["furniture"], "housing": ["own", "shared"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    {
        "organisation": "ml_reims",
        "theme": "logement",
        "title": "Un toit en urgence : être orienté·e très vite",
        "answers_urgent_need": True,
        "summary": "Tu dors chez des amis ou tu n’as pas d’endroit où dormir : on t’aide à trouver une solution "
        "rapidement.",
        "description": "On connaît les places d’hébergement d’urgence et les foyers du Grand Reims. On appelle "
        "avec toi les bonnes structures. Si tu dois dormir dehors ce soir, appelle tout de suite le 115 : "
        "c’est gratuit, jour et nuit.",
        "how_it_happens": "On te rappelle dans la journée ouvrée qui suit. Garde ton téléphone chargé et allumé.",
        "format": OfferFormat.BOTH,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 1,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"housing": ["hosted", "homeless"]},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ij_reims",
        "theme": "logement",
        "title": "Logement étudiant et colocation : les bons plans à Reims",
        "summary": "Où chercher, comment éviter les arnaques, quelles aides demander : tout pour trouver "
        "ton logement d’étudiant ou d’apprenti.",
        "description": "Au BIJ, on t’explique les résidences étudiantes, les colocations et les annonces "
        "sérieuses. On t’aide aussi à préparer ton dossier de location.",
        "how_it_happens": "Un rendez-vous d’une heure au BIJ ou en visio.",
        "format": OfferFormat.BOTH,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 3,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"situation": ["student", "apprentice"], "housing_need": ["find_housing"]},
        "coverage": {"communes": [REIMS]},
    },
    {
        "organisation": "fjt_tinqueux",
        "theme": "logement",
        "title": "Payer ta caution : on t’explique les garanties gratuites",
        "summary": "Pas de garant ni d’argent pour la caution ? Des aides gratuites existent, comme la "
        "garantie Visale et l’avance Loca-Pass.",
        "description": "Beaucoup de propriétaires demandent un garant et un dépôt de garantie. On t’explique "
        "les aides gratuites et on t’aide à faire la demande en ligne.",
        "how_it_happens": "Un rendez-vous d’une demi-heure. Apporte ta pièce d’identité et ton contrat de "
        "travail ou de formation si tu en as un.",
        "format": OfferFormat.BOTH,
        "place": "8 avenue Sarah-Bernhardt, 51430 Tinqueux",
        "delay_days": 4,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"housing_need": ["move_in_costs"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    # Grand Reims — santé
    {
        "organisation": "mda_marne",
        "theme": "sante",
        "title": "Parler à un ou une psychologue, gratuitement",
        "summary": "Tu ne te sens pas bien, tu es stressé·e ou triste : un ou une psychologue t’écoute, "
        "sans rien payer et sans en parler à tes parents si tu ne veux pas.",
        "description": "La Maison des adolescents accueille les jeunes qui vont mal, pour une question ou "
        "pour plusieurs rendez-vous. C’est gratuit et confidentiel.",
        "how_it_happens": "On te rappelle pour fixer un premier rendez-vous. Tu peux venir seul·e ou accompagné·e.",
        "format": OfferFormat.ON_SITE,
        "place": "5 rue de Courcelles, 51100 Reims",
        "delay_days": 2,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"health_need": ["talk_to_someone"]},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "mda_marne",
        "theme": "sante",
        "title": "Contraception et dépistage : des réponses sans jugement",
        "summary": "Une infirmière ou un médecin répond à tes questions sur la contraception, les infections "
        "sexuelles et la vie amoureuse.",
        "description": "La contraception et les dépistages sont gratuits pour les moins de 26 ans. On t’explique "
        "tout et on t’oriente vers le centre de santé sexuelle le plus proche si tu en as besoin.",
        "how_it_happens": "Un rendez-vous confidentiel, sur place ou au téléphone.",
        "format": OfferFormat.BOTH,
        "place": "5 rue de Courcelles, 51100 Reims",
        "delay_days": 2,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"health_need": ["sexual_health"]},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ml_reims",
        "theme": "sante",
        "title": "Un bilan de santé gratuit",
        "summary": "Un check-up complet et gratuit avec un médecin : vue, audition, prise de sang, vaccins.",
        "description": "Avec l’Assurance maladie, la Mission locale organise des bilans de santé gratuits. "
        "C’est l’occasion de faire le point et de poser tes questions à un médecin.",
        "how_it_happens": "On t’inscrit à une date de bilan. Il dure une demi-journée. Apporte ta carte Vitale "
        "si tu l’as.",
        "format": OfferFormat.ON_SITE,
        "place": "13 rue Gambetta, 51100 Reims",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"health_need": ["see_doctor"]},
        "coverage": IN_GRAND_REIMS_EPCI,
    },
    {
        "organisation": "mda_marne",
        "theme": "sante",
        "title": "Alcool, cannabis, écrans : en parler avec quelqu’un",
        "summary": "Une consultation gratuite et anonyme pour faire le point sur ce que tu consommes, sans jugement.",
        "description": "Tu as envie de diminuer, ou quelqu’un s’inquiète pour toi ? Un ou une spécialiste "
        "t’écoute et t’aide à trouver ton propre objectif.",
        "how_it_happens": "Un premier rendez-vous d’une heure, puis d’autres si tu en as envie.",
        "format": OfferFormat.ON_SITE,
        "place": "5 rue de Courcelles, 51100 Reims",
        "delay_days": 3,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"health_need": ["addiction"]},
        "coverage": IN_GRAND_REIMS,
    },
    {
        "organisation": "ij_reims",
        "theme": "sante",
        "title": "Carte Vitale et mutuelle : on t’aide à faire les démarches",
        "summary": "Pour avoir ta propre carte Vitale et une mutuelle gratuite ou pas chère, on remplit "
        "les papiers avec toi.",
        "description": "À partir de 16 ans, tu peux avoir ta propre carte Vitale. Selon tes ressources, tu "
        "peux aussi avoir la Complémentaire santé solidaire, une mutuelle gratuite ou à petit prix.",
        "how_it_happens": "Un rendez-vous au BIJ. Apporte ta pièce d’identité et ton numéro de sécurité "
        "sociale si tu le connais.",
        "format": OfferFormat.ON_SITE,
        "place": "41 rue de Talleyrand, 51100 Reims",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"health_need": ["health_insurance"]},
        "coverage": IN_GRAND_REIMS,
    },
    # Essonne — emploi
    {
        "organisation": "ft_evry",
        "theme": "emploi",
        "title": "T’inscrire à France Travail et être suivi·e",
        "summary": "On t’aide à t’inscrire, à comprendre tes droits et à trouver des offres qui te correspondent.",
        "description": "S’inscrire à France Travail, c’est avoir un ou une conseillère, accéder à des offres "
        "et à des formations, et parfois toucher une allocation. On t’explique tout, étape par étape.",
        "how_it_happens": "Un conseiller ou une conseillère t’appelle pour t’inscrire avec toi, puis te donne "
        "un premier rendez-vous à l’agence.",
        "format": OfferFormat.BOTH,
        "place": "4 boulevard de l’Europe, 91000 Évry-Courcouronnes",
        "delay_days": 3,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"situation": ["job_seeker", "neither"], "followed_by": ["mission_locale", "other", "nobody"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "ft_evry",
        "theme": "emploi",
        "title": "Des entreprises qui recrutent sans diplôme autour d’Évry",
        "summary": "Logistique, propreté, commerce, bâtiment : des employeurs qui forment eux-mêmes et "
        "recrutent sans diplôme.",
        "description": "Des entreprises de l’agglomération recrutent sur la motivation, sans CV ni diplôme. "
        "On te présente les postes ouverts et on organise la rencontre.",
        "how_it_happens": "Un appel pour parler de ce que tu cherches, puis une invitation à un job dating "
        "ou à un entretien.",
        "format": OfferFormat.ON_SITE,
        "place": "4 boulevard de l’Europe, 91000 Évry-Courcouronnes",
        "delay_days": 3,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"diploma": ["none", "cap_bep"], "looking_for": ["job"]},
        "coverage": {"communes": [EVRY, CORBEIL, RIS]},
    },
    {
        "organisation": "ml_nord_essonne",
        "theme": "emploi",
        "title": "Contrat d’engagement jeune dans le nord de l’Essonne",
        "summary": "Un ou une conseillère, des activités chaque semaine et une allocation pour t’aider à "
        "trouver un emploi.",
        "description": "Le contrat d’engagement jeune (CEJ) t’accompagne vers l’emploi ou la formation : "
        "ateliers, stages, aide pour ton CV et tes candidatures. Tu peux toucher une allocation chaque mois "
        "selon tes ressources.",
        "how_it_happens": "Un premier rendez-vous à Massy pour faire connaissance. Apporte ta pièce d’identité.",
        "format": OfferFormat.ON_SITE,
        "place": "30 avenue Carnot, 91300 Massy",
        "delay_days": 3,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"situation": ["job_seeker", "neither"]},
        "coverage": {"epcis": ["200056232"]},
    },
    {
        "organisation": "ij_essonne",
        "theme": "emploi",
        "title": "Jobs d’été : le forum Info Jeunes Essonne",
        "summary": "Des centaines d’offres de jobs d’été en Essonne, et de l’aide pour ton CV et ta lettre.",
        "description": "Chaque année au printemps, le forum réunit des employeurs qui recrutent pour l’été : "
        "centres de loisirs, parcs, commerce, restauration. Avant le forum, on t’aide à préparer ton CV.",
        "how_it_happens": "On t’envoie la date du forum et on te propose un atelier CV d’une heure.",
        "format": OfferFormat.BOTH,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"looking_for": ["summer_job"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "corbeil",
        "theme": "emploi",
        "title": "Chantier jeunes : deux semaines payées pour ta ville",
        "summary": "Pendant les vacances, tu travailles deux semaines sur un chantier de la ville "
        "(peinture, espaces verts) et tu es payé·e.",
        "description": "Le chantier jeunes, c’est une première expérience de travail, encadrée, près de chez "
        "toi. Ça compte sur ton CV et tu reçois une attestation.",
        "how_it_happens": "Une réunion d’information au Point Information Jeunesse, puis tu choisis ta "
        "session. Pense à ta pièce d’identité et à ton attestation de sécurité sociale.",
        "format": OfferFormat.ON_SITE,
        "place": "1 place Galignani, 91100 Corbeil-Essonnes",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 20,
        "criteria": {"looking_for": ["summer_job", "first_job_help"]},
        "coverage": {"communes": [CORBEIL]},
    },
    {
        "organisation": "ft_evry",
        "theme": "emploi",
        "title": "Emploi et handicap : un accompagnement Cap emploi",
        "summary": "Un ou une conseillère spécialisée t’aide à trouver un emploi adapté à ta santé.",
        "description": "Si tu as une RQTH, Cap emploi et France Travail t’accompagnent ensemble : recherche "
        "d’emploi, aménagement de ton poste, aides pour l’employeur.",
        "how_it_happens": "Un premier rendez-vous à l’agence ou au téléphone, selon ce qui est le plus simple "
        "pour toi.",
        "format": OfferFormat.BOTH,
        "place": "4 boulevard de l’Europe, 91000 Évry-Courcouronnes",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"disability": ["rqth"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "ml_nord_essonne",
        "theme": "emploi",
        "title": "Trouver un stage : on t’ouvre notre carnet d’adresses",
        "summary": "Des entreprises qui accueillent des stagiaires près de Massy, et de l’aide pour ta candidature.",
        "description": "Tu dois faire un stage pour ton école ou tu veux découvrir un métier ? La Mission locale "
        "connaît des entreprises qui acceptent des stagiaires et t’aide à les contacter.",
        "how_it_happens": "Un rendez-vous pour parler de ton stage. Apporte la convention ou les dates demandées "
        "par ton école.",
        "format": OfferFormat.ON_SITE,
        "place": "30 avenue Carnot, 91300 Massy",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"looking_for": ["internship"]},
        "coverage": {"communes": [MASSY, PALAISEAU, CHILLY]},
    },
    {
        "organisation": "ft_evry",
        "theme": "emploi",
        "title": "Le permis pour décrocher un emploi",
        "summary": "Une aide pour payer ton permis B si tu cherches un emploi et que le permis t’est utile.",
        "description": "France Travail peut payer une partie de ton permis si ça t’aide à trouver ou garder "
        "un emploi. On regarde avec toi si tu peux en profiter.",
        "how_it_happens": "Un appel avec un conseiller ou une conseillère, puis une demande à faire en ligne "
        "avec un devis d’auto-école.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"driving_licence": ["no", "in_progress"], "situation": ["job_seeker"]},
        "coverage": IN_ESSONNE,
    },
    # Essonne — formation
    {
        "organisation": "ij_essonne",
        "theme": "formation",
        "title": "Choisir ton orientation avec un ou une informatrice jeunesse",
        "summary": "Un rendez-vous pour parler de tes envies et découvrir les métiers et les formations qui "
        "pourraient te plaire.",
        "description": "Tu hésites entre plusieurs voies, ou tu ne sais pas du tout ? On t’écoute, on te montre "
        "des métiers et des formations, et tu repars avec des pistes concrètes.",
        "how_it_happens": "Un rendez-vous d’une heure, sur place ou en visio.",
        "format": OfferFormat.BOTH,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 3,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"knows_goal": ["kind_of", "no"]},
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "ml_nord_essonne",
        "theme": "formation",
        "title": "École de la 2e chance : repartir quand tu as quitté l’école",
        "summary": "Une formation de plusieurs mois pour reprendre les bases et trouver ton métier, "
        "avec des stages en entreprise.",
        "description": "L’École de la 2e chance accueille les jeunes sans diplôme ou avec un CAP. "
        "Tu avances à ton rythme, tu fais des stages et tu es rémunéré·e pendant la formation.",
        "how_it_happens": "Une réunion d’information à Massy, puis un entretien. Les entrées ont lieu toute l’année.",
        "format": OfferFormat.ON_SITE,
        "place": "30 avenue Carnot, 91300 Massy",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"diploma": ["none", "cap_bep"], "situation": ["neither", "job_seeker"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "ft_evry",
        "theme": "formation",
        "title": "Une formation payée pour apprendre un métier",
        "summary": "Si tu cherches un emploi, France Travail peut payer ta formation et te verser une "
        "rémunération pendant ce temps.",
        "description": "Aide-soignant, cariste, développeur web, cuisinier… Des formations courtes mènent "
        "directement à un emploi. On t’aide à en choisir une et à la financer.",
        "how_it_happens": "Un rendez-vous avec un conseiller ou une conseillère, puis une information "
        "collective avec l’organisme de formation.",
        "format": OfferFormat.BOTH,
        "place": "4 boulevard de l’Europe, 91000 Évry-Courcouronnes",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"training_goal": ["funding", "vocational"], "situation": ["job_seeker"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "crous_evry",
        "theme": "formation",
        "title": "Reprendre tes études : bourse et aides du CROUS",
        "summary": "Tu veux retourner à la fac ? On vérifie si tu peux avoir une bourse, un logement "
        "étudiant et des repas à petit prix.",
        "description": "Reprendre des études après une pause, c’est possible. Le CROUS t’explique la bourse sur "
        "critères sociaux, le dossier social étudiant et les aides en cas de difficulté.",
        "how_it_happens": "Un rendez-vous avec un ou une assistante sociale du CROUS, au téléphone ou sur "
        "le campus d’Évry.",
        "format": OfferFormat.BOTH,
        "place": "2 rue du Facteur-Cheval, 91000 Évry-Courcouronnes",
        "delay_days": 7,
        "age_min": 18,
        "age_max": 28,
        "criteria": {"training_goal": ["back_to_school"]},
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "corbeil",
        "theme": "formation",
        "title": "Faire le point sur ce que tu aimes et ce que tu sais faire",
        "summary": "Des ateliers gratuits pour découvrir tes points forts et imaginer ton avenir.",
        "description": "En petit groupe, avec des jeux et des rencontres de professionnels, tu apprends à mieux "
        "te connaître et à parler de toi. Utile pour choisir une formation ou un métier.",
        "how_it_happens": "Trois ateliers de deux heures au Point Information Jeunesse de Corbeil-Essonnes.",
        "format": OfferFormat.ON_SITE,
        "place": "1 place Galignani, 91100 Corbeil-Essonnes",
        "delay_days": 4,
        "age_min": 15,
        "age_max": 30,
        "criteria": {"training_goal": ["skills_assessment"]},
        "coverage": {"communes": [CORBEIL]},
    },
    {
        "organisation": "ij_essonne",
        "theme": "formation",
        "title": "Les rendez-vous de l’apprentissage",
        "summary": "Rencontre des écoles et des entreprises qui proposent des formations en alternance en Essonne.",
        "description": "L’alternance, c’est apprendre un métier en étant payé·e. Aux rendez-vous de "
        "l’apprentissage, tu rencontres des centres de formation et des employeurs, et tu repars avec des "
        "contacts.",
        "how_it_happens": "On t’envoie le programme et on t’inscrit au prochain rendez-vous.",
        "format": OfferFormat.ON_SITE,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 3,
        "age_min": 16,
        "age_max": 29,
        "criteria": {"training_goal": ["apprenticeship"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "ml_nord_essonne",
        "theme": "formation",
        "title": "Te former avec un handicap : un accompagnement adapté",
        "summary": "On t’aide à trouver une formation qui tient compte de ta santé et à demander les "
        "aménagements dont tu as besoin.",
        "description": "Tu as une RQTH, ou tu te demandes si tu peux en avoir une ? On t’aide à faire les "
        "démarches et à trouver une formation adaptée, avec des aides si besoin.",
        "how_it_happens": "Un premier rendez-vous à Massy ou au téléphone.",
        "format": OfferFormat.BOTH,
        "place": "30 avenue Carnot, 91300 Massy",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 25,
        "criteria": {"disability": ["rqth", "dont_know"]},
        "coverage": IN_ESSONNE,
    },
    # Essonne — logement
    {
        "organisation": "crous_evry",
        "theme": "logement",
        "title": "Un logement étudiant du CROUS près d’Évry",
        "summary": "Une chambre ou un studio en résidence étudiante, avec un loyer bas et l’aide au logement.",
        "description": "Les résidences du CROUS sont réservées aux étudiants et étudiantes. Les loyers sont bas "
        "et tu peux toucher l’aide au logement. On t’aide à faire ta demande.",
        "how_it_happens": "Un rendez-vous au téléphone pour faire ta demande sur le site du CROUS.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 7,
        "age_min": 18,
        "age_max": 28,
        "criteria": {"situation": ["student"], "housing_need": ["find_housing"]},
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "habitat_jeunes_essonne",
        "theme": "logement",
        "title": "Une chambre en foyer de jeunes travailleurs",
        "summary": "Un logement meublé à petit prix pendant que tu travailles, que tu cherches un emploi "
        "ou que tu es en alternance.",
        "description": "Les résidences Habitat Jeunes de l’Essonne accueillent les jeunes qui démarrent dans "
        "la vie active. Tu as ton studio, des espaces communs et une équipe pour t’aider.",
        "how_it_happens": "Un entretien et une visite. Une place peut se libérer en quelques jours.",
        "format": OfferFormat.ON_SITE,
        "place": "6 rue de la Division-Leclerc, 91120 Palaiseau",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 30,
        "criteria": {
            "situation": ["employed", "apprentice", "job_seeker"],
            "housing_need": ["find_housing", "emergency"],
        },
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "ij_essonne",
        "theme": "logement",
        "title": "Nulle part où dormir : qui appeler tout de suite",
        "answers_urgent_need": True,
        "summary": "On t’aide à trouver un hébergement d’urgence et un accueil de jour près de chez toi.",
        "description": "Si tu dors dehors ou chez des proches qui ne peuvent plus t’héberger, on t’oriente vers "
        "les bonnes structures. Si c’est pour ce soir, appelle le 115 : c’est gratuit, jour et nuit.",
        "how_it_happens": "On te rappelle dans la journée ouvrée qui suit pour chercher une solution avec toi.",
        "format": OfferFormat.BOTH,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 1,
        "age_min": 15,
        "age_max": 30,
        "criteria": {"housing": ["homeless", "hosted"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "corbeil",
        "theme": "logement",
        "title": "Une aide de la ville pour ta caution et ton premier loyer",
        "summary": "La ville de Corbeil-Essonnes peut t’avancer ta caution et t’aider à payer ton premier loyer.",
        "description": "Entrer dans un logement coûte cher. Si tu habites Corbeil-Essonnes, le service "
        "jeunesse peut t’aider à payer la caution et le premier mois de loyer.",
        "how_it_happens": "Un rendez-vous au Point Information Jeunesse. Apporte ton futur bail et tes trois "
        "dernières fiches de paie si tu en as.",
        "format": OfferFormat.ON_SITE,
        "place": "1 place Galignani, 91100 Corbeil-Essonnes",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"housing_need": ["move_in_costs"]},
        "coverage": {"communes": [CORBEIL]},
    },
    {
        "organisation": "ij_essonne",
        "theme": "logement",
        "title": "Loyer en retard : des aides pour t’en sortir",
        "summary": "On t’explique les aides pour payer un loyer en retard et éviter de perdre ton logement.",
        "description": "Si tu n’arrives plus à payer ton loyer, il ne faut pas attendre. Le Fonds de solidarité "
        "logement et d’autres aides peuvent payer une partie de ta dette. On t’aide à les demander.",
        "how_it_happens": "Un rendez-vous pour regarder ta situation. Apporte ton bail et tes derniers avis "
        "d’échéance.",
        "format": OfferFormat.BOTH,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 2,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"housing_need": ["pay_rent"], "housing": ["own", "shared"]},
        "coverage": IN_ESSONNE,
    },
    # Essonne — santé
    {
        "organisation": "cpam_essonne",
        "theme": "sante",
        "title": "Ta carte Vitale et la Complémentaire santé solidaire",
        "summary": "On t’aide à avoir ta propre carte Vitale et, selon tes ressources, une mutuelle gratuite "
        "ou à petit prix.",
        "description": "Avec la Complémentaire santé solidaire, la plupart de tes soins sont pris en charge "
        "sans avance de frais. Un ou une conseillère de l’Assurance maladie vérifie tes droits avec toi.",
        "how_it_happens": "Un rendez-vous au téléphone. Prépare ta pièce d’identité et tes ressources des "
        "12 derniers mois.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 5,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"health_need": ["health_insurance"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "cpam_essonne",
        "theme": "sante",
        "title": "Un examen de prévention santé gratuit",
        "summary": "Un bilan complet avec un médecin, sans rien payer : vue, audition, dents, vaccins, prise de sang.",
        "description": "L’Assurance maladie propose un examen de santé gratuit. C’est le moment de poser toutes "
        "tes questions à un médecin, même celles qui te gênent.",
        "how_it_happens": "On te donne un rendez-vous au centre d’examens de santé d’Évry. Le bilan dure une matinée.",
        "format": OfferFormat.ON_SITE,
        "place": "1 boulevard François-Mitterrand, 91000 Évry-Courcouronnes",
        "delay_days": 6,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"health_need": ["see_doctor"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "corbeil",
        "theme": "sante",
        "title": "Point écoute jeunes : parler à quelqu’un sans rendez-vous",
        "summary": "Un lieu pour parler de ce qui ne va pas, du stress, de ta famille ou de ce que tu "
        "consommes, gratuitement.",
        "description": "Des psychologues et des éducateurs t’écoutent, de façon anonyme si tu préfères. "
        "Tu peux venir une fois ou plusieurs.",
        "how_it_happens": "On te rappelle pour fixer un moment qui t’arrange, ou tu passes le mercredi après-midi.",
        "format": OfferFormat.ON_SITE,
        "place": "1 place Galignani, 91100 Corbeil-Essonnes",
        "delay_days": 2,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"health_need": ["talk_to_someone", "addiction"]},
        "coverage": {"communes": [CORBEIL, EVRY]},
    },
    {
        "organisation": "cpam_essonne",
        "theme": "sante",
        "title": "Contraception et dépistage : ce qui est gratuit pour toi",
        "summary": "La contraception et les dépistages des infections sexuelles sont gratuits avant 26 ans. "
        "On t’explique où aller.",
        "description": "Préservatifs, pilule, implant, dépistage : beaucoup de choses sont gratuites et "
        "confidentielles. On t’indique le centre de santé sexuelle le plus proche de chez toi.",
        "how_it_happens": "Un appel pour répondre à tes questions et te donner les adresses utiles.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 3,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"health_need": ["sexual_health"]},
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "fil_sante_jeunes",
        "theme": "sante",
        "title": "Fil Santé Jeunes : parler anonymement au téléphone ou par chat",
        "answers_urgent_need": True,
        "summary": "Des professionnels de santé répondent à toutes tes questions, tous les jours, gratuitement "
        "et sans donner ton nom.",
        "description": "Mal-être, sexualité, consommations, relations avec les autres : tu peux en parler "
        "avec des médecins et des psychologues. Tu peux aussi appeler directement le 0 800 235 236.",
        "how_it_happens": "Un ou une écoutante te rappelle au numéro que tu donnes, au moment qui t’arrange.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 1,
        "age_min": 15,
        "age_max": 25,
        "criteria": {"health_need": ["talk_to_someone", "sexual_health", "addiction"]},
        "coverage": NATIONAL,
    },
    # Essonne — mobilité internationale
    {
        "organisation": "ij_essonne",
        "theme": "mobilite-internationale",
        "title": "Partir en volontariat avec le Corps européen de solidarité",
        "summary": "Deux à douze mois dans un autre pays d’Europe pour aider une association, avec le "
        "voyage, le logement et de l’argent de poche payés.",
        "description": "Le Corps européen de solidarité te permet d’être volontaire à l’étranger sans diplôme "
        "ni expérience. On t’aide à choisir une mission et à préparer ton départ.",
        "how_it_happens": "Un rendez-vous pour parler de ton projet, puis de l’aide pour ta candidature. "
        "Compte quelques mois entre la candidature et le départ.",
        "format": OfferFormat.BOTH,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"mobility_goal": ["volunteer"]},
        "coverage": IN_ESSONNE_DEPARTMENT,
    },
    {
        "organisation": "ij_essonne",
        "theme": "mobilite-internationale",
        "title": "Un stage ou des études en Europe avec Erasmus+",
        "summary": "On t’aide à trouver un stage ou un semestre d’études en Europe et à obtenir une bourse Erasmus+.",
        "description": "Erasmus+ n’est pas réservé aux étudiants de la fac : les apprentis et les élèves de "
        "lycée pro peuvent aussi partir. On t’explique les démarches avec ton école.",
        "how_it_happens": "Un rendez-vous d’une heure. Apporte le nom de ton école et tes dates de stage "
        "si tu les connais.",
        "format": OfferFormat.BOTH,
        "place": "12 place des Terrasses-de-l’Agora, 91000 Évry-Courcouronnes",
        "delay_days": 4,
        "age_min": 16,
        "age_max": 30,
        "criteria": {"mobility_goal": ["internship", "study"], "situation": ["school", "student", "apprentice"]},
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "ml_nord_essonne",
        "theme": "mobilite-internationale",
        "title": "Un stage à l’étranger, même sans parler anglais",
        "summary": "Un stage de quelques semaines dans un pays d’Europe, préparé et encadré, tous frais payés.",
        "description": "Tu n’as jamais voyagé ou tu ne parles pas bien anglais ? Ce programme est fait pour "
        "toi : cours de langue avant le départ, groupe de jeunes, accompagnateur sur place.",
        "how_it_happens": "Une réunion d’information à Massy, puis un mois de préparation avant de partir.",
        "format": OfferFormat.ON_SITE,
        "place": "30 avenue Carnot, 91300 Massy",
        "delay_days": 5,
        "age_min": 18,
        "age_max": 25,
        "criteria": {
            "mobility_goal": ["internship", "work"],
            "languages": ["none", "basic"],
            "situation": ["job_seeker", "neither"],
        },
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "crous_evry",
        "theme": "mobilite-internationale",
        "title": "Étudier à l’étranger : les aides à la mobilité",
        "summary": "Si tu es boursier ou boursière, tu peux avoir une aide en plus pour partir étudier à l’étranger.",
        "description": "Le CROUS et ton université peuvent t’aider à payer ton séjour d’études à l’étranger. "
        "On t’explique les aides et comment les demander.",
        "how_it_happens": "Un rendez-vous au téléphone avec le service social du CROUS.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 7,
        "age_min": 18,
        "age_max": 28,
        "criteria": {"mobility_goal": ["study"], "situation": ["student"]},
        "coverage": IN_ESSONNE,
    },
    {
        "organisation": "eurodesk",
        "theme": "mobilite-internationale",
        "title": "Eurodesk : toutes tes questions sur un départ à l’étranger",
        "summary": "Un ou une spécialiste de la mobilité répond à tes questions, que tu veuilles étudier, "
        "travailler ou être volontaire.",
        "description": "Visa, argent, programmes européens, séjours au pair : Eurodesk connaît toutes les "
        "façons de partir et t’aide à trouver celle qui te correspond.",
        "how_it_happens": "On te rappelle ou on t’écrit pour répondre à tes questions.",
        "format": OfferFormat.REMOTE,
        "place": "",
        "delay_days": 4,
        "age_min": 15,
        "age_max": 30,
        "criteria": {},
        "coverage": NATIONAL,
    },
    {
        "organisation": "corbeil",
        "theme": "mobilite-internationale",
        "title": "Travailler à l’étranger : atelier CV en anglais",
        "summary": "Un atelier pour écrire ton CV en anglais et chercher un travail ou un job à l’étranger.",
        "description": "Tu as déjà les bases en anglais ? En deux séances, tu prépares ton CV, ta lettre et "
        "un petit entretien en anglais, et on te montre où chercher des offres.",
        "how_it_happens": "Deux ateliers de deux heures au Point Information Jeunesse.",
        "format": OfferFormat.ON_SITE,
        "place": "1 place Galignani, 91100 Corbeil-Essonnes",
        "delay_days": 4,
        "age_min": 18,
        "age_max": 30,
        "criteria": {"mobility_goal": ["work"], "languages": ["basic", "good"]},
        "coverage": {"communes": [CORBEIL]},
    },
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


def load(stdout):
    today = timezone.localdate()
    organisations = {data["ref"]: _save_organisation(data) for data in ORGANISATIONS}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    missing = {data["theme"] for data in OFFERS} - set(themes)
    if missing:
        raise RuntimeError(
            f"Thèmes absents : {', '.join(sorted(missing))}. Lance d’abord « python manage.py migrate »."
        )
    for data in OFFERS:
        _save_offer(data, organisation=organisations[data["organisation"]], theme=themes[data["theme"]], today=today)


def report(stdout):
    """What youths see of each demo organisation, once every loader ran (the charter is signed by the accounts')."""
    today = timezone.localdate()
    for organisation in Organisation.objects.filter(siret__in=[data["siret"] for data in ORGANISATIONS]):
        offers = organisation.offers.all()
        total, live = offers.count(), offers.live(today).count()
        stdout.write(
            f"  structure {organisation.name} : {total} offre{'s' if total > 1 else ''}, "
            f"{live} visible{'s' if live > 1 else ''} aujourd’hui"
        )


def _save_organisation(data: dict) -> Organisation:
    data = dict(data)
    del data["ref"]
    territory_slugs = data.pop("territories")
    commune = Commune.objects.get(insee_code=data.pop("commune"))
    organisation = Organisation.objects.filter(siret=data["siret"]).first() or Organisation(siret=data["siret"])
    for field, value in data.items():
        setattr(organisation, field, value)
    organisation.commune = commune
    organisation.full_clean()
    organisation.save()
    organisation.territories.set(Territory.objects.filter(slug__in=territory_slugs))
    return organisation


def _save_offer(data: dict, *, organisation: Organisation, theme: Theme, today: datetime.date) -> Offer:
    data = dict(data)
    del data["organisation"], data["theme"]
    coverage = data.pop("coverage")
    expired = data.pop("expired", False)
    pending = data.pop("pending", None)
    reviewed_months_ago = data.pop("reviewed_months_ago", 0)
    offer = Offer.objects.filter(organisation=organisation, title=data["title"]).first() or Offer(
        organisation=organisation, title=data["title"]
    )
    offer.theme = theme
    offer.status = OfferStatus.PUBLISHED
    offer.age_min, offer.age_max = MIN_AGE, MAX_AGE
    offer.answers_urgent_need = False
    offer.valid_from = offer.valid_until = None
    for field, value in data.items():
        setattr(offer, field, value)
    if expired:
        offer.valid_from, offer.valid_until = today - datetime.timedelta(days=90), today - datetime.timedelta(days=30)
    offer.is_national = coverage.get("is_national", False)
    offer.reviewed_at = today - relativedelta(months=reviewed_months_ago)
    offer.review_requested_at = offer.review_reminded_at = None
    offer.pending_changes = None
    offer.submitted_at = timezone.now() - datetime.timedelta(days=1) if offer.status == OfferStatus.SUBMITTED else None
    offer.full_clean()
    offer.save()
    offer.territories.set(Territory.objects.filter(slug__in=coverage.get("territories", [])))
    offer.epcis.set(Epci.objects.filter(code__in=coverage.get("epcis", [])))
    offer.departments.set(Department.objects.filter(code__in=coverage.get("departments", [])))
    offer.communes.set(Commune.objects.filter(insee_code__in=coverage.get("communes", [])))
    if pending:
        offer.pending_changes = revisions.changes_between(offer.snapshot(), revisions.normalise(pending))
        offer.submitted_at = timezone.now() - datetime.timedelta(days=2)
        offer.save(update_fields=["pending_changes", "submitted_at"])
    return offer

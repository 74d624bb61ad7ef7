"""Demo offers shown to youths of Grand Reims: emploi, formation, logement, santé."""

from demo.offers.places import IN_GRAND_REIMS, IN_GRAND_REIMS_EPCI, REIMS, TINQUEUX
from offers.enums import OfferFormat

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
]

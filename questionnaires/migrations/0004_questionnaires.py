"""The questionnaire of each theme: questions whose keys (and choice keys) offers' criteria refer to."""

from django.db import migrations

# Shared across themes: the same key means the same question and the same choices everywhere.
# Each choice is (key, label the youth reads, reason that follows "Pour les jeunes…" in a matching offer).
QUESTIONS = {
    "age": {
        "kind": "age",
        "text": "Quel âge as-tu ?",
        "help_text": "La Boussole est faite pour les jeunes de 15 à 30 ans.",
        "criterion_label": "Âge",
        "choices": [],
    },
    "situation": {
        "kind": "single",
        "text": "En ce moment, qu’est-ce que tu fais ?",
        "help_text": "Choisis ce qui te correspond le mieux aujourd’hui.",
        "criterion_label": "Situation",
        "choices": [
            ("school", "Je suis au collège ou au lycée", "qui sont au collège ou au lycée"),
            ("student", "Je fais des études après le bac", "qui font des études supérieures"),
            ("apprentice", "Je suis en alternance ou en apprentissage", "en alternance ou en apprentissage"),
            ("employed", "J’ai un travail", "qui ont un travail"),
            ("job_seeker", "Je cherche un emploi", "qui cherchent un emploi"),
            (
                "neither",
                "Je ne suis ni à l’école, ni en formation, ni au travail",
                "qui ne sont ni en études, ni en emploi, ni en formation",
            ),
        ],
    },
    "diploma": {
        "kind": "single",
        "text": "Quel est ton diplôme le plus haut ?",
        "help_text": "Si tu prépares un diplôme, choisis celui que tu as déjà.",
        "criterion_label": "Niveau de diplôme",
        "choices": [
            ("none", "Je n’ai pas de diplôme, ou juste le brevet", "sans diplôme"),
            ("cap_bep", "Un CAP ou un BEP", "qui ont un CAP ou un BEP"),
            ("bac", "Le bac (général, techno ou pro)", "qui ont le bac"),
            ("bac_2", "Un bac+2 (BTS, DUT…)", "qui ont un bac+2"),
            ("bac_3_plus", "Un bac+3 ou plus (licence, BUT, master…)", "qui ont un bac+3 ou plus"),
        ],
    },
    "driving_licence": {
        "kind": "single",
        "text": "As-tu le permis de conduire une voiture (permis B) ?",
        "help_text": "",
        "criterion_label": "Permis de conduire",
        "choices": [
            ("yes", "Oui, je l’ai", "qui ont le permis B"),
            ("in_progress", "Je suis en train de le passer", "qui passent le permis B"),
            ("no", "Non, pas encore", "qui n’ont pas le permis B"),
        ],
    },
    "disability": {
        "kind": "single",
        "text": "As-tu une reconnaissance de handicap (RQTH) ?",
        "help_text": "La RQTH reconnaît qu’un handicap ou une maladie te gêne pour travailler ou te former. "
        "Elle donne droit à des aides.",
        "criterion_label": "Reconnaissance de handicap",
        "choices": [
            ("rqth", "Oui, j’ai une RQTH", "qui ont une reconnaissance de handicap (RQTH)"),
            ("no", "Non", "sans reconnaissance de handicap"),
            ("dont_know", "Je ne sais pas", "qui ne savent pas si leur handicap est reconnu"),
        ],
    },
    "knows_goal": {
        "kind": "single",
        "text": "Tu sais quel métier tu veux faire ?",
        "help_text": "Pas de souci si tu ne sais pas encore : c’est justement le moment d’en parler.",
        "criterion_label": "Projet professionnel",
        "choices": [
            ("yes", "Oui, je sais ce que je veux faire", "qui ont un projet de métier précis"),
            ("kind_of", "J’ai une petite idée", "qui ont une idée de métier à préciser"),
            ("no", "Non, pas encore", "qui ne savent pas encore quel métier faire"),
        ],
    },
    "housing": {
        "kind": "single",
        "text": "Où dors-tu en ce moment ?",
        "help_text": "",
        "criterion_label": "Logement actuel",
        "choices": [
            ("parents", "Chez mes parents ou ma famille", "qui vivent chez leurs parents"),
            ("own", "Dans un logement à moi", "qui ont leur propre logement"),
            ("shared", "En colocation, en foyer ou en résidence", "qui vivent en colocation, en foyer ou en résidence"),
            ("hosted", "Chez des amis ou des proches, pour dépanner", "hébergé·es chez des proches"),
            ("homeless", "Je n’ai pas d’endroit où dormir", "sans solution pour dormir"),
        ],
    },
    "followed_by": {
        "kind": "multiple",
        "text": "Quelqu’un t’aide déjà dans tes démarches ?",
        "help_text": "Tu peux cocher plusieurs réponses.",
        "criterion_label": "Accompagnement en cours",
        "choices": [
            ("mission_locale", "La Mission locale", "suivi·es par une Mission locale"),
            ("france_travail", "France Travail (l’ancien Pôle emploi)", "inscrit·es à France Travail"),
            (
                "other",
                "Une autre structure (association, assistante sociale…)",
                "accompagné·es par une autre structure",
            ),
            ("nobody", "Personne pour l’instant", "que personne n’accompagne encore"),
        ],
    },
    "looking_for": {
        "kind": "multiple",
        "text": "Qu’est-ce que tu cherches ?",
        "help_text": "Tu peux cocher plusieurs réponses.",
        "criterion_label": "Type de recherche",
        "choices": [
            ("job", "Un emploi (CDI, CDD, intérim)", "qui cherchent un CDI, un CDD ou de l’intérim"),
            ("apprenticeship", "Une alternance ou un apprentissage", "qui cherchent une alternance"),
            ("internship", "Un stage", "qui cherchent un stage"),
            ("summer_job", "Un job d’été ou un petit boulot", "qui cherchent un job d’été ou un petit boulot"),
            (
                "first_job_help",
                "De l’aide pour mon CV et mon premier emploi",
                "qui veulent de l’aide pour trouver un premier emploi",
            ),
        ],
    },
    "training_goal": {
        "kind": "multiple",
        "text": "Qu’est-ce que tu aimerais faire ?",
        "help_text": "Tu peux cocher plusieurs réponses.",
        "criterion_label": "Projet de formation",
        "choices": [
            ("back_to_school", "Reprendre mes études", "qui veulent reprendre leurs études"),
            ("vocational", "Apprendre un métier en formation courte", "qui veulent apprendre un métier"),
            ("apprenticeship", "Me former en alternance", "qui veulent se former en alternance"),
            (
                "skills_assessment",
                "Faire le point sur ce que j’aime et ce que je sais faire",
                "qui veulent faire le point sur leur projet",
            ),
            ("funding", "Trouver de l’argent pour payer ma formation", "qui cherchent à financer leur formation"),
        ],
    },
    "housing_need": {
        "kind": "multiple",
        "text": "De quoi as-tu besoin ?",
        "help_text": "Tu peux cocher plusieurs réponses. Si tu dois dormir dehors ce soir, appelle le 115 (gratuit).",
        "criterion_label": "Besoin de logement",
        "choices": [
            ("find_housing", "Trouver un logement", "qui cherchent un logement"),
            ("emergency", "Trouver où dormir ce soir ou très vite", "qui ont besoin d’un toit en urgence"),
            ("pay_rent", "Payer mon loyer", "qui ont du mal à payer leur loyer"),
            (
                "move_in_costs",
                "Payer l’entrée dans un logement (caution, premier loyer)",
                "qui doivent payer une caution ou un premier loyer",
            ),
            ("furniture", "Meubler et équiper mon logement", "qui doivent meubler leur logement"),
        ],
    },
    "health_need": {
        "kind": "multiple",
        "text": "De quoi as-tu besoin ?",
        "help_text": "Tu peux cocher plusieurs réponses. C’est confidentiel.",
        "criterion_label": "Besoin de santé",
        "choices": [
            (
                "in_danger",
                "C’est urgent : je suis en danger, ou je pense à me faire du mal",
                "qui ont besoin d’aide en urgence",
            ),
            ("see_doctor", "Voir un médecin ou faire un bilan de santé", "qui veulent voir un médecin"),
            ("talk_to_someone", "Parler à quelqu’un, je ne me sens pas bien", "qui ont besoin de parler à quelqu’un"),
            (
                "health_insurance",
                "Avoir ma carte Vitale, une mutuelle, être mieux remboursé·e",
                "qui ont besoin d’une carte Vitale ou d’une mutuelle",
            ),
            (
                "sexual_health",
                "Contraception, dépistage, vie amoureuse et sexuelle",
                "qui ont des questions sur la contraception ou la sexualité",
            ),
            (
                "addiction",
                "Arrêter ou diminuer l’alcool, le tabac, le cannabis, les écrans…",
                "qui veulent parler de leurs consommations",
            ),
        ],
    },
    "mobility_goal": {
        "kind": "multiple",
        "text": "Qu’est-ce que tu aimerais faire à l’étranger ?",
        "help_text": "Tu peux cocher plusieurs réponses.",
        "criterion_label": "Projet à l’étranger",
        "choices": [
            ("study", "Étudier", "qui veulent étudier à l’étranger"),
            ("work", "Travailler", "qui veulent travailler à l’étranger"),
            (
                "volunteer",
                "Être volontaire (Corps européen de solidarité, service civique…)",
                "qui veulent être volontaires à l’étranger",
            ),
            ("internship", "Faire un stage", "qui veulent faire un stage à l’étranger"),
        ],
    },
    "languages": {
        "kind": "single",
        "text": "Tu parles une autre langue que le français ?",
        "help_text": "Anglais, espagnol, arabe… toutes les langues comptent.",
        "criterion_label": "Niveau en langue étrangère",
        "choices": [
            ("none", "Pas vraiment", "qui ne parlent pas de langue étrangère"),
            ("basic", "Un peu, je connais les bases", "qui ont les bases d’une langue étrangère"),
            ("good", "Oui, je me débrouille bien", "à l’aise dans une langue étrangère"),
        ],
    },
}

NOT_STUDENT = ["school", "apprentice", "employed", "job_seeker", "neither"]

# Per theme: (key, step, condition) in the order asked; a condition is (question key, accepted choice keys).
QUESTIONNAIRES = {
    "emploi": [
        ("age", 1, None),
        ("situation", 1, None),
        ("looking_for", 2, None),
        ("diploma", 2, ("situation", ["apprentice", "employed", "job_seeker", "neither"])),
        ("driving_licence", 3, None),
        ("disability", 3, None),
        ("followed_by", 3, None),
    ],
    "formation": [
        ("age", 1, None),
        ("situation", 1, None),
        ("training_goal", 2, None),
        ("knows_goal", 2, ("situation", NOT_STUDENT)),
        ("diploma", 2, None),
        ("disability", 3, None),
        ("followed_by", 3, None),
    ],
    "logement": [
        ("age", 1, None),
        ("situation", 1, None),
        ("housing", 2, None),
        ("housing_need", 3, None),
        ("followed_by", 3, ("housing", ["hosted", "homeless"])),
    ],
    "sante": [
        ("age", 1, None),
        ("situation", 1, None),
        ("health_need", 2, None),
        ("housing", 2, None),
    ],
    "mobilite-internationale": [
        ("age", 1, None),
        ("situation", 1, None),
        ("mobility_goal", 2, None),
        ("languages", 2, None),
        ("diploma", 3, ("mobility_goal", ["study", "internship"])),
    ],
}


def create_questionnaires(apps, schema_editor):
    Theme = apps.get_model("questionnaires", "Theme")
    Question = apps.get_model("questionnaires", "Question")
    Choice = apps.get_model("questionnaires", "Choice")
    for slug, entries in QUESTIONNAIRES.items():
        theme = Theme.objects.get(slug=slug)
        questions = {}
        for order, (key, step, _condition) in enumerate(entries):
            data = QUESTIONS[key]
            question, _ = Question.objects.update_or_create(
                theme=theme,
                key=key,
                defaults={
                    "step": step,
                    "order": order,
                    "kind": data["kind"],
                    "text": data["text"],
                    "help_text": data["help_text"],
                    "criterion_label": data["criterion_label"],
                    "condition_question": None,
                },
            )
            for choice_order, (choice_key, label, reason) in enumerate(data["choices"]):
                Choice.objects.update_or_create(
                    question=question,
                    key=choice_key,
                    defaults={"label": label, "reason": reason, "order": choice_order},
                )
            questions[key] = question
        for key, _step, condition in entries:
            question = questions[key]
            if condition is None:
                question.condition_choices.clear()
                continue
            condition_key, choice_keys = condition
            question.condition_question = questions[condition_key]
            question.save(update_fields=["condition_question"])
            question.condition_choices.set(
                Choice.objects.filter(question=questions[condition_key], key__in=choice_keys)
            )


def delete_questionnaires(apps, schema_editor):
    Question = apps.get_model("questionnaires", "Question")
    for slug, entries in QUESTIONNAIRES.items():
        Question.objects.filter(theme__slug=slug, key__in=[entry[0] for entry in entries]).delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0003_questions")]

    operations = [migrations.RunPython(create_questionnaires, delete_questionnaires)]

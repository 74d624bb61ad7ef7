"""Each urgent answer says which need it expresses, so that the number to call first is the one for that need; the
115 is no longer a hint under a question but a link the step shows (`questionnaires.journey.Questionnaire`)."""

import importlib

from django.db import migrations, models
from django.db.models import F

URGENT_NEEDS = {
    ("housing", "homeless"): "shelter",
    ("housing_need", "emergency"): "shelter",
    ("health_need", "in_danger"): "danger",
}
HOUSING_NEED_HELP = {
    "before": "Tu peux cocher plusieurs réponses. Si tu dois dormir dehors ce soir, appelle le 115 (gratuit).",
    "after": "Tu peux cocher plusieurs réponses.",
}


def mark_urgent_needs(apps, schema_editor):
    """Idempotent: also what tests run again in an emptied database (`tests.conftest.REFERENCE_DATA`)."""
    Choice = apps.get_model("questionnaires", "Choice")
    Question = apps.get_model("questionnaires", "Question")
    in_danger = importlib.import_module("questionnaires.migrations.0005_choice_is_urgent").IN_DANGER
    for question in Question.objects.filter(key="health_need").exclude(choices__key=in_danger["key"]):
        # First in the list, where a youth in danger sees it at once.
        Choice.objects.filter(question=question).update(order=F("order") + 1)
        Choice.objects.create(question=question, order=0, **in_danger)
    if any(field.name == "is_urgent" for field in Choice._meta.get_fields()):
        # Answers marked urgent in the admin before a need could be named: a danger, the most cautious reading.
        Choice.objects.filter(is_urgent=True).update(urgent_need="danger")
    for (question_key, choice_key), need in URGENT_NEEDS.items():
        Choice.objects.filter(question__key=question_key, key=choice_key).update(urgent_need=need)
    Question.objects.filter(key="housing_need", help_text=HOUSING_NEED_HELP["before"]).update(
        help_text=HOUSING_NEED_HELP["after"]
    )


def unmark_urgent_needs(apps, schema_editor):
    Choice = apps.get_model("questionnaires", "Choice")
    Choice.objects.exclude(urgent_need="").update(is_urgent=True)
    apps.get_model("questionnaires", "Question").objects.filter(
        key="housing_need", help_text=HOUSING_NEED_HELP["after"]
    ).update(help_text=HOUSING_NEED_HELP["before"])


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0005_choice_is_urgent"),
    ]

    operations = [
        migrations.AddField(
            model_name="choice",
            name="urgent_need",
            field=models.CharField(
                blank=True,
                choices=[
                    ("danger", "en danger, ou pense à se faire du mal"),
                    ("medical", "urgence médicale"),
                    ("shelter", "nulle part où dormir ce soir"),
                ],
                help_text="Qui coche cette réponse voit d’abord les numéros d’urgence (ceux de ce besoin en premier), "
                "puis les offres qui répondent à une urgence. Une réponse urgente n’écarte jamais une offre.",
                max_length=10,
                verbose_name="besoin urgent",
            ),
        ),
        migrations.RunPython(mark_urgent_needs, unmark_urgent_needs),
    ]

"""The search log keeps only what the statistics count: the day instead of the moment, the age band instead of the
age, and the answers only for the searches that found at most one offer (the gap table's)."""

import datetime

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone

BATCH_SIZE = 2000
PROFILE_KEPT_UP_TO = 1
AGE_BANDS = [(15, 17), (18, 25), (26, 30)]


def band_start(age):
    if age is None:
        return None
    return next((first for first, last in AGE_BANDS if age <= last), AGE_BANDS[-1][0])


def coarsen(apps, schema_editor):
    SearchLog = apps.get_model("offers", "SearchLog")
    batch = []
    for search in SearchLog.objects.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        search.day = timezone.localdate(search.created_at)
        answers = search.answers or {}
        if search.result_count <= PROFILE_KEPT_UP_TO:
            age = answers.get("age")
            search.age_band = band_start(age if isinstance(age, int) else None)
            search.answers = {key: value for key, value in answers.items() if key != "age"}
        else:
            search.age_band, search.answers = None, {}
        batch.append(search)
        if len(batch) == BATCH_SIZE:
            SearchLog.objects.bulk_update(batch, ["day", "age_band", "answers"])
            batch = []
    SearchLog.objects.bulk_update(batch, ["day", "age_band", "answers"])


def uncoarsen(apps, schema_editor):
    """The moment and the age are lost: noon of the day, the band's first age."""
    SearchLog = apps.get_model("offers", "SearchLog")
    zone = timezone.get_default_timezone()
    batch = []
    for search in SearchLog.objects.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        search.created_at = datetime.datetime.combine(search.day, datetime.time(12), tzinfo=zone)
        if search.age_band is not None:
            search.answers = {"age": search.age_band, **search.answers}
        batch.append(search)
        if len(batch) == BATCH_SIZE:
            SearchLog.objects.bulk_update(batch, ["created_at", "answers"])
            batch = []
    SearchLog.objects.bulk_update(batch, ["created_at", "answers"])


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0009_offer_event_creation_kinds"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="searchlog",
            options={"ordering": ["-day", "-pk"], "verbose_name": "recherche"},
        ),
        migrations.AddField(
            model_name="searchlog",
            name="age_band",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="tranche d’âge (à partir de)"),
        ),
        migrations.AddField(
            model_name="searchlog",
            name="day",
            field=models.DateField(
                db_index=True, default=django.utils.timezone.localdate, editable=False, verbose_name="jour"
            ),
        ),
        migrations.AlterField(
            model_name="searchlog",
            name="answers",
            field=models.JSONField(blank=True, default=dict, verbose_name="réponses, sans l’âge"),
        ),
        migrations.RunPython(coarsen, uncoarsen),
        migrations.RemoveField(
            model_name="searchlog",
            name="created_at",
        ),
    ]

"""The gap table of the days the summary counts, so that the search log of those days can go: the days already
counted get theirs from the search log (coarsened by offers 0010), whose rows of those days are then deleted, and the
days say so (a search loaded into one of them later is added to its counts)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q

BATCH_SIZE = 2000


def count_gaps_and_forget_counted_searches(apps, schema_editor):
    SearchLog = apps.get_model("offers", "SearchLog")
    GapDay = apps.get_model("stats", "GapDay")
    counted = SearchLog.objects.filter(day__in=apps.get_model("stats", "SummarisedDay").objects.values("day"))
    rows = (
        counted.filter(result_count__lte=1)
        .values("day", "commune_id", "theme_id", "age_band", "answers")
        .annotate(searches=Count("pk"), without_result=Count("pk", filter=Q(result_count=0)))
        .order_by()
    )
    GapDay.objects.bulk_create((GapDay(**row) for row in rows.iterator(chunk_size=BATCH_SIZE)), batch_size=BATCH_SIZE)
    counted.delete()
    apps.get_model("stats", "SummarisedDay").objects.update(searches_forgotten=True)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0010_search_log_coarsened"),
        ("stats", "0001_daily_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="summarisedday",
            name="searches_forgotten",
            field=models.BooleanField(default=False, verbose_name="recherches effacées du journal"),
        ),
        migrations.CreateModel(
            name="GapDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(verbose_name="jour")),
                ("age_band", models.PositiveSmallIntegerField(null=True, verbose_name="tranche d’âge (à partir de)")),
                ("answers", models.JSONField(default=dict, verbose_name="réponses, sans l’âge")),
                ("searches", models.PositiveIntegerField(verbose_name="recherches")),
                ("without_result", models.PositiveIntegerField(verbose_name="sans résultat")),
                (
                    "commune",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territories.commune",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="questionnaires.theme",
                    ),
                ),
            ],
            options={
                "verbose_name": "besoins sans réponse d’un jour",
                "verbose_name_plural": "besoins sans réponse par jour",
                "indexes": [
                    models.Index(fields=["commune", "day"], name="gap_day_commune_idx"),
                    models.Index(fields=["day"], name="gap_day_idx"),
                ],
            },
        ),
        migrations.RunPython(count_gaps_and_forget_counted_searches, migrations.RunPython.noop),
    ]

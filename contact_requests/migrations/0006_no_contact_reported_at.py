from django.db import migrations, models
from django.db.models import Max, OuterRef, Q, Subquery


def backfill(apps, schema_editor):
    """Open requests that a youth reported as not contacted, since they reached their current offer."""
    ContactRequest = apps.get_model("contact_requests", "ContactRequest")
    RequestEvent = apps.get_model("contact_requests", "RequestEvent")
    latest = RequestEvent.objects.filter(request=OuterRef("pk")).values("request")
    reported = Subquery(latest.filter(kind="youth_not_contacted").annotate(at=Max("at")).values("at"))
    transferred = Subquery(latest.filter(kind="transferred").annotate(at=Max("at")).values("at"))
    requests = ContactRequest.objects.filter(status__in=["new", "taken"]).annotate(
        reported=reported, transferred=transferred
    )
    for pk, at in requests.filter(
        Q(reported__isnull=False), Q(transferred__isnull=True) | Q(transferred__lt=models.F("reported"))
    ).values_list("pk", "reported"):
        ContactRequest.objects.filter(pk=pk).update(no_contact_reported_at=at)


class Migration(migrations.Migration):
    dependencies = [
        ("contact_requests", "0005_working_days_to_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactrequest",
            name="no_contact_reported_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="le ou la jeune dit ne pas avoir été contacté·e le"
            ),
        ),
        migrations.AlterField(
            model_name="requestevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "demande envoyée"),
                    ("taken", "prise en charge"),
                    ("contacted", "jeune contacté·e"),
                    ("closed", "demande clôturée"),
                    ("withdrawn", "demande annulée par le ou la jeune"),
                    ("reminded", "rappel envoyé à la structure"),
                    ("escalated", "signalée à l’animation territoriale"),
                    ("followed_up", "question envoyée au ou à la jeune"),
                    ("youth_not_contacted", "le ou la jeune dit ne pas avoir été contacté·e"),
                    ("youth_contacted", "le ou la jeune dit avoir été contacté·e"),
                    ("transferred", "transmise à une autre offre"),
                    ("organisation_reminded", "relance de l’animation territoriale envoyée à la structure"),
                    ("note", "note de l’animation territoriale"),
                    ("taken_over", "reprise par l’animation territoriale"),
                    ("viewed", "coordonnées consultées"),
                    ("anonymised", "données personnelles effacées"),
                ],
                max_length=30,
                verbose_name="événement",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

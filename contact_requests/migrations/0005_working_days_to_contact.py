from django.db import migrations, models

from territories import working_days


def compute_for_contacted_requests(apps, schema_editor):
    ContactRequest = apps.get_model("contact_requests", "ContactRequest")
    contacted = ContactRequest.objects.filter(contacted_at__isnull=False).select_related("organisation__commune")
    for request in contacted.iterator(chunk_size=2000):
        request.working_days_to_contact = working_days.working_days_to(
            request.created_at, request.contacted_at, request.organisation.commune.department_id
        )
        request.save(update_fields=["working_days_to_contact"])


class Migration(migrations.Migration):
    dependencies = [
        ("contact_requests", "0004_organisation_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactrequest",
            name="working_days_to_contact",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="jours ouvrés avant le contact"
            ),
        ),
        migrations.RunPython(compute_for_contacted_requests, migrations.RunPython.noop),
    ]

from django.db import migrations
from django.db.models.functions import Now

from territories import working_days


def compute_for_youth_confirmed_contacts(apps, schema_editor):
    """Contacts the youth confirmed had no delay counted: the statistics' median and 90th percentile left them out.

    Their confirmation is stamped as written now: the statistics' summary, which recounts the days of the requests
    whose history changed since it last ran (`RequestEvent.recorded_at`), counts their days again with the delay.
    """
    ContactRequest = apps.get_model("contact_requests", "ContactRequest")
    RequestEvent = apps.get_model("contact_requests", "RequestEvent")
    missing = ContactRequest.objects.filter(contacted_at__isnull=False, working_days_to_contact__isnull=True)
    RequestEvent.objects.filter(request__in=missing.values("pk"), kind="youth_contacted").update(recorded_at=Now())
    for request in missing.select_related("organisation__commune").iterator(chunk_size=2000):
        request.working_days_to_contact = working_days.working_days_to(
            request.created_at, request.contacted_at, request.organisation.commune.department_id
        )
        request.save(update_fields=["working_days_to_contact"])


class Migration(migrations.Migration):
    dependencies = [
        ("contact_requests", "0011_sms_short_links_and_undelivered"),
    ]

    operations = [
        migrations.RunPython(compute_for_youth_confirmed_contacts, migrations.RunPython.noop),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    """Joins the changes to offers made side by side: alert addresses, urgent needs, search log dates, validation."""

    dependencies = [
        ("offers", "0007_offer_alert_emails"),
        ("offers", "0007_offer_answers_urgent_need"),
        ("offers", "0007_search_log_dated_by_caller"),
        ("offers", "0007_validation_and_freshness"),
    ]

    operations = []

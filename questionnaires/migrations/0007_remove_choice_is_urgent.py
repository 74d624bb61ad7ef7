"""Apart from the data migration before it: PostgreSQL refuses to alter a table whose rows that same transaction
changed while their constraint checks are still deferred."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0006_choice_urgent_need"),
    ]

    operations = [
        migrations.RemoveField(model_name="choice", name="is_urgent"),
    ]

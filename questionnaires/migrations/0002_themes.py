from django.db import migrations

THEMES = [
    (
        "emploi",
        "Emploi",
        "fr-icon-briefcase-line",
        "Trouver un job, un stage, une alternance, être aidé·e dans ta recherche.",
    ),
    ("formation", "Formation", "fr-icon-book-2-line", "Reprendre des études, apprendre un métier, trouver ta voie."),
    ("logement", "Logement", "fr-icon-home-4-line", "Trouver où dormir, un logement, payer ton loyer."),
    ("sante", "Santé", "fr-icon-heart-pulse-line", "Te soigner, parler à quelqu’un, avoir une mutuelle."),
    (
        "mobilite-internationale",
        "Mobilité internationale",
        "fr-icon-earth-line",
        "Partir à l’étranger pour étudier, travailler ou être volontaire.",
    ),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("questionnaires", "Theme")
    for order, (slug, name, pictogram, summary) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "pictogram": pictogram, "summary": summary, "order": order}
        )


def delete_themes(apps, schema_editor):
    apps.get_model("questionnaires", "Theme").objects.filter(slug__in=[theme[0] for theme in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(create_themes, delete_themes)]

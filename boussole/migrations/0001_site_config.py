from django.db import migrations

SITE_CONFIG = {
    "site_title": "Boussole des jeunes",
    "site_tagline": "Trouve près de chez toi les professionnels qui peuvent t’aider",
    "header_brand": "Ministère de l’Éducation nationale et de la Jeunesse",
    "header_brand_html": "Ministère<br>de l’Éducation nationale<br>et de la Jeunesse",
    "footer_brand": "Ministère de l’Éducation nationale et de la Jeunesse",
    "footer_brand_html": "Ministère<br>de l’Éducation nationale<br>et de la Jeunesse",
    "footer_description": (
        "La Boussole des jeunes est un service public gratuit de la Direction de la jeunesse, de l’éducation "
        "populaire et de la vie associative (DJEPVA). Il aide les 15-30 ans à trouver les aides et les "
        "professionnels de leur territoire."
    ),
    "accessibility_status": "NOT",
    "beta_tag": False,
}


def create_site_config(apps, schema_editor):
    DsfrConfig = apps.get_model("dsfr", "DsfrConfig")
    DsfrConfig.objects.update_or_create(language="fr", defaults=SITE_CONFIG)


def delete_site_config(apps, schema_editor):
    apps.get_model("dsfr", "DsfrConfig").objects.filter(language="fr").delete()


class Migration(migrations.Migration):
    dependencies = [("dsfr", "0012_dsfrconfig_notice_description_and_more")]

    operations = [migrations.RunPython(create_site_config, delete_site_config)]

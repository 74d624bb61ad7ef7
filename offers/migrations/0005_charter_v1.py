from django.db import migrations

CHARTER_V1 = """La Boussole des jeunes est un service public gratuit qui aide les jeunes de 15 à 30 ans à trouver, près de chez eux, les professionnels qui peuvent les aider. En signant cette charte, notre structure s’engage à :

1. Décrire nos offres de service en mots simples, vrais et à jour, compréhensibles par un ou une jeune de 15 ans, et retirer sans attendre une offre qui n’est plus proposée.

2. Contacter chaque jeune qui en fait la demande dans le délai annoncé sur l’offre (de 1 à 7 jours ouvrés), par le moyen qu’il ou elle préfère, et l’aider à mobiliser réellement le service demandé, ou l’orienter vers la bonne structure.

3. Indiquer dans l’espace professionnel les suites données à chaque demande (prise en charge, contact, clôture), pour qu’aucune demande ne reste sans réponse.

4. Protéger les données personnelles des jeunes : ne les utiliser que pour répondre à leur demande, ne pas les transmettre en dehors de ce cadre, et limiter leur consultation aux professionnels qui traitent la demande.

5. Travailler avec les autres partenaires du territoire et avec l’animateur ou l’animatrice de la Boussole : partager nos offres, orienter les jeunes les uns vers les autres, participer aux temps d’échange du consortium.

6. Respecter la neutralité du service : la Boussole ne met en avant aucune structure ni aucun dispositif plus qu’un autre.

7. Désigner au moins un administrateur ou une administratrice qui tient à jour la liste des professionnels ayant accès à l’espace de la structure."""


def create_charter(apps, schema_editor):
    apps.get_model("offers", "CharterVersion").objects.get_or_create(version=1, defaults={"text": CHARTER_V1})


def delete_charter(apps, schema_editor):
    apps.get_model("offers", "CharterVersion").objects.filter(version=1, signatures__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0004_memberships_and_charter")]

    operations = [migrations.RunPython(create_charter, delete_charter)]

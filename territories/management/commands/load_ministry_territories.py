import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from questionnaires.models import Theme
from territories.management.commands.import_communes import DATA_FILE
from territories.ministry import MINISTRY_TERRITORIES, UNNAMED, MinistryTerritory, perimeter_codes
from territories.models import Commune, Territory


class Command(BaseCommand):
    help = (
        "Crée les territoires de la liste du ministère (présentation de juillet 2021) qui manquent, avec leur état, "
        "leurs communes et leurs thèmes ; ne modifie jamais un territoire existant."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="fichier communes.json.gz de référence")

    @transaction.atomic
    def handle(self, *args, file, **options):
        with gzip.open(file, "rt", encoding="utf-8") as stream:
            data = json.load(stream)
        self.stdout.write(
            f"{len(MINISTRY_TERRITORIES)} territoires nommés par le ministère, périmètres lus dans {file.name} "
            f"({data['source']['package']} {data['source']['version']}, {data['source']['licence']})"
        )
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        counts = {"créé(s)": 0, "déjà présent(s)": 0, "rattaché(s)": 0, "non créé(s)": 0}
        for territory in MINISTRY_TERRITORIES:
            if territory.choice:
                self.stdout.write(f"  Choix de périmètre — {territory.choice}")
            counts[self._load(territory, data)] += 1
        self.stdout.write(
            f"  Non créés : les « {UNNAMED} » que la présentation ne nomme pas ; ajoutez-les dans l’admin."
        )
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Terminé : {summary}."))

    def _load(self, wanted: MinistryTerritory, data) -> str:
        """Creates the territory if the list's reference, its slug and its name are all free; a territory already
        there is left as national staff made it."""
        if Territory.objects.filter(reference=wanted.reference).exists():
            return "déjà présent(s)"
        same = Territory.objects.filter(Q(slug=wanted.slug) | Q(name=wanted.name)).first()
        if same is not None:
            if same.reference:
                self.stderr.write(f"  {wanted.name} : le nom ou l’identifiant est pris par « {same} », non créé.")
                return "non créé(s)"
            # Made by hand (or by the demo) before the list was loaded: it becomes the list's, untouched.
            same.reference = wanted.reference
            same.save(update_fields=["reference"])
            self.stdout.write(f"  {same.name} : existe déjà, rattaché à la liste sans modification.")
            return "rattaché(s)"
        missing = [code for code in wanted.epcis if code not in data["epcis"]]
        if missing:
            self.stderr.write(f"  {wanted.name} : EPCI inconnu(s) {', '.join(missing)}, non créé.")
            return "non créé(s)"
        codes = perimeter_codes(wanted, data["communes"])
        communes = list(Commune.objects.filter(insee_code__in=codes))
        if len(communes) < len(codes):
            self.stderr.write(
                f"  {wanted.name} : {len(codes) - len(communes)} communes sur {len(codes)} absentes de la base, "
                "non créé ; lancez d’abord « manage.py import_communes »."
            )
            return "non créé(s)"
        territory = Territory.objects.create(
            name=wanted.name, slug=wanted.slug, status=wanted.status, reference=wanted.reference
        )
        territory.communes.set(communes)
        territory.themes.set(self._themes(wanted.theme_slugs))
        territory.experimental_themes.set(self._themes(wanted.experimental_theme_slugs))
        perimeter = [
            *(data["epcis"][code] for code in wanted.epcis),
            *(f"département {dep}" for dep in wanted.departments),
        ]
        self.stdout.write(
            f"  {territory.name} ({territory.get_status_display()}) : {len(communes)} communes ({', '.join(perimeter)})"
        )
        return "créé(s)"

    def _themes(self, slugs):
        if missing := [slug for slug in slugs if slug not in self.themes]:
            self.stderr.write(f"  thèmes absents de la base, ignorés : {', '.join(missing)}")
        return [self.themes[slug] for slug in slugs if slug in self.themes]

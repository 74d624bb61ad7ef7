import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from territories.enums import CommuneKind
from territories.models import Commune, CommuneSearchTerm, Department, Epci, Region, forget_territories
from territories.search import name_terms, normalize

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "communes.json.gz"
BATCH_SIZE = 2000
Kind = CommuneSearchTerm.Kind
KIND_LABELS = {CommuneKind.COMMUNE: "communes", CommuneKind.ARRONDISSEMENT: "arrondissements municipaux"}
COMMUNE_FIELDS = ["name", "search_name", "kind", "postal_codes", "department_id", "epci_id", "population", "parent_id"]


class Command(BaseCommand):
    help = "Charge ou met à jour toutes les communes (fichier dérivé du découpage administratif d’Etalab)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="fichier communes.json.gz à charger")
        parser.add_argument(
            "--department", action="append", dest="departments", help="ne charger que ce département (répétable)"
        )

    @transaction.atomic
    def handle(self, *args, file, departments, **options):
        with gzip.open(file, "rt", encoding="utf-8") as stream:
            data = json.load(stream)
        rows = [row for row in data["communes"] if not departments or row[4] in departments]
        self.stdout.write(
            f"{file.name} ({data['source']['package']} {data['source']['version']}) : {len(rows)} communes à charger"
        )
        self._upsert(Region, {code: {"name": name} for code, name in data["regions"].items()})
        self._upsert(
            Department,
            {code: {"name": dep["name"], "region_id": dep["region"]} for code, dep in data["departments"].items()},
        )
        self._upsert(Epci, {code: {"name": name} for code, name in data["epcis"].items()})
        changed = self._upsert_communes(rows)
        # Communes indexed before intercommunalities were searchable are indexed again, once.
        unindexed = Commune.objects.filter(epci__isnull=False).exclude(search_terms__kind=Kind.EPCI)
        changed = sorted({*changed, *unindexed.values_list("insee_code", flat=True)})
        if changed:
            self._index(changed)
            self._analyze()
            forget_territories()
        self.stdout.write(self.style.SUCCESS(f"Terminé : {len(changed)} communes créées ou mises à jour."))

    def _upsert(self, model, wanted):
        existing = {obj.pk: obj for obj in model.objects.all()}
        created = [model(pk=pk, **fields) for pk, fields in wanted.items() if pk not in existing]
        updated = []
        for pk, fields in wanted.items():
            obj = existing.get(pk)
            if obj and any(getattr(obj, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(obj, name, value)
                updated.append(obj)
        model.objects.bulk_create(created, batch_size=BATCH_SIZE)
        if updated:
            model.objects.bulk_update(updated, list(next(iter(wanted.values()))), batch_size=BATCH_SIZE)
        label = model._meta.verbose_name_plural
        self.stdout.write(f"  {label} : {len(created)} créé(e)s, {len(updated)} mis(es) à jour")

    def _upsert_communes(self, rows):
        """Creates and updates communes (parents before arrondissements); returns the codes of those that changed."""
        existing = {commune.insee_code: commune for commune in Commune.objects.all()}
        changed_codes = set()
        for kind in (CommuneKind.COMMUNE, CommuneKind.ARRONDISSEMENT):
            ids = {code: commune.pk for code, commune in existing.items()}
            created, updated = [], []
            for insee, name, row_kind, postal_codes, department, _region, epci, population, parent in rows:
                if row_kind != kind:
                    continue
                fields = {
                    "name": name,
                    "search_name": normalize(name),
                    "kind": row_kind,
                    "postal_codes": postal_codes,
                    "department_id": department,
                    "epci_id": epci or None,
                    "population": population,
                    "parent_id": ids.get(parent) if parent else None,
                }
                commune = existing.get(insee)
                if commune is None:
                    created.append(Commune(insee_code=insee, **fields))
                elif any(getattr(commune, field) != value for field, value in fields.items()):
                    for field, value in fields.items():
                        setattr(commune, field, value)
                    updated.append(commune)
            for start in range(0, len(created), BATCH_SIZE):
                Commune.objects.bulk_create(created[start : start + BATCH_SIZE])
                self._progress(
                    f"{KIND_LABELS[kind]} créé(e)s", start + len(created[start : start + BATCH_SIZE]), created
                )
            Commune.objects.bulk_update(updated, COMMUNE_FIELDS, batch_size=BATCH_SIZE)
            self.stdout.write(f"  {KIND_LABELS[kind]} : {len(created)} créé(e)s, {len(updated)} mis(es) à jour")
            changed_codes.update(commune.insee_code for commune in [*created, *updated])
            existing.update({commune.insee_code: commune for commune in created})
        return sorted(changed_codes)

    def _index(self, insee_codes):
        """Rewrites the search terms of the communes that changed."""
        with_arrondissements = set(Commune.objects.exclude(parent=None).values_list("parent_id", flat=True))
        epci_names = dict(Epci.objects.values_list("code", "name"))
        terms = []
        for start in range(0, len(insee_codes), BATCH_SIZE):
            communes = list(Commune.objects.filter(insee_code__in=insee_codes[start : start + BATCH_SIZE]))
            CommuneSearchTerm.objects.filter(commune__in=communes).delete()
            for commune in communes:
                full_name, *name_ends = name_terms(commune.name)
                commune_terms = {full_name: Kind.NAME, **dict.fromkeys(name_ends, Kind.NAME_END)}
                # Paris, Lyon and Marseille are found by name; their postal codes lead to the arrondissements.
                if commune.pk not in with_arrondissements:
                    commune_terms.update(dict.fromkeys(commune.postal_codes, Kind.POSTAL_CODE))
                commune_terms.setdefault(commune.insee_code.lower(), Kind.INSEE_CODE)
                if commune.epci_id:
                    for term in name_terms(epci_names[commune.epci_id]):
                        commune_terms.setdefault(term, Kind.EPCI)
                terms.extend(
                    CommuneSearchTerm(commune=commune, term=term, kind=kind, population=commune.population)
                    for term, kind in commune_terms.items()
                )
        for start in range(0, len(terms), BATCH_SIZE * 5):
            CommuneSearchTerm.objects.bulk_create(terms[start : start + BATCH_SIZE * 5])
            self._progress("termes de recherche", start + len(terms[start : start + BATCH_SIZE * 5]), terms)

    def _analyze(self):
        """Fresh statistics, so that the planner picks the index plan for searches right after a bulk load."""
        with connection.cursor() as cursor:
            for model in (Commune, CommuneSearchTerm):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def _progress(self, label, done, items):
        self.stdout.write(f"\r  {label} : {done}/{len(items)}", ending="\n" if done == len(items) else "")
        self.stdout.flush()

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import accounts, contact_requests, history, territories
from demo.offers import loading as offers

# Each demo module exposes `load(stdout)`; they run in dependency order, then what youths see is reported.
DEMO_LOADERS = [
    territories.load,
    offers.load,
    accounts.load,
    contact_requests.load,
    history.load,
    offers.report,
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : relancer met à jour sans dupliquer)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.HTTPS:
            raise CommandError("Les données de démonstration ne se chargent jamais sur un site en production (HTTPS).")
        for load in DEMO_LOADERS:
            try:
                load(self.stdout)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))

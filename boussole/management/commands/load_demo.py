from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from contact_requests import demo as contact_requests_demo
from contact_requests import demo_history
from offers import demo as offers_demo
from organisations import demo_accounts
from territories import demo as territories_demo

# Each app that has demo data exposes `load(stdout)`; they run in dependency order, then what youths see is reported.
DEMO_LOADERS = [
    territories_demo.load,
    offers_demo.load,
    demo_accounts.load,
    contact_requests_demo.load,
    demo_history.load,
    offers_demo.report,
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

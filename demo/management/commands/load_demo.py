import contextlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from demo import accounts, contact_requests, history, orientations, territories
from demo.offers import loading as offers
from notifications.models import Email

# Each demo module exposes `load(stdout)`; they run in dependency order, then what youths see is reported.
DEMO_LOADERS = [
    territories.load,
    offers.load,
    accounts.load,
    contact_requests.load,
    orientations.load,
    history.load,
    offers.report,
]
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : relancer met à jour sans dupliquer)."

    def handle(self, *args, **options):
        if settings.HTTPS:
            raise CommandError("Les données de démonstration ne se chargent jamais sur un site en production (HTTPS).")
        emails_before = Email.objects.count()
        # The demo's emails are sent when its transaction commits, inside this block; printed in full by the console
        # backend (thousands of lines), they would push the accounts out of view: they go to files instead.
        with self.emails_out_of_the_terminal() as where:
            with transaction.atomic():
                for load in DEMO_LOADERS:
                    try:
                        load(self.stdout)
                    except RuntimeError as error:
                        raise CommandError(str(error)) from error
        self.stdout.write(f"  e-mails de la démo ({Email.objects.count() - emails_before}) : {where}")
        accounts.report(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))

    @contextlib.contextmanager
    def emails_out_of_the_terminal(self):
        """Yields where the demo's emails go: files instead of the console, else wherever the settings send them."""
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            yield "à envoyer par le worker Celery"
        elif settings.EMAIL_BACKEND in (CONSOLE_BACKEND, FILE_BACKEND):
            folder = Path(settings.EMAIL_FILE_PATH)
            shown = folder.relative_to(settings.BASE_DIR) if folder.is_relative_to(settings.BASE_DIR) else folder
            with override_settings(EMAIL_BACKEND=FILE_BACKEND):
                yield f"dans le dossier {shown}/"
        else:
            yield f"remis à {settings.EMAIL_BACKEND}"

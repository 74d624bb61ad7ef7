from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from contact_requests.models import ContactRequest
from contact_requests.tasks import purge, purge_opening_alerts
from territories.models import OpeningAlert


class Command(BaseCommand):
    help = (
        "Anonymise les demandes terminées depuis plus que la durée de conservation, et efface les inscriptions "
        "« prévenez-moi » trop anciennes (tâche périodique)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="dire ce qui serait fait, sans le faire")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        count = ContactRequest.objects.to_anonymise(now).count()
        self.stdout.write(
            f"{count} demande(s) terminée(s) depuis plus de {settings.REQUEST_RETENTION_MONTHS} mois à anonymiser."
        )
        alerts = OpeningAlert.objects.to_purge(now).count()
        self.stdout.write(
            f"{alerts} inscription(s) « prévenez-moi » de plus de {settings.OPENING_ALERT_RETENTION_MONTHS} mois "
            "à effacer."
        )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{purge(now=now)} demande(s) anonymisée(s)."))
            self.stdout.write(
                self.style.SUCCESS(f"{purge_opening_alerts(now=now)} inscription(s) « prévenez-moi » effacée(s).")
            )

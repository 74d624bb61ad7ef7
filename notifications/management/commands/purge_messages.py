from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.models import Email, Sms
from notifications.tasks import purge_old_messages


class Command(BaseCommand):
    help = (
        "Efface les destinataires et le texte des e-mails et des SMS écrits depuis plus que la durée de conservation "
        "(tâche périodique)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="dire ce qui serait fait, sans le faire")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        emails, sms = Email.objects.to_purge(now).count(), Sms.objects.to_purge(now).count()
        self.stdout.write(
            f"{emails} e-mail(s) et {sms} SMS écrits depuis plus de {settings.MESSAGE_RETENTION_MONTHS} mois à effacer."
        )
        if not dry_run:
            done = purge_old_messages(now=now)
            self.stdout.write(self.style.SUCCESS(f"{done['e-mails']} e-mail(s) et {done['SMS']} SMS effacés."))

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.models import Email
from notifications.tasks import requeue_unsent


class Command(BaseCommand):
    help = "Remet dans la file d’envoi les e-mails toujours pas envoyés après quelques minutes (tâche perdue)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Affiche seulement le nombre d’e-mails concernés.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        count = Email.objects.to_requeue(now).count()
        self.stdout.write(f"{count} e-mail(s) à remettre dans la file d’envoi.")
        if dry_run or not count:
            return
        handed = requeue_unsent(now=now)
        self.stdout.write(self.style.SUCCESS(f"{handed} e-mail(s) remis dans la file d’envoi."))
        if handed < count:
            self.stdout.write(
                self.style.WARNING(f"{count - handed} e-mail(s) n’ont pas pu l’être : voir les journaux.")
            )

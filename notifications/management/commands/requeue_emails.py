from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.models import Email, Sms
from notifications.tasks import requeue_unsent, requeue_unsent_sms_at


class Command(BaseCommand):
    help = (
        "Remet dans la file d’envoi les e-mails et les SMS toujours pas envoyés après quelques minutes (tâche perdue), "
        "et les SMS écrits la nuit dont l’heure est venue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Affiche seulement le nombre de messages concernés.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        for model, requeue, noun in [(Email, requeue_unsent, "e-mail(s)"), (Sms, requeue_unsent_sms_at, "SMS")]:
            count = model.objects.to_requeue(now).count()
            self.stdout.write(f"{count} {noun} à remettre dans la file d’envoi.")
            if dry_run or not count:
                continue
            handed = requeue(now=now)
            self.stdout.write(self.style.SUCCESS(f"{handed} {noun} remis dans la file d’envoi."))
            if handed < count:
                self.stdout.write(
                    self.style.WARNING(f"{count - handed} {noun} n’ont pas pu l’être : voir les journaux.")
                )

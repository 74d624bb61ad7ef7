from django.core.management.base import BaseCommand
from django.utils import timezone

from contact_requests.models import ContactRequest
from contact_requests.tasks import sweep


class Command(BaseCommand):
    help = "Envoie les rappels, les questions aux jeunes et les signalements qui sont dus (tâche périodique)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="dire ce qui serait fait, sans le faire")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        requests = ContactRequest.objects
        self.stdout.write(
            f"À faire : {requests.to_remind(now).count()} rappel(s), {requests.to_follow_up(now).count()} question(s) "
            f"aux jeunes, {requests.to_escalate(now).count()} signalement(s)."
        )
        if not dry_run:
            done = sweep(now=now)
            self.stdout.write(self.style.SUCCESS(f"Fait : {done}"))

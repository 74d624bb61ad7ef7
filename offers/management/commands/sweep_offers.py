from django.core.management.base import BaseCommand
from django.utils import timezone

from offers.models import Offer
from offers.tasks import sweep


class Command(BaseCommand):
    help = "Demande aux structures de relire leurs offres anciennes, puis les relance (tâche périodique)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="dire ce qui serait fait, sans le faire")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        day = timezone.localdate(now)
        self.stdout.write(
            f"À faire : {Offer.objects.to_request_review(day).count()} demande(s) de relecture, "
            f"{Offer.objects.to_remind_review(day, now).count()} rappel(s)."
        )
        if not dry_run:
            done = sweep(now=now)
            self.stdout.write(self.style.SUCCESS(f"Fait : {done}"))

from django.core.management.base import BaseCommand
from django.utils import timezone

from stats import summary


class Command(BaseCommand):
    help = (
        "Recompte le résumé quotidien des statistiques (tâche de la nuit) : les jours jamais comptés, ceux des "
        "demandes modifiées depuis, ceux dont une date limite est passée ; avec --tout, chaque jour déjà compté aussi. "
        "Les recherches des jours comptés sont ensuite effacées du journal des recherches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tout",
            action="store_true",
            help="recompter aussi chaque jour déjà compté (après un chargement de données dans le passé)",
        )

    def handle(self, *args, tout, **options):
        now = timezone.now()
        days = summary.every_day(now=now) if tout else summary.days_to_refresh(now=now)
        self.stdout.write(f"{len(days)} jour(s) à recompter.")
        refreshed = summary.refresh_and_forget_searches(now=now, days=days)
        self.stdout.write(self.style.SUCCESS(f"{len(refreshed)} jour(s) recompté(s)."))

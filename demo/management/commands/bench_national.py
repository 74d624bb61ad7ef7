"""A year of a national service on PostgreSQL (`demo.bench.national`): its loading, the nightly purge and summary
refresh with the longest lock they hold on the requests table, pages and statistics beside the baseline views, and the
export of a territory's 200,000 requests."""

import io
import time
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from contact_requests.models import ContactRequest
from contact_requests.tasks import purge
from demo.bench import data as bench_data
from demo.bench import national, nightly
from demo.bench.locks import LockWatch
from demo.management.commands import bench
from offers.models import Offer
from stats import figures, summary
from territories.models import Territory

EXPORT_ROWS = [20_000, 200_000]
STAFF_EMAIL = "national-banc-d-essai@boussole.example.fr"
LOCK_LIMIT_SECONDS = 1.0


class Command(bench.Command):
    help = (
        "Mesure une année d’un service national sur PostgreSQL : chargement, purge et résumé de la nuit (verrous "
        "sur les demandes), pages et statistiques face à une vue de référence, export de 200 000 demandes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--skip-setup", action="store_true", help="ne pas migrer ni charger les communes")

    def handle(self, *args, skip_setup, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Ce banc d’essai charge ses données avec COPY : il lui faut PostgreSQL.")
        if not skip_setup:
            self.set_up()
        now = timezone.now()
        self.load(now)
        jobs = self.nightly(now)
        self.stdout.write(f"Base : {connection.settings_dict['NAME']}")
        with bench.bench_site():
            client = Client()
            self.answer_questionnaire(client)
            self.report(self.measure_public_pages(client))
            self.measure_national_statistics()
        self.report_jobs(jobs)

    def set_up(self):
        """Migrations; the communes, the demonstration and the ministry's territories on the first run only: loaded
        again, the demonstration's requests would be changes of the day, read live by the statistics measured."""
        call_command("migrate", verbosity=0)
        if Territory.objects.count() >= national.TERRITORIES:
            return
        self.stdout.write("Préparation : communes, démonstration, territoires du ministère…")
        call_command("import_communes", verbosity=0, stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_ministry_territories", stdout=io.StringIO(), stderr=io.StringIO())

    def load(self, now):
        """Each part once (`demo.bench.national`), the year's summary counted, statistics of the tables taken."""
        self.steps = []
        territories = self.step("territoires", lambda: national.ensure_territories(self.stdout))
        self.step("structures et offres", lambda: national.ensure_offers(self.stdout, territories))
        self.step("charte signée", national.ensure_charter)
        self.step("demandes et historique", lambda: national.ensure_requests(self.stdout, territories, now=now))
        today = timezone.localdate(now)
        self.step("recherches", lambda: national.ensure_searches(self.stdout, territories, today=today))
        self.recounted = None
        if nightly.year_not_counted():
            self.stdout.write("Résumé d’une année de demandes, par lots…")
            self.recounted = self.run_job(lambda: summary.refresh(days=nightly.year_days(now=now)))
        self.step("remise en état de la nuit", lambda: nightly.prepare(now=now))
        self.step("VACUUM ANALYZE", self.analyze)
        self.stdout.write("Données en place :")
        for label, count in national.counts().items():
            self.stdout.write(f"  {label:<24} {count:>12,}".replace(",", " "))

    def step(self, label, action):
        began = time.perf_counter()
        done = action()
        self.steps.append((label, time.perf_counter() - began))
        return done

    def run_job(self, job):
        """Runs a job under watch: (seconds, what it returned, the longest read and write locks on the requests)."""
        with LockWatch(ContactRequest._meta.db_table) as watch:
            began = time.perf_counter()
            done = job()
            seconds = time.perf_counter() - began
        return seconds, done, watch

    def nightly(self, now):
        """The purge at 03:30, then the summary at 04:30: what a night of the service does."""
        self.stdout.write("Purge de la nuit…")
        purged = self.run_job(lambda: purge(now=now))
        self.stdout.write("Résumé de la nuit…")
        refreshed = self.run_job(lambda: len(summary.refresh_and_forget_searches(now=now)))
        jobs = [("purge de la nuit (demandes anonymisées)", purged), ("résumé de la nuit (jours recomptés)", refreshed)]
        if self.recounted:
            done = self.recounted
            jobs.insert(0, ("résumé d’une année (jours comptés)", (done[0], len(done[1]), done[2])))
        return jobs

    def report_jobs(self, jobs):
        self.stdout.write("")
        self.stdout.write("Chargement (ce passage) : " + ", ".join(f"{label} {sec:.0f}s" for label, sec in self.steps))
        self.stdout.write(
            f"{'tâche':<42} {'durée':>9} {'nombre':>9} {'transactions':>13} {'verrou lecture':>15} "
            f"{'verrou écriture':>16}"
        )
        for label, (seconds, done, watch) in jobs:
            self.stdout.write(
                f"{label:<42} {seconds:>8.1f}s {done:>9} {watch.transactions:>13} {watch.longest_read:>14.3f}s "
                f"{watch.longest_write:>15.3f}s"
            )
        longest = max(max(watch.longest_read, watch.longest_write) for _, (_, _, watch) in jobs)
        verdict = "sous" if longest < LOCK_LIMIT_SECONDS else "AU-DELÀ de"
        self.stdout.write(f"plus long verrou sur la table des demandes : {longest:.3f}s, {verdict} une seconde")

    def measure_public_pages(self, client):
        results_url = reverse("offers:results", args=[bench_data.COMMUNE, bench_data.THEME])
        commune_url = reverse("offers:commune", args=[bench_data.COMMUNE])
        offers = Offer.objects.filter(
            organisation__in=national.national_organisations(), territories__slug=national.EXPORT_TERRITORY
        ).order_by("pk")[:50]
        candidates = Offer.objects.filter(territories__slug=national.EXPORT_TERRITORY, theme__slug=bench_data.THEME)
        return self.measure(
            client,
            [
                ("page de référence (gabarit, sans requête)", [bench.BASELINE_PAGE] * 50),
                (f"page de résultats ({candidates.count()} offres candidates)", [results_url] * 50),
                ("page d’une commune", [commune_url] * 50),
                ("page d’une offre", [offer.get_absolute_url() for offer in offers]),
            ],
        )

    def measure_national_statistics(self):
        """The statistics of France (national staff) and of Grand Reims (its animator), cold: nothing kept in the
        cache, every visit computes its figures (the nightly summary refreshed); the public statistics page without
        any cache; then the export of Grand Reims's requests."""
        staff, _ = get_user_model().objects.get_or_create(email=STAFF_EMAIL, defaults={"is_staff": True})
        animator, _ = get_user_model().objects.get_or_create(email=bench_data.BENCH_ANIMATOR_EMAIL)
        territory = Territory.objects.get(slug=national.EXPORT_TERRITORY)
        territory.animators.add(animator)
        national_client, territory_client = Client(), Client()
        national_client.force_login(staff)
        territory_client.force_login(animator)
        scope = f"territoire-{territory.pk}"
        baseline = ("page de référence (gabarit, animation)", [bench.BASELINE_PAGE] * 5)
        cache.clear()
        with mock.patch.object(figures, "FIGURES_TIMEOUT", 0):
            national_page = [reverse("backoffice:statistics", args=["france"])] * 5
            territory_page = [reverse("backoffice:statistics", args=[scope])] * 5
            cold = self.measure(national_client, [baseline, ("statistiques nationales à froid", national_page)])
            cold += self.measure(territory_client, [("statistiques du Grand Reims à froid", territory_page)])
        with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
            public = self.measure(Client(), [("statistiques publiques, sans cache", [reverse("stats:public")] * 5)])
        self.stdout.write("")
        self.stdout.write("Statistiques d’une année nationale : 1 000 000 demandes, 10 000 000 recherches")
        self.report([*cold, *public])
        exports = [
            self.measure_export(territory_client, animator, scope, rows, territory=national.EXPORT_TERRITORY)
            for rows in EXPORT_ROWS
        ]
        self.stdout.write("")
        self.stdout.write(
            f"{'export CSV des demandes du Grand Reims':<42} {'lignes':>9} {'durée':>9} {'mémoire max.':>13}"
        )
        for rows, seconds, peak in exports:
            self.stdout.write(f"{'':<42} {rows:>9} {seconds:>8.2f}s {peak / 1_000_000:>11.1f}Mo")
        self.stdout.write(
            f"mémoire max. à {exports[-1][0]} lignes : {exports[-1][2] / exports[0][2]:.2f} × celle à {exports[0][0]}"
        )

"""Times the public endpoints in-process, next to baseline views, on the database of DATABASE_URL."""

import io
import statistics
import time
import tracemalloc
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest, RequestEvent
from demo.bench import data as bench_data
from offers.models import Offer
from stats import figures, summary
from territories.models import Territory

QUERIES_FILE = Path(settings.BASE_DIR) / "demo" / "bench" / "autocomplete_queries.txt"
WARMUP_ROUNDS = 1
ROUNDS = 3
EXPORT_ROWS = [10_000, 100_000]
BASELINE_PAGE = "/bench/baseline.html"


def bench_site():
    """The site's URLs beside the baseline views (`demo/bench/urls.py`), served without the debug machinery."""
    return override_settings(ROOT_URLCONF="demo.bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Mesure les temps de réponse (médiane, 95e centile) face à une vue de référence, sur la base configurée."

    def add_arguments(self, parser):
        parser.add_argument("--skip-setup", action="store_true", help="ne pas migrer ni charger les communes")
        parser.add_argument(
            "--only-statistics",
            action="store_true",
            help="ne mesurer que la page de statistiques et l’export CSV (données déjà chargées)",
        )

    def handle(self, *args, skip_setup, only_statistics, **options):
        if not skip_setup:
            self.set_up()
        professional = bench_data.ensure_requests(self.stdout)
        animator = bench_data.ensure_validation_queue(self.stdout)
        bench_data.ensure_statistics(self.stdout)  # the same animator, of Grand Reims
        self.refresh_summary()
        self.analyze()
        self.stdout.write(f"Base : {connection.vendor} ({connection.settings_dict['NAME']})")
        if not only_statistics:
            with bench_site():
                tables = self.measure_pages(professional, animator)
            for table in tables:
                self.report(table)
        with bench_site():
            self.measure_statistics(animator)

    def set_up(self):
        self.stdout.write("Préparation : migrations et communes…")
        call_command("migrate", verbosity=0)
        call_command("import_communes", verbosity=0, stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
        bench_data.ensure_offers(self.stdout)

    def refresh_summary(self):
        # The history loaded above was written just now: dated as written at the moments it tells, as a service's
        # history is by the night after, so that the summary does not take a year of requests for changed ones.
        RequestEvent.objects.filter(recorded_at__gt=F("at")).update(recorded_at=F("at"))
        # What the nightly task does, before the timings; every day, since the bulk loads above write no history. The
        # searches it counts stay in the search log: the timings without the summary (`live_figures`) read them.
        began = time.perf_counter()
        refreshed = summary.refresh(days=summary.every_day(now=timezone.now()))
        seconds = time.perf_counter() - began
        self.stdout.write(f"Résumé quotidien des statistiques : {len(refreshed)} jours recomptés en {seconds:.1f}s")

    def analyze(self):
        # Statistics and visibility maps as a database in service has them after autovacuum, not those of the empty
        # tables before the bulk loads.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def measure_pages(self, professional, animator):
        """The four tables of pages: autocomplete, public pages, the professional's, the animator's."""
        client = Client()
        autocomplete = self.measure_autocomplete(client)
        self.answer_questionnaire(client)
        public = self.measure_public_pages(client)
        client.force_login(professional)
        professional_pages = self.measure_professional_pages(client, professional)
        animator_pages = self.measure_animator_pages(animator)
        return [autocomplete, public, professional_pages, animator_pages]

    def measure_autocomplete(self, client):
        queries = [line for line in QUERIES_FILE.read_text().splitlines() if line]
        autocomplete = [f"/communes/autocomplete?{urlencode({'q': query})}" for query in queries]
        results = self.measure(
            client,
            [
                ("vue de référence (JSON)", ["/bench/baseline.json"] * len(autocomplete)),
                (f"autocomplétion ({len(queries)} requêtes)", autocomplete),
            ],
        )
        # The search itself, as the first youth who types each query gets it: no page kept in a cache.
        with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
            results += self.measure(client, [(f"autocomplétion sans cache ({len(queries)})", autocomplete)])
        return results

    def measure_public_pages(self, client):
        results_url = reverse("offers:results", args=[bench_data.COMMUNE, bench_data.THEME])
        offer_urls = [
            offer.get_absolute_url() for offer in Offer.objects.filter(title__startswith="Offre d’essai 00")[:50]
        ]
        return self.measure(
            client,
            [
                ("page de référence (gabarit, sans requête)", [BASELINE_PAGE] * 50),
                ("page de résultats (500 offres candidates)", [results_url] * 50),
                ("page d’une offre", offer_urls),
            ],
        )

    def measure_professional_pages(self, client, professional):
        requests = professional.memberships.get().organisation.contact_requests.order_by("due_at")
        request_urls = [reverse("backoffice:request", args=[pk]) for pk in requests.values_list("pk", flat=True)[:50]]
        return self.measure(
            client,
            [
                ("page de référence (gabarit, connecté·e)", [BASELINE_PAGE] * 50),
                ("liste des demandes (5 000 demandes)", [reverse("backoffice:requests")] * 50),
                ("page d’une demande", request_urls),
            ],
        )

    def measure_animator_pages(self, animator):
        client = Client()
        client.force_login(animator)
        return self.measure(
            client,
            [
                ("page de référence (gabarit, animation)", [BASELINE_PAGE] * 50),
                ("demandes en retard ou signalées (5 000)", [reverse("backoffice:slipped_requests")] * 50),
                ("offres à valider (2 000 offres)", [reverse("backoffice:offer_validation_list")] * 50),
            ],
        )

    def measure_statistics(self, animator):
        """The territory's statistics page over 100,000 requests and 500,000 searches, beside the reference page: cold
        (nothing kept in the cache) with the nightly summary refreshed beforehand, cold without the summary (every
        figure from the live tables, `live_figures`), then kept (`cached_figures`); then the CSV export of its
        requests."""
        client = Client()
        client.force_login(animator)
        scope = f"territoire-{Territory.objects.get(slug='grand-reims').pk}"
        baseline = ("page de référence (gabarit, animation)", [BASELINE_PAGE] * 5)
        page = [reverse("backoffice:statistics", args=[scope])] * 5
        # Nothing kept: every visit computes its figures, as the first one after ten minutes does.
        with mock.patch.object(figures, "FIGURES_TIMEOUT", 0):
            cold = self.measure(client, [baseline, ("statistiques à froid (résumé de la nuit)", page)])
            with mock.patch.object(figures, "figures_for", figures.live_figures):
                live = self.measure(client, [baseline, ("statistiques à froid, sans résumé", page)])
        kept = self.measure(client, [baseline, ("statistiques (gardées dix minutes)", page)])
        exports = [self.measure_export(client, animator, scope, rows) for rows in EXPORT_ROWS]
        self.stdout.write("")
        self.stdout.write("Statistiques du Grand Reims : 100 000 demandes et 500 000 recherches sur un an")
        self.report([*cold, live[1], kept[1]])
        self.stdout.write("")
        self.stdout.write(f"{'export CSV des demandes':<42} {'lignes':>9} {'durée':>9} {'mémoire max.':>13}")
        for rows, seconds, peak in exports:
            self.stdout.write(f"{'':<42} {rows:>9} {seconds:>8.2f}s {peak / 1_000_000:>11.1f}Mo")
        self.stdout.write(
            f"mémoire max. à {exports[-1][0]} lignes : {exports[-1][2] / exports[0][2]:.2f} × celle à {exports[0][0]}"
        )

    def measure_export(self, client, animator, scope, rows, territory="grand-reims"):
        """Streams the territory's requests export over the period holding about `rows` requests: time, then peak
        memory on a second run (tracemalloc slows every allocation several times: it would inflate the duration).

        The copies of personal data it records are removed afterwards, so that runs do not pile them up.
        """
        requests = ContactRequest.objects.filter(territory__slug=territory).order_by("-created_at")
        start = timezone.localtime(requests.values_list("created_at", flat=True)[rows - 1]).date()
        url = reverse("backoffice:statistics_export", args=[scope, "demandes"])
        query = {"start": start.isoformat(), "end": timezone.localdate().isoformat()}

        def download():
            response = client.get(url, query)
            return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

        began = time.perf_counter()
        lines = download()
        seconds = time.perf_counter() - began
        tracemalloc.start()
        download()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        RequestEvent.objects.filter(actor=animator, kind=EventKind.VIEWED).delete()
        return lines, seconds, peak

    def answer_questionnaire(self, client):
        for step, answers in bench_data.ANSWERS.items():
            response = client.post(reverse("offers:step", args=[bench_data.COMMUNE, bench_data.THEME, step]), answers)
            if response.status_code != 302:
                raise RuntimeError(f"l’étape {step} du questionnaire a répondu {response.status_code}")

    def measure(self, client, groups):
        """Times each (label, urls) group, interleaving them so that a change of machine speed touches all alike.

        The queries are counted in a round of their own, untimed: recording them writes out each statement with its
        values, which no visitor waits for (a millisecond of France's statistics page)."""
        for _ in range(WARMUP_ROUNDS):
            for _, urls in groups:
                for url in urls:
                    self.get(client, url)
        queries = {}
        for label, urls in groups:
            with CaptureQueriesContext(connection) as captured:
                for url in urls:
                    self.get(client, url)
            queries[label] = len(captured) / len(urls)
        timings = {label: [] for label, _ in groups}
        longest = max(len(urls) for _, urls in groups)
        for _ in range(ROUNDS):
            for index in range(longest):
                for label, urls in groups:
                    if index < len(urls):
                        start = time.perf_counter()
                        self.get(client, urls[index])
                        timings[label].append((time.perf_counter() - start) * 1000)
        return [(label, timings[label], queries[label]) for label, _ in groups]

    @staticmethod
    def get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} a répondu {response.status_code}")
        return response

    def report(self, results):
        self.stdout.write("")
        baseline_median = statistics.median(results[0][1])
        self.stdout.write(f"{'mesure':<42} {'médiane':>9} {'95e c.':>9} {'× réf.':>7} {'requêtes SQL':>13}")
        for label, timings, queries in results:
            median = statistics.median(timings)
            self.stdout.write(
                f"{label:<42} {median:>7.2f}ms {percentile(timings, 0.95):>7.2f}ms "
                f"{median / baseline_median:>7.1f} {queries:>13.1f}"
            )

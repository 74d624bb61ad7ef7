"""Times the public endpoints in-process, next to baseline views, on the database of DATABASE_URL."""

import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

QUERIES_FILE = Path(settings.BASE_DIR) / "boussole" / "bench" / "autocomplete_queries.txt"
WARMUP_ROUNDS = 1
ROUNDS = 3


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Mesure les temps de réponse (médiane, 95e centile) face à une vue de référence, sur la base configurée."

    def add_arguments(self, parser):
        parser.add_argument("--skip-setup", action="store_true", help="ne pas migrer ni charger les communes")

    def handle(self, *args, skip_setup, **options):
        if not skip_setup:
            self.stdout.write("Préparation : migrations et communes…")
            call_command("migrate", verbosity=0)
            call_command("import_communes", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.stdout.write(f"Base : {connection.vendor} ({connection.settings_dict['NAME']})")
        with override_settings(ROOT_URLCONF="boussole.bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
            client = Client()
            queries = [line for line in QUERIES_FILE.read_text().splitlines() if line]
            autocomplete = [f"/communes/autocomplete?{urlencode({'q': query})}" for query in queries]
            baseline = "/bench/baseline.json"
            results = [
                self.measure(client, "vue de référence (JSON)", [baseline] * len(autocomplete)),
                self.measure(client, f"autocomplétion ({len(queries)} requêtes)", autocomplete),
            ]
        self.report(results)

    def measure(self, client, label, urls):
        for _ in range(WARMUP_ROUNDS):
            for url in urls:
                client.get(url)
        timings = []
        with CaptureQueriesContext(connection) as captured:
            for _ in range(ROUNDS):
                for url in urls:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                    if response.status_code != 200:
                        raise RuntimeError(f"{url} a répondu {response.status_code}")
        return label, timings, len(captured) / (ROUNDS * len(urls))

    def report(self, results):
        baseline_median = statistics.median(results[0][1])
        self.stdout.write(f"{'mesure':<42} {'médiane':>9} {'95e c.':>9} {'× réf.':>7} {'requêtes SQL':>13}")
        for label, timings, queries in results:
            median = statistics.median(timings)
            self.stdout.write(
                f"{label:<42} {median:>7.2f}ms {percentile(timings, 0.95):>7.2f}ms "
                f"{median / baseline_median:>7.1f} {queries:>13.1f}"
            )

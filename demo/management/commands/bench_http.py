"""Measures the public pages over HTTP as users get them: gunicorn with the production settings, on 127.0.0.1 only.

Runs after `manage.py bench`, on the same database (its offers and demo data). Four tables: each page interleaved
with a static file of about the same size served by the same worker, first as the page cache serves it, then as the
first visitor after an edit gets it (the kept page gone, the rest of the cache warm); a bounded load of the youth
journey with Locust at 10, 50 and 100 users beside the static file's at the same concurrency; the page weight of a
first and a repeat visit in Chromium.
"""

import contextlib
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from demo.bench import cache_miss
from demo.bench import data as bench_data
from demo.bench.page_weight import measure_page_weight
from offers.models import Offer

HOST = "127.0.0.1"  # never anything else: the load stays on this machine
QUERIES_FILE = Path(settings.BASE_DIR) / "demo" / "bench" / "autocomplete_queries.txt"
LOCUSTFILE = Path(settings.BASE_DIR) / "demo" / "bench" / "locustfile.py"
ROUNDS = 200
RESTART_EVERY = 250
RESTARTS = 4
LOAD_USERS = [10, 50, 100]
LOAD_SECONDS = 30
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# What a browser says it accepts: pages come gzipped, static files brotli-compressed.
ACCEPT = {"Accept-Encoding": "gzip, deflate, br", "Accept": "text/html,application/json"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Site:
    """One gunicorn worker serving the site with the production settings, on a free loopback port."""

    def __init__(self, port, log):
        self.port = port
        self.log = log
        self.cookies = {}

    def request(self, method, path, *, body=None, headers=None, cookies=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            sent = {**ACCEPT, **(headers or {})}
            if cookies:
                sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                if cookies is not None:
                    cookies[name] = rest.split(";", 1)[0]
        return response, content

    def timed_get(self, path, cookies=None):
        start = time.perf_counter()
        response, content = self.request("GET", path, cookies=cookies)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise CommandError(f"{path} a répondu {response.status} (journal : {self.log})")
        return elapsed, len(content)


class Command(BaseCommand):
    help = "Mesure les pages publiques par HTTP (gunicorn, réglages de production), en charge et dans Chromium."

    def add_arguments(self, parser):
        parser.add_argument("--skip-collectstatic", action="store_true", help="garder les fichiers déjà collectés")
        parser.add_argument("--skip-load", action="store_true", help="sans la charge (Locust)")
        parser.add_argument("--skip-browser", action="store_true", help="sans le poids des pages (Chromium)")
        parser.add_argument(
            "--skip-cache-miss", action="store_true", help="sans les pages hors du cache de pages (Redis)"
        )

    def handle(self, *args, skip_collectstatic, skip_load, skip_browser, skip_cache_miss, **options):
        bench_data.ensure_offers(self.stdout)
        bench_dir = Path(settings.BASE_DIR) / ".bench"
        bench_dir.mkdir(exist_ok=True)
        environment = self.server_environment()
        if not skip_collectstatic:
            self.stdout.write("Préparation : collectstatic (noms hachés, gzip, brotli)…")
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
                cwd=settings.BASE_DIR,
                env=environment,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        with self.gunicorn(environment, bench_dir / "gunicorn.log") as site:
            offer_urls = [
                offer.get_absolute_url()
                for offer in Offer.objects.filter(title__startswith="Offre d’essai 00").order_by("pk")[:50]
            ]
            pages = self.pages(site, offer_urls)
            self.report_timings(self.measure(site, pages), "servies par le cache de pages")
            if not skip_cache_miss:
                self.measure_cache_misses(environment, bench_dir, pages)
            if not skip_load:
                self.report_load(self.load(site, offer_urls, pages["static"], bench_dir))
            if not skip_browser:
                results = reverse("offers:results", args=[bench_data.COMMUNE, bench_data.THEME])
                weights = measure_page_weight(
                    f"http://{HOST}:{site.port}",
                    {"accueil": "/", "page de résultats": results, "page d’une offre": offer_urls[0]},
                    questionnaire=[
                        (reverse("offers:step", args=[bench_data.COMMUNE, bench_data.THEME, step]), answers)
                        for step, answers in bench_data.ANSWERS.items()
                    ],
                )
                self.report_weights(weights)
        self.measure_restarts(environment, bench_dir)

    def server_environment(self):
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "WEB_CONCURRENCY"}
        }
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("postgresql"):
            host = database.get("HOST") or HOST
            port = database.get("PORT") or 5432
            environment["DATABASE_URL"] = f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
        else:
            environment["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
        environment.update(
            {
                "DEBUG": "false",
                "STATIC_COLLECTED": "true",
                "ALLOWED_HOSTS": HOST,
                "SITE_URL": f"http://{HOST}",
                # The cache and broker of production when the bench is given one; otherwise the worker's memory.
                "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
                # Every simulated youth comes from the same address, and the same few emails.
                "REQUEST_RATE_LIMIT_PER_HOUR": "1000000",
                "REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR": "1000000",
                "EMAIL_PROVIDER": "locmem",
                "LOG_LEVEL": "ERROR",
            }
        )
        return environment

    @contextlib.contextmanager
    def gunicorn(self, environment, log, *extra):
        port = _free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "boussole.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "1",
            "--access-logfile",
            "/dev/null",
            # Not replaced in the middle of a table, which would empty its cache: `measure_restarts` measures that.
            "--max-requests",
            "0",
            *extra,
        ]
        with open(log, "w") as output:
            server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=output)
            try:
                site = Site(port, log)
                deadline = time.monotonic() + 30
                while True:
                    with contextlib.suppress(OSError):
                        if site.request("GET", reverse("health"))[0].status == 200:
                            break
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise CommandError(f"gunicorn n’a pas démarré (journal : {log})")
                    time.sleep(0.2)
                self.stdout.write(f"gunicorn : 1 processus, réglages de production, http://{HOST}:{port}/")
                yield site
            finally:
                server.terminate()
                server.wait(timeout=30)

    def pages(self, site, offer_urls):
        """Each page's addresses (and the cookies it is read with), and the static file closest to it in size."""
        queries = [line for line in QUERIES_FILE.read_text().splitlines() if line]
        cookies = self.answer_questionnaire(site)
        pages = {
            "accueil": ([reverse("home")], None),
            "page d’une commune": ([reverse("offers:commune", args=[bench_data.COMMUNE])], None),
            "page d’une offre (50 offres)": (offer_urls, None),
            f"autocomplétion ({len(queries)} recherches)": (
                [f"{reverse('territories:autocomplete')}?{urlencode({'q': query})}" for query in queries],
                None,
            ),
            "page de résultats (500 offres candidates)": (
                [reverse("offers:results", args=[bench_data.COMMUNE, bench_data.THEME])],
                cookies,
            ),
        }
        static_files = self.static_files()
        matched = {}
        for label, (urls, page_cookies) in pages.items():
            size = statistics.median(site.timed_get(url, page_cookies)[1] for url in urls[:20])
            matched[label] = (urls, page_cookies, min(static_files, key=lambda item: abs(item[1] - size)), size)
        matched["static"] = min(static_files, key=lambda item: abs(item[1] - matched["accueil"][3]))[0]
        return matched

    def static_files(self):
        """(URL, bytes sent to a browser) of the collected files: the brotli copy where there is one."""
        manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
        found = []
        for hashed in manifest["paths"].values():
            path = Path(settings.STATIC_ROOT) / hashed
            compressed = path.with_name(path.name + ".br")
            found.append(
                (f"{settings.STATIC_URL}{hashed}", (compressed if compressed.exists() else path).stat().st_size)
            )
        return found

    def answer_questionnaire(self, site):
        cookies = {}
        for step, answers in bench_data.ANSWERS.items():
            url = reverse("offers:step", args=[bench_data.COMMUNE, bench_data.THEME, step])
            _, page = site.request("GET", url, headers={"Accept-Encoding": "identity"}, cookies=cookies)
            token = CSRF_TOKEN.search(page.decode()).group(1)
            body = urlencode({**answers, "csrfmiddlewaretoken": token}, doseq=True)
            response, _ = site.request(
                "POST",
                url,
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                cookies=cookies,
            )
            if response.status != 302:
                raise CommandError(f"l’étape {step} du questionnaire a répondu {response.status}")
        return cookies

    def measure_cache_misses(self, environment, bench_dir, pages):
        kept = cache_miss.KeptPages(cache_miss.redis_url())
        if not kept.reachable():
            self.stdout.write(f"Pages hors du cache : pas de Redis à {cache_miss.redis_url()}, tableau omis")
            return
        kept.empty()
        environment = {**environment, "REDIS_URL": cache_miss.redis_url()}
        with self.gunicorn(environment, bench_dir / "gunicorn-cache-miss.log") as site:
            cookies = self.answer_questionnaire(site)
            pages = {
                label: (value[0], cookies if value[1] else None, *value[2:])
                for label, value in pages.items()
                if label != "static"
            }
            results = self.measure(site, pages, before_each=kept.forget_pages)
        kept.empty()
        self.report_timings(results, "hors du cache de pages, le reste du cache chaud (Redis)")

    def measure_restarts(self, environment, bench_dir):
        """What replacing the worker costs (gunicorn's `max_requests`): the home page asked for without a pause while
        a single worker is replaced every RESTART_EVERY requests."""
        limit = ["--max-requests", str(RESTART_EVERY), "--max-requests-jitter", "0"]
        with self.gunicorn(environment, bench_dir / "gunicorn-restarts.log", *limit) as site:
            times = [site.timed_get(reverse("home"))[0] for _ in range(RESTART_EVERY * RESTARTS)]
        slow = sorted(elapsed for elapsed in times if elapsed > 50)
        self.stdout.write("")
        self.stdout.write(
            f"Remplacement du processus tous les {RESTART_EVERY} requêtes (max_requests), accueil demandé "
            f"{len(times)} fois sans pause : médiane {statistics.median(times):.2f} ms, au pire {max(times):.0f} ms, "
            f"{len(slow)} réponses de plus de 50 ms ({', '.join(f'{elapsed:.0f}' for elapsed in slow)})"
        )

    def measure(self, site, pages, before_each=None):
        """Each page and its static file, one request each in turn, so that a change of machine speed hits both.

        `before_each` runs before each request of a page, untimed. The static file is asked for twice after the page,
        timed the second time only: a page missed in the cache is kept there once sent, and the process would
        otherwise make the static file wait for that.
        """
        results = []
        for label, value in pages.items():
            if label == "static":
                continue
            urls, cookies, (static_url, static_size), size = value
            for url in urls[:ROUNDS]:  # warm-up: what a page in service has in its cache
                site.timed_get(url, cookies)
            page_times, static_times = [], []
            for index in range(ROUNDS):
                if before_each:
                    before_each()
                page_times.append(site.timed_get(urls[index % len(urls)], cookies)[0])
                site.timed_get(static_url)
                static_times.append(site.timed_get(static_url)[0])
            results.append((label, size, page_times, static_url, static_size, static_times))
        return results

    def report_timings(self, results, how):
        self.stdout.write("")
        self.stdout.write(
            f"Par HTTP, pages {how} : une requête à la fois, {ROUNDS} fois chacune, en alternance avec le fichier "
            "statique"
        )
        header = f"{'page':<44} {'octets':>7} {'médiane':>9} {'95e c.':>9} {'statique':>9} {'octets':>7} {'× stat.':>7}"
        self.stdout.write(header)
        for label, size, page_times, _static_url, static_size, static_times in results:
            median, static_median = statistics.median(page_times), statistics.median(static_times)
            self.stdout.write(
                f"{label:<44} {size:>7.0f} {median:>7.2f}ms {_percentile(page_times, 0.95):>7.2f}ms "
                f"{static_median:>7.2f}ms {static_size:>7} {median / static_median:>7.2f}"
            )

    def load(self, site, offer_urls, static_url, bench_dir):
        journey = {
            "commune": bench_data.COMMUNE,
            "theme": bench_data.THEME,
            "answers": bench_data.ANSWERS,
            "offers": offer_urls,
            "static": static_url,
        }
        environment = {**os.environ, "BENCH_JOURNEY": json.dumps(journey)}
        results = []
        for users in LOAD_USERS:
            row = {"users": users}
            for user_class in ("Youth", "StaticFile"):
                self.stdout.write(f"Charge : {users} utilisateurs, {user_class}, {LOAD_SECONDS} s…")
                with tempfile.TemporaryDirectory(dir=bench_dir) as folder:
                    prefix = Path(folder) / "locust"
                    subprocess.run(
                        [
                            sys.executable,
                            "-m",
                            "locust",
                            "--locustfile",
                            str(LOCUSTFILE),
                            "--headless",
                            "--host",
                            f"http://{HOST}:{site.port}",
                            "--users",
                            str(users),
                            "--spawn-rate",
                            str(users),
                            "--run-time",
                            f"{LOAD_SECONDS}s",
                            "--stop-timeout",
                            "10",
                            "--csv",
                            str(prefix),
                            "--only-summary",
                            "--loglevel",
                            "ERROR",
                            "--exit-code-on-error",
                            "0",
                            user_class,
                        ],
                        cwd=settings.BASE_DIR,
                        env=environment,
                        check=True,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        timeout=LOAD_SECONDS + 60,
                    )
                    row[user_class] = self.locust_totals(prefix)
            results.append(row)
        return results

    def locust_totals(self, prefix):
        with open(f"{prefix}_stats.csv") as stats:
            header, *rows = [line.rstrip("\n").split(",") for line in stats]
        total = dict(zip(header, next(row for row in rows if row[header.index("Name")] == "Aggregated"), strict=True))
        return {
            "requests": int(total["Request Count"]),
            "failures": int(total["Failure Count"]),
            "throughput": float(total["Requests/s"]),
            "p95": float(total["95%"]),
        }

    def report_load(self, results):
        self.stdout.write("")
        self.stdout.write(
            f"En charge ({LOAD_SECONDS} s par palier, sans temps de réflexion) : parcours du jeune "
            "(accueil, autocomplétion, commune, questionnaire, résultats, offre, 1 demande sur 20) et fichier statique"
        )
        self.stdout.write(
            f"{'utilisateurs':>12} {'parcours req/s':>15} {'95e c.':>9} {'erreurs':>8} {'requêtes':>9}   "
            f"{'statique req/s':>15} {'95e c.':>9} {'erreurs':>8}"
        )
        for row in results:
            youth, static = row["Youth"], row["StaticFile"]
            self.stdout.write(
                f"{row['users']:>12} {youth['throughput']:>15.1f} {youth['p95']:>7.0f}ms {youth['failures']:>8} "
                f"{youth['requests']:>9}   {static['throughput']:>15.1f} {static['p95']:>7.0f}ms "
                f"{static['failures']:>8}"
            )

    def report_weights(self, weights):
        self.stdout.write("")
        self.stdout.write("Poids des pages dans Chromium (cache vide, puis seconde visite)")
        self.stdout.write(
            f"{'page':<20} {'1re visite':>11} {'requêtes':>9} {'2e visite':>10} {'requêtes':>9} {'statiques':>10}"
        )
        for label, (first, repeat) in weights.items():
            self.stdout.write(
                f"{label:<20} {first.kilobytes:>8.1f} Ko {first.requests:>9} {repeat.kilobytes:>7.1f} Ko "
                f"{repeat.requests:>9} {repeat.static_requests:>10}"
            )

"""The cluster test itself, run by `run.py` on the client host once the network is built: it starts every host,
loads the data, then breaks the cluster four times under a steady load and checks that nothing was lost nor sent
twice (see `report.py`). Exits 1 on any loss or duplicate."""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import django

from tests.cluster import network, services
from tests.cluster.services import LOG_DIR, PYTHON, Process, wait_until
from tests.cluster.youth import Youth

COMMUNE, THEME = "51454", "emploi"  # Reims, in the Grand Reims demo territory
ANSWERS = {
    1: {"age": "20", "situation": "job_seeker"},
    2: {"looking_for": ["job"], "diploma": "none"},
    3: {"driving_licence": "no", "disability": "no", "followed_by": ["mission_locale"]},
}
# The communes of the demo's territories and organisations (Marne, Moselle, Paris, Essonne): all 35,000 would
# take minutes to load and change nothing to what breaks.
DEPARTMENTS = ["--department=51", "--department=57", "--department=75", "--department=91"]
USERS = 8
WEB_HOSTS = ["web1", "web2"]
WORKER_HOSTS = ["worker1", "worker2"]


@dataclass
class Phase:
    name: str
    start: float = 0.0
    end: float = 0.0
    load: dict = field(default_factory=dict)
    accepted: list[str] = field(default_factory=list)
    # What the harness itself sent (burst, probes): requests and errors, beside the load's.
    extra_requests: int = 0
    extra_errors: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Cluster:
    def __init__(self):
        self.env = dict(os.environ)
        self.processes: dict[str, Process] = {}
        self.journey: dict = {}

    def start(self, process: Process) -> Process:
        self.processes[process.name] = process.start()
        return process

    def manage(self, *args, env=None, log="preparation") -> subprocess.Popen:
        """A management command on the client host, in the background; its output in LOG_DIR/<log>.log."""
        with open(LOG_DIR / f"{log}.log", "a") as output:
            argv = [PYTHON, "manage.py", *args]
            return subprocess.Popen(argv, cwd=services.BASE_DIR, env=env or self.env, stdout=output, stderr=output)

    def prepare(self):
        """PostgreSQL, Redis and the provider; the schema, the demo's communes and data; the static files."""
        self.start(services.database(self.env))
        self.start(services.redis(self.env))
        self.start(services.provider(self.env))
        bin_dir = services.postgres_bin()
        ready = [bin_dir / "pg_isready", "-q", "-h", network.address("db")]
        wait_until("PostgreSQL", lambda: subprocess.run(ready).returncode == 0)
        subprocess.run([bin_dir / "createdb", "-h", network.address("db"), "-U", "postgres", "boussole"], check=True)
        # Loaded as an operator would, by hand: demo e-mails stay out of the count.
        loading = {**self.env, "REDIS_URL": "", "EMAIL_PROVIDER": "locmem", "SMS_PROVIDER": "locmem"}
        statics = self.manage("collectstatic", "--no-input", "-v0", log="collectstatic")
        for command in (["migrate", "--no-input", "-v0"], ["import_communes", *DEPARTMENTS], ["load_demo"]):
            started = time.monotonic()
            if self.manage(*command, env=loading).wait():
                raise RuntimeError(f"{command[0]} a échoué (journal : {LOG_DIR}/preparation.log)")
            print(f"  {command[0]} : {time.monotonic() - started:.0f} s", flush=True)
        if statics.wait():
            raise RuntimeError(f"collectstatic a échoué (journal : {LOG_DIR}/collectstatic.log)")

    def start_hosts(self):
        for host in WEB_HOSTS:
            self.start(services.web(host, self.env))
        for host in WORKER_HOSTS:
            self.start(services.worker(host, self.env))
        self.start(services.beat("beat", "beat", self.env))
        self.start(services.load_balancer(self.env, WEB_HOSTS))
        for host in WEB_HOSTS:
            self.wait_web(host)
        wait_until("le répartiteur", lambda: services.http_status(f"{services.SITE}/sante/") == 200)
        for name in [*WORKER_HOSTS, "beat"]:
            marker = "ready." if name in WORKER_HOSTS else "beat: Starting"
            wait_until(f"Celery ({name})", lambda name=name, marker=marker: marker in self.log(name), timeout=60)

    def wait_web(self, host):
        url = f"http://{network.address(host)}:{services.WEB_PORT}/sante/"
        wait_until(f"gunicorn ({host})", lambda: services.http_status(url) == 200, timeout=60)

    def log(self, name: str, since: int = 0) -> str:
        return self.processes[name].log_since(since)

    def read_journey(self):
        from offers.matching import open_territories_for
        from offers.models import Offer
        from questionnaires.models import Theme
        from territories.models import Commune

        commune, theme = Commune.objects.get(insee_code=COMMUNE), Theme.objects.get(slug=THEME)
        territories = list(open_territories_for(commune, theme).values_list("pk", flat=True))
        offers = Offer.objects.live().filter(theme=theme).reaching(commune, territories).order_by("pk")
        reached = [offer for offer in offers if offer.alert_recipients()]
        if not reached:
            raise RuntimeError(f"aucune offre {THEME} pour la commune {COMMUNE} dans les données de démonstration")
        self.journey = {
            "commune": COMMUNE,
            "theme": THEME,
            "answers": ANSWERS,
            "offers": [{"pk": offer.pk, "url": f"{offer.get_absolute_url()}?commune={COMMUNE}"} for offer in reached],
        }

    def load(self, phase: Phase, seconds: int) -> subprocess.Popen:
        """Starts the steady load for `seconds`, in the background; `finish_load` waits for it."""
        number = phase.name.split(".")[0]
        phase.load = {"prefix": LOG_DIR / f"locust-{number}", "accepted": LOG_DIR / f"accepted-{number}.txt"}
        environment = {
            **self.env,
            "CLUSTER_JOURNEY": json.dumps(self.journey),
            "CLUSTER_ACCEPTED": str(phase.load["accepted"]),
        }
        argv = [PYTHON, "-m", "locust", "--locustfile", "tests/cluster/locustfile.py", "--headless"]
        argv += ["--host", services.SITE, "--users", str(USERS), "--spawn-rate", str(USERS)]
        argv += ["--run-time", f"{seconds}s", "--stop-timeout", "10", "--csv", str(phase.load["prefix"])]
        argv += ["--only-summary"]
        argv += ["--loglevel", "ERROR", "--exit-code-on-error", "0"]
        with open(LOG_DIR / "locust.log", "a") as output:
            return subprocess.Popen(argv, cwd=services.BASE_DIR, env=environment, stdout=output, stderr=output)

    def finish_load(self, phase: Phase, running: subprocess.Popen):
        running.wait(timeout=120)
        with open(f"{phase.load['prefix']}_stats.csv") as stats:
            header, *rows = [line.rstrip("\n").split(",") for line in stats]
        total = dict(zip(header, next(row for row in rows if row[header.index("Name")] == "Aggregated"), strict=True))
        phase.load.update(requests=int(total["Request Count"]), errors=int(total["Failure Count"]))
        accepted = phase.load["accepted"]
        phase.accepted += accepted.read_text().split() if accepted.exists() else []

    def submit_many(self, emails: list[str], offers: list[int], threads: int = 10) -> list[str]:
        """Contact requests sent at once by the harness (each its own youth); returns each outcome."""

        def one(index_email):
            index, email = index_email
            return Youth().ask_to_be_contacted(offer_pk=offers[index % len(offers)], commune=COMMUNE, email=email)

        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(one, enumerate(emails)))


def run_phase(cluster: Cluster, phase: Phase, seconds: int, fault):
    phase.start = time.time()
    supervised = {name: process.log_size() for name, process in cluster.processes.items() if process.supervised}
    running = cluster.load(phase, seconds)
    try:
        fault(cluster, phase)
    finally:
        cluster.finish_load(phase, running)
        phase.end = time.time()
    for name, offset in supervised.items():
        if restarts := cluster.processes[name].restarts_since(offset):
            phase.notes.append(f"{name} s’est arrêté et a été relancé par son superviseur ({restarts} fois)")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boussole.settings")
    django.setup()
    from tests.cluster import faults, report

    cluster = Cluster()
    started = time.monotonic()
    print("Préparation : PostgreSQL, Redis, fournisseur d’e-mails, données de démonstration, fichiers statiques…")
    cluster.prepare()
    cluster.read_journey()
    print(f"Hôtes : {', '.join(network.HOSTS)} ({time.monotonic() - started:.0f} s)")
    cluster.start_hosts()
    print(f"Grappe prête ({time.monotonic() - started:.0f} s) ; charge : {USERS} jeunes en parcours continu.")
    phases = []
    for name, seconds, fault in faults.PLAN:
        phase = Phase(name)
        print(f"  {name}…", flush=True)
        run_phase(cluster, phase, seconds, fault)
        phases.append(phase)
    print("Attente de l’envoi de tous les e-mails…", flush=True)
    report.wait_for_outbox(phases[0].start)
    if os.environ.get("CLUSTER_SEND_TWICE") == "1":
        faults.send_one_email_twice()
    ok = report.check(phases)
    print(f"Durée : {time.monotonic() - started:.0f} s. Journaux : {LOG_DIR}/")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)  # run.py tears the cluster down

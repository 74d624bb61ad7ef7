"""What runs on each host of the cluster, started as production starts it: PostgreSQL and Redis of their own, the
provider's API, gunicorn with gunicorn.conf.py and the production settings, Celery workers and beat, HAProxy."""

import glob
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.cluster import brevo
from tests.cluster.network import address, on

BASE_DIR = Path(__file__).resolve().parents[2]
# PostgreSQL's files and the sockets: outside the checkout, readable by the postgres user, removed at the end.
RUN_DIR = Path("/tmp/boussole-cluster")
# Logs of every host, kept after the run to read what happened.
LOG_DIR = BASE_DIR / ".cluster"
PYTHON = sys.executable
SITE = f"http://{address('lb')}"
WEB_PORT = 8000
BREVO_PORT = 80


def environment() -> dict[str, str]:
    """The settings of every host: production's, pointed at the cluster's own database, Redis and provider."""
    kept = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TERM") if name in os.environ}
    return {
        **kept,
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": SITE,
        "ALLOWED_HOSTS": address("lb"),
        "BEHIND_PROXY": "true",
        "TRUSTED_PROXY_COUNT": "1",
        "FORWARDED_ALLOW_IPS": address("lb"),
        "STATIC_COLLECTED": "true",
        "DATABASE_URL": f"postgres://postgres@{address('db')}:5432/boussole",
        "REDIS_URL": f"redis://{address('redis')}:6379/0",
        "EMAIL_PROVIDER": "brevo",
        "ANYMAIL_BREVO_API_KEY": brevo.API_KEY,
        "ANYMAIL_BREVO_API_URL": f"http://{address('brevo')}:{BREVO_PORT}/v3/",
        "SMS_PROVIDER": "brevo",
        "SMS_BREVO_API_URL": f"http://{address('brevo')}:{BREVO_PORT}/v3",
        # A lost task is handed again after a minute rather than five: the test waits for it.
        "EMAIL_REQUEUE_AFTER_MINUTES": "1",
        "SMS_REQUEUE_AFTER_MINUTES": "1",
        # Every simulated youth comes from the client host's one address.
        "REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR": "1000000",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "INFO",
    }


# What a host's process manager does (systemd's Restart=always, a platform's restart of a crashed container): a
# program that exits is started again two seconds later, and the log says so.
SUPERVISE = 'while true; do "$@"; echo "{marker} $? : relancé dans 2 s"; sleep 2; done'
RESTARTED = "superviseur : arrêté avec le code"


class Process:
    """One program on one host, its output in LOG_DIR/<name>.log; started again when it exits, if supervised."""

    def __init__(self, name: str, host: str, argv: list, env: dict[str, str], *, user=None, supervised=False):
        self.name, self.host, self.argv, self.env, self.user = name, host, argv, env, user
        self.supervised = supervised
        self.log = LOG_DIR / f"{name}.log"
        self.popen = None

    def start(self):
        assert not self.alive(), f"{self.name} tourne déjà"
        as_user = ["runuser", "-u", self.user, "--"] if self.user else []
        supervisor = ["sh", "-c", SUPERVISE.format(marker=RESTARTED), "supervise"] if self.supervised else []
        with open(self.log, "a") as log:
            self.popen = subprocess.Popen(
                [*on(self.host), *as_user, *supervisor, *self.argv],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout=15):
        if self.alive():
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def restarts_since(self, offset: int) -> int:
        return self.log_since(offset).count(RESTARTED) if self.log.exists() else 0

    def log_since(self, offset: int) -> str:
        with open(self.log, errors="replace") as log:
            log.seek(offset)
            return log.read()


def wait_until(what: str, check, timeout: float = 60, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} : toujours pas prêt après {timeout:.0f} s")
        time.sleep(every)


def http_status(url: str, timeout: float = 3) -> int:
    request = urllib.request.Request(url, headers={"Host": address("lb")})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL n’est pas installé (/usr/lib/postgresql/*/bin/initdb)")
    return Path(found[-1]).parent


def database(env) -> Process:
    """A private PostgreSQL cluster, made here and owned by the postgres user, not the machine's own server."""
    bin_dir, data = postgres_bin(), RUN_DIR / "postgres"
    sockets = RUN_DIR / "sockets"
    for folder in (data, sockets):
        folder.mkdir(mode=0o700)
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        ["runuser", "-u", "postgres", "--", bin_dir / "initdb", "-D", data, "-U", "postgres", "-A", "trust"]
        + ["-E", "UTF8", "--no-sync"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(data / "pg_hba.conf", "a") as hba:
        hba.write(f"host all all {address('db').rsplit('.', 1)[0]}.0/24 trust\n")
    settings = {"listen_addresses": address("db"), "unix_socket_directories": sockets, "fsync": "off"}
    options = [part for name, value in settings.items() for part in ("-c", f"{name}={value}")]
    return Process("postgres", "db", [bin_dir / "postgres", "-D", data, *options], env, user="postgres")


def redis(env) -> Process:
    argv = ["redis-server", "--bind", address("redis"), "--port", "6379", "--protected-mode", "no"]
    # Nothing kept on disk: a restarted Redis comes back empty, its queue and its counts lost.
    argv += ["--save", "", "--appendonly", "no", "--dir", str(RUN_DIR)]
    return Process("redis", "redis", argv, env)


def provider(env) -> Process:
    argv = [PYTHON, "-m", "tests.cluster.brevo", address("brevo"), str(BREVO_PORT), str(LOG_DIR / "brevo.jsonl")]
    return Process("brevo", "brevo", argv, env)


def web(host: str, env) -> Process:
    argv = [PYTHON, "-m", "gunicorn", "boussole.wsgi", "--config", "gunicorn.conf.py"]
    argv += ["--bind", f"{address(host)}:{WEB_PORT}"]
    return Process(host, host, argv, env)


def worker(host: str, env) -> Process:
    argv = [PYTHON, "-m", "celery", "--app", "boussole", "worker", "--concurrency", "2", "--loglevel", "INFO"]
    argv += ["--hostname", f"{host}@cluster", "--without-mingle", "--without-gossip"]
    return Process(host, host, argv, env, supervised=True)


def beat(name: str, host: str, env) -> Process:
    argv = [PYTHON, "-m", "celery", "--app", "boussole", "beat", "--loglevel", "INFO"]
    argv += ["--pidfile", str(RUN_DIR / f"{name}.pid")]
    return Process(name, host, argv, env, supervised=True)


HAPROXY = """global
    maxconn 1000
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout check 3s
    # A web host that refuses the connection (dead): the request goes to the other one.
    retries 2
    option redispatch
    option forwardfor
frontend site
    bind {lb}:80
    default_backend web
backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri /sante/ ver HTTP/1.1 hdr Host {lb}
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
{servers}
"""


def load_balancer(env, web_hosts) -> Process:
    servers = "\n".join(f"    server {host} {address(host)}:{WEB_PORT} check" for host in web_hosts)
    config = RUN_DIR / "haproxy.cfg"
    config.write_text(HAPROXY.format(lb=address("lb"), servers=servers))
    return Process("haproxy", "lb", ["haproxy", "-db", "-f", str(config)], env)

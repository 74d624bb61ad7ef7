"""Gunicorn settings for every deployment (Procfile, Dockerfile, docker compose): read from the current folder."""

import multiprocessing
import os
import sys

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Platforms set WEB_CONCURRENCY to what the container may use; otherwise, the usual two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A request that takes longer than this is a bug: the worker is killed and replaced rather than left hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind the platform's reverse proxy, which keeps connections open.
keepalive = 5
# Workers are replaced now and then, so that memory held by one long-lived process does not grow without bound; the
# jitter keeps several workers from being replaced at the same time.
max_requests = 2000
max_requests_jitter = 200
# The application is loaded and warmed up once, in the master, before it forks its workers: a replaced worker answers
# at once instead of loading Django and compiling the templates again (a second or more without service with a single
# worker). See boussole/warmup.py, measured by `manage.py bench_http`.
preload_app = True


def when_ready(server):
    from boussole.warmup import warm_up

    warm_up()


def worker_exit(server, worker):
    """A worker leaves without tearing down Python's objects one by one (a second under load, during which the master
    cannot replace it): its logs are flushed, and the system closes its connections."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# Access log on stdout: time, method, path without query string nor tokens, status, bytes, duration. No address or
# browser of the visitor: the youth's personal data never goes into logs.
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'
logger_class = "boussole.access_log.AccessLogger"
errorlog = "-"
# The proxy in front says which requests came over HTTPS (Django reads X-Forwarded-Proto, see SITE_URL).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

"""A Redis server that hangs (frozen, not stopped) does not take the site down: pages and the form still answer."""

import datetime
import io
import os
import signal
import socket
import subprocess
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact_requests.models import ContactRequest
from notifications.enums import EmailStatus
from notifications.models import Email
from notifications.tasks import requeue_unsent
from tests.conftest import REAL_WORKER_MARKS, celery_conf, load_reference_data, wait_for_status
from tests.contact_requests.test_views import form_data, form_url

pytestmark = REAL_WORKER_MARKS


@pytest.fixture(autouse=True)
def reference_data():
    """Tests on a committed database flush it when they end: what they need is loaded again."""
    load_reference_data()
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own, which it may freeze; its URL."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def site_on(private_redis, settings):
    """The web process uses the private server as its cache and its broker, as in production with REDIS_URL."""
    process, url = private_redis
    # REDIS_URL is set (REAL_WORKER_MARKS): the cache is Redis, with the production options; only its server changes.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    with celery_conf(broker_url=url, result_backend=url, task_always_eager=False):
        yield process, url


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_with_redis_frozen_the_site_answers_and_the_emails_leave_once_after(
    client, offer, worker, tmp_path, site_on, settings
):
    process, url = site_on
    assert client.get(reverse("home")).status_code == 200
    data = form_data(client, offer, email="lea@example.fr")
    os.kill(process.pid, signal.SIGSTOP)

    home, home_seconds = timed(lambda: client.get(reverse("home")))
    health, health_seconds = timed(lambda: client.get(reverse("health")))
    sent, sent_seconds = timed(lambda: client.post(form_url(offer), data))

    timings = {"home": home_seconds, "health": health_seconds, "form": sent_seconds}
    assert home.status_code == 200 and home_seconds < 5, timings
    assert health.status_code == 200 and health.json()["broker"].startswith("erreur") and health_seconds < 2, timings
    assert sent.status_code == 302 and sent_seconds < 5, timings
    request = ContactRequest.objects.get()
    emails = list(Email.objects.related_to(request))
    assert [email.status for email in emails] == [EmailStatus.QUEUED, EmailStatus.QUEUED]
    assert "Ta demande est envoyée" in client.get(sent.url).content.decode()

    os.kill(process.pid, signal.SIGCONT)
    outbox = tmp_path / "sent"
    outbox.mkdir()
    queue = worker(REDIS_URL=url, EMAIL_PROVIDER="file", EMAIL_FILE_PATH=str(outbox))
    with celery_conf(task_default_queue=queue):
        assert requeue_unsent(now=timezone.now() + datetime.timedelta(minutes=10)) == 2
        for email in emails:
            wait_for_status(email, EmailStatus.SENT)
        # The sweep runs again: nothing is sent twice.
        assert requeue_unsent(now=timezone.now() + datetime.timedelta(minutes=20)) == 0

    assert len(list(outbox.iterdir())) == 2

"""A youth's request through a real Celery worker and Redis: its emails go out once, even after a broker outage."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact_requests.models import ContactRequest
from notifications.enums import EmailStatus
from notifications.models import Email
from notifications.tasks import requeue_unsent
from tests.conftest import REAL_WORKER_MARKS, celery_conf, load_reference_data, wait_for_status
from tests.contact_requests.test_views import form_data, form_url
from tests.notifications.conftest import UNREACHABLE_BROKER

pytestmark = REAL_WORKER_MARKS


@pytest.fixture(autouse=True)
def reference_data():
    """Tests on a committed database flush it when they end: what they need is loaded again."""
    load_reference_data()
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())


def sent_files(folder):
    return sorted(path.read_text() for path in folder.iterdir())


def test_a_submitted_request_sends_exactly_one_alert_and_one_acknowledgement(client, offer, worker, tmp_path):
    queue = worker(EMAIL_PROVIDER="file", EMAIL_FILE_PATH=str(tmp_path))

    with celery_conf(task_default_queue=queue):
        response = client.post(form_url(offer), form_data(client, offer, email="lea@example.fr"))

        assert response.status_code == 302
        request = ContactRequest.objects.get()
        emails = list(Email.objects.related_to(request))
        assert sorted(email.kind for email in emails) == ["contact_request_acknowledgement", "contact_request_alert"]
        for email in emails:
            wait_for_status(email, EmailStatus.SENT)

    files = sent_files(tmp_path)
    assert len(files) == 2
    recipients = sorted(re.search(r"^To: (.+)$", text, re.MULTILINE).group(1) for text in files)
    assert recipients == ["accueil@ml-reims.example.fr", "lea@example.fr"]


def test_with_the_broker_down_the_youth_is_answered_and_the_emails_leave_once_it_is_back(
    client,
    offer,
    worker,
    tmp_path,
):
    with celery_conf(broker_url=UNREACHABLE_BROKER, task_always_eager=False):
        response = client.post(form_url(offer), form_data(client, offer, email="lea@example.fr"))

    assert response.status_code == 302
    assert "Ta demande est envoyée" in client.get(response.url).content.decode()
    request = ContactRequest.objects.get()
    emails = list(Email.objects.related_to(request))
    assert [email.status for email in emails] == [EmailStatus.QUEUED, EmailStatus.QUEUED]
    assert not list(tmp_path.iterdir())

    queue = worker(EMAIL_PROVIDER="file", EMAIL_FILE_PATH=str(tmp_path))
    with celery_conf(task_default_queue=queue):
        assert requeue_unsent(now=timezone.now() + datetime.timedelta(minutes=10)) == 2
        for email in emails:
            wait_for_status(email, EmailStatus.SENT)

    assert len(sent_files(tmp_path)) == 2

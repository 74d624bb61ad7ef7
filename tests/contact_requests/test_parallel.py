"""Submissions sent at the same instant, each in its own thread and database connection, as gunicorn workers do."""

import io
import threading
import uuid
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from contact_requests.models import ContactRequest
from tests.conftest import load_reference_data
from tests.contact_requests.test_views import form_url

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writes need PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def reference_data():
    """Tests on a committed database flush it when they end: what they need is loaded again."""
    load_reference_data()
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())


def test_twenty_parallel_submissions_from_one_address_pass_the_limit_of_five_no_more(offer, settings):
    settings.REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR = 5
    start = threading.Barrier(20)
    statuses = []

    def submit(number):
        try:
            data = {
                "submission_key": str(uuid.uuid4()),
                "preferred_channel": "email",
                "consent": "on",
                "website": "",
                "email": f"jeune{number}@example.fr",
            }
            start.wait()
            statuses.append(Client().post(form_url(offer), data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=[number]) for number in range(20)]
    # The emails stay in the outbox: Celery's eager mode keeps process-wide state that parallel threads would corrupt.
    with mock.patch("notifications.emails.enqueue_email"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(statuses) == [200] * 15 + [302] * 5
    assert ContactRequest.objects.count() == 5

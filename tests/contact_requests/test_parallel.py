"""Submissions and clicks sent at the same instant, each in its own thread and database connection, as gunicorn
workers do."""

import contextlib
import datetime
import io
import threading
import time
import uuid
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contact_requests.emails import (
    AnimatorReminder,
    RequestAlert,
    RequestClosedWithoutContact,
    RequestWithdrawn,
    TrackingLinkAgain,
)
from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest
from notifications.models import Email
from offers.emails import OfferPublished
from offers.models import Offer
from questionnaires.models import Theme
from tests.backoffice.factories import make_member
from tests.conftest import load_reference_data
from tests.contact_requests.factories import make_request
from tests.contact_requests.test_views import form_url
from tests.offers.factories import OfferFactory, OrganisationFactory

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


@contextlib.contextmanager
def row_held(model, pk, *, waiters: int):
    """Holds the row locked until `waiters` other connections wait for it, then lets them go at once: two clicks that
    reach the database together, whatever the order of the threads."""
    with transaction.atomic():
        model.objects.select_for_update().get(pk=pk)
        yield
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                # Within a transaction, PostgreSQL shows the same view of the activity until told to read it again.
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0] >= waiters:
                    return
            time.sleep(0.05)
        raise AssertionError(f"{waiters} connections never waited for the row")


def twice_at_once(post, *, hold):
    """Two threads post at the same instant, each with its own database connection; returns their statuses."""
    statuses = []

    def click():
        try:
            statuses.append(post())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    # The emails stay in the outbox: Celery's eager mode keeps process-wide state that parallel threads would corrupt.
    with mock.patch("notifications.emails.enqueue_email"):
        with hold:
            for thread in threads:
                thread.start()
        for thread in threads:
            thread.join()
    return statuses


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def waiting_request(offer):
    return make_request(offer, now=timezone.now() - datetime.timedelta(days=1), email="lea@example.fr")


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("close", RequestClosedWithoutContact.kind),
        ("take_over", RequestClosedWithoutContact.kind),
        ("withdraw", RequestWithdrawn.kind),
        ("remind", AnimatorReminder.kind),
    ],
)
def test_two_clicks_at_once_do_it_once_and_send_one_email(waiting_request, territory, action, kind):
    request = waiting_request
    animator = territory.animators.get()
    member = make_member(request.organisation, email="pro@ml-reims.example.fr")
    posts = {
        "close": lambda: logged_in(member).post(
            reverse("backoffice:request_close", args=[request.pk]), {"outcome": "not_reachable"}
        ),
        "take_over": lambda: logged_in(animator).post(
            reverse("backoffice:request_take_over", args=[request.pk]),
            {"reprise-outcome": "not_reachable", "reprise-comment": "Trois appels sans réponse."},
        ),
        "withdraw": lambda: Client().post(
            reverse("contact_requests:youth_action", args=[request.tracking_token(), "annuler"]), {"confirme": "oui"}
        ),
        "remind": lambda: logged_in(animator).post(reverse("backoffice:request_remind", args=[request.pk])),
    }

    statuses = twice_at_once(lambda: posts[action]().status_code, hold=row_held(ContactRequest, request.pk, waiters=2))

    assert statuses == [302, 302]
    assert Email.objects.filter(kind=kind).count() == 1
    finished = {"close": EventKind.CLOSED, "take_over": EventKind.CLOSED, "withdraw": EventKind.WITHDRAWN}
    done = finished.get(action, EventKind.ORGANISATION_REMINDED)
    assert request.events.filter(kind=done).count() == 1


def test_two_animators_publishing_at_once_publish_once(territory):
    organisation = OrganisationFactory(territories=[territory], signed_charter=True)
    offer = OfferFactory(
        organisation=organisation, theme=Theme.objects.get(slug="emploi"), territories=[territory], status="submitted"
    )
    animator = territory.animators.get()
    url = reverse("backoffice:offer_publish", args=[offer.pk])

    statuses = twice_at_once(
        lambda: logged_in(animator).post(url).status_code, hold=row_held(Offer, offer.pk, waiters=2)
    )

    assert statuses == [302, 302]
    assert Email.objects.filter(kind=OfferPublished.kind).count() == 1


def test_ten_identical_submissions_at_once_make_one_request(offer, settings):
    """The same request sent from ten tabs (ten forms, ten keys) reaching the database together: one request, one
    alert, one private link sent again; all ten land on the same page, which says nothing of an earlier request."""
    settings.REQUEST_RATE_LIMIT_PER_HOUR = 100
    start = threading.Barrier(10)
    statuses = []

    def submit():
        try:
            data = {
                "submission_key": str(uuid.uuid4()),
                "preferred_channel": "email",
                "consent": "on",
                "website": "",
                "email": "lea@example.fr",
            }
            start.wait()
            response = Client().post(form_url(offer), data)
            statuses.append((response.status_code, response.get("Location", "").split("?")[0]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    with mock.patch("notifications.emails.enqueue_email"), row_held(Offer, offer.pk, waiters=10):
        for thread in threads:
            thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [(302, reverse("contact_requests:sent", args=[offer.pk]))] * 10
    assert ContactRequest.objects.count() == 1
    assert Email.objects.filter(kind=RequestAlert.kind).count() == 1
    assert Email.objects.filter(kind=TrackingLinkAgain.kind).count() == 1

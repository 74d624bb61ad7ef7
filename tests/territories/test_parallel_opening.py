"""Two staff members (or one double click) opening the same territory at the same instant, each in its own thread and
database connection, as gunicorn workers do: it opens once and each registered youth gets one email."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from notifications.models import Email
from territories.emails import TerritoryOpened
from territories.enums import TerritoryStatus
from territories.models import OpeningAlert, Territory
from tests.conftest import load_reference_data
from tests.contact_requests.test_parallel import logged_in, row_held, twice_at_once
from tests.territories.factories import TerritoryFactory
from tests.territories.test_opening import make_ready

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writes need PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def reference_data():
    """Tests on a committed database flush it when they end: what they need is loaded again."""
    load_reference_data()
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())


def test_two_clicks_at_once_open_the_territory_once_and_send_each_email_once():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"], themes=["emploi"], engaged=True)
    make_ready(territory)
    for email in ["lea@example.fr", "sami@example.fr"]:
        OpeningAlert.objects.register(territory=territory, email=email, at=territory.created_at)
    staff = get_user_model().objects.create_user(email="national@example.fr", password="x", is_staff=True)
    url = reverse("backoffice:territory_open", args=[territory.pk])

    def click():
        page = logged_in(staff).post(url, follow=True).content.decode()
        return "opened" if "est ouvert aux jeunes depuis aujourd’hui" in page else "already open"

    outcomes = twice_at_once(click, hold=row_held(Territory, territory.pk, waiters=2))

    assert sorted(outcomes) == ["already open", "opened"]
    assert Territory.objects.get(pk=territory.pk).status == TerritoryStatus.OPEN
    recipients = sorted(Email.objects.filter(kind=TerritoryOpened.kind).values_list("recipients", flat=True))
    assert recipients == [["lea@example.fr"], ["sami@example.fr"]]
    assert not OpeningAlert.objects.exists()

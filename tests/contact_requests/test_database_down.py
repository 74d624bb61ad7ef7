"""The youth's contact form while PostgreSQL refuses connections (a restart, a failover): the form comes back with
everything typed, and sending it again once the database is back makes the request."""

import contextlib
import html
import io
import re
import socket

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from contact_requests.models import ContactRequest
from tests.conftest import load_reference_data
from tests.contact_requests.test_views import form_data, form_url

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a refused connection needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

TYPED = {
    "first_name": "Léa",
    "email": "lea.martin@example.fr",
    "phone": "06 12 34 56 78",
    "preferred_channel": "sms",
    "message": "Je cherche un job d’été près de Reims, plutôt le matin.",
}


@pytest.fixture(autouse=True)
def reference_data():
    """Tests on a committed database flush it when they end: what they need is loaded again."""
    load_reference_data()
    call_command("import_communes", departments=["51"], verbosity=0, stdout=io.StringIO())


@contextlib.contextmanager
def database_refusing_connections():
    """Points the connection at a port where nothing listens: each query then meets "connection refused", as during
    a restart of PostgreSQL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings_dict = connection.settings_dict
    host, port = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(closed_port)
    try:
        yield
    finally:
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = host, port


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_form_comes_back_with_everything_typed_and_sends_once_the_database_is_back(offer, caplog):
    client = Client(enforce_csrf_checks=True)
    data = form_data(client, offer, **TYPED)
    data["csrfmiddlewaretoken"] = csrf_token(client.get(form_url(offer)).content.decode())

    with database_refusing_connections():
        response = client.post(form_url(offer), data)

    page = html.unescape(response.content.decode())
    assert response.status_code == 503
    assert "Ta demande n’est pas encore envoyée" in page
    assert "réessaie dans un instant" in page
    for value in (*TYPED.values(), data["submission_key"]):
        assert f'value="{value}"' in page or re.search(rf">\s*{re.escape(value)}</textarea>", page), value
    assert re.search(r'name="consent"[^>]*checked', page)
    assert re.search(r'name="preferred_channel" value="sms"[^>]*checked', page)
    assert ContactRequest.objects.count() == 0
    # What the youth typed is not written in the logs.
    assert TYPED["email"] not in caplog.text and TYPED["phone"] not in caplog.text

    # The page's own form, sent again as it stands.
    sent = client.post(form_url(offer), {**data, "csrfmiddlewaretoken": csrf_token(page)})

    assert sent.status_code == 302
    request = ContactRequest.objects.get()
    assert (request.email, request.first_name) == (TYPED["email"], TYPED["first_name"])

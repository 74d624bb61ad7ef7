"""The connection kept between requests is checked without a round trip, and replaced when the server closed it."""

import select

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from core.statements import KeptStatement
from territories.models import Region
from tests.conftest import test_database_url

SAMPLE_CODE = "\x1fcode\x1f"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="le contrôle des connexions de PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _wait_readable(timeout_ms=5000):
    waiting = select.poll()
    waiting.register(connection.connection.fileno(), select.POLLIN)
    assert waiting.poll(timeout_ms), "the server sent nothing on the connection"


def _from_another_connection(sql, *params):
    with psycopg.connect(test_database_url(), autocommit=True) as other:
        other.execute(sql, params)


def test_an_idle_connection_in_good_health_is_usable():
    connection.ensure_connection()

    assert connection.is_usable()


def test_a_connection_the_server_closed_is_replaced_before_a_request_uses_it(client):
    connection.ensure_connection()
    closed_backend = connection.connection.info.backend_pid
    _from_another_connection("SELECT pg_terminate_backend(%s)", closed_backend)
    _wait_readable()

    assert not connection.is_usable()
    close_old_connections()  # what the server does when a request starts
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert connection.connection.info.backend_pid != closed_backend


def test_a_message_that_came_while_idle_is_read_and_the_connection_kept():
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("LISTEN health_check_test")
    try:
        _from_another_connection("NOTIFY health_check_test")
        _wait_readable()

        assert connection.is_usable()
        assert connection.connection.info.backend_pid == backend
    finally:
        with connection.cursor() as cursor:
            cursor.execute("UNLISTEN health_check_test")


@pytest.mark.skipif(
    connection.settings_dict["OPTIONS"].get("prepare_threshold") is None,
    reason="DATABASE_PREPARED_STATEMENTS=false : rien n’est préparé",
)
def test_a_statement_kept_as_prepared_is_planned_once_for_every_value():
    statement = KeptStatement.of(
        Region.objects.filter(code=SAMPLE_CODE).values_list("name"), prepared=True, code=SAMPLE_CODE
    )
    unprepared = statement._replace(prepared=False)
    Region.objects.get_or_create(code="11", defaults={"name": "Île-de-France"})
    Region.objects.get_or_create(code="84", defaults={"name": "Auvergne-Rhône-Alpes"})

    for code in ("11", "84", "00", "11"):
        assert statement.rows(code=code) == unprepared.rows(code=code)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%territories_region%"],
        )
        assert cursor.fetchall() == [(4, 0)]

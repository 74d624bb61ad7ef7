from unittest import mock

import pytest
from celery import Celery
from django.db import connection
from django.db.utils import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_health_reports_database_and_broker(client, settings):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "sans courtier (tâches exécutées immédiatement)")


@pytest.mark.django_db
def test_health_answers_503_when_the_database_fails(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json()["database"] == "erreur : OperationalError"


@pytest.mark.django_db
def test_health_reports_an_unreachable_broker(client):
    unreachable = Celery(broker="redis://127.0.0.1:1/0", set_as_current=False)

    with mock.patch("boussole.views.celery_app", unreachable):
        response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["broker"].startswith("erreur")

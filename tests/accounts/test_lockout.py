import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from tests.accounts import helpers
from tests.backoffice.factories import PASSWORD


def log_in(client, password, email="pro@ml-reims.example.fr"):
    return helpers.log_in(client, email, password)


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_for_fifteen_minutes(client, professional):
    for _ in range(4):
        response = log_in(client, "pas le bon")
        assert response.status_code == 200
        assert "Connexion bloquée" not in response.content.decode()

    response = log_in(client, "pas le bon")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Connexion bloquée pour 15 minutes" in html
    assert "La connexion a échoué 5 fois de suite" in html
    assert reverse("password_reset") in html
    # Even the right password is refused while locked.
    assert log_in(client, PASSWORD).status_code == 429
    assert SESSION_KEY not in client.session

    # Sixteen minutes later, the cool-off is over.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = log_in(client, PASSWORD)

    assert response.url == reverse("backoffice:home")
    assert client.session[SESSION_KEY] == str(professional.pk)


@pytest.mark.django_db
def test_failures_on_other_addresses_from_one_place_lock_it_too(client, professional):
    for number in range(5):
        log_in(client, "au hasard", email=f"essai{number}@example.fr")

    assert log_in(client, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_choosing_a_new_password_unlocks_the_account(
    client, professional, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(5):
        log_in(client, "pas le bon")
    assert log_in(client, PASSWORD).status_code == 429

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": professional.email})
    helpers.choose_new_password(client, mailoutbox[0].body, "Encore un autre secret !")

    assert log_in(client, "Encore un autre secret !").url == reverse("backoffice:home")

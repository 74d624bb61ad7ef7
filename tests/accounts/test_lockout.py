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
        assert "Saisissez une adresse e-mail et un mot de passe valides." in response.content.decode()

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


LOAD_BALANCER = "10.0.0.2"
ATTACKER = "203.0.113.5"
PROFESSIONAL_ADDRESS = "198.51.100.7"


def through_proxy(client, password, *, forwarded_for, email="pro@ml-reims.example.fr"):
    """A login through the load balancer: it connects to us and appends the address it saw to X-Forwarded-For."""
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=LOAD_BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_behind_the_proxy_failures_with_random_usernames_lock_nobody_else_out(client, professional, behind_proxy):
    for number in range(5):
        through_proxy(client, "au hasard", email=f"essai{number}@example.fr", forwarded_for=ATTACKER)

    response = through_proxy(client, PASSWORD, forwarded_for=PROFESSIONAL_ADDRESS)

    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


@pytest.mark.django_db
def test_an_attacker_locks_only_their_own_pair_and_a_forged_header_does_not_unlock_it(
    client, professional, behind_proxy
):
    for _ in range(5):
        through_proxy(client, "pas le bon", forwarded_for=ATTACKER)
    assert through_proxy(client, PASSWORD, forwarded_for=ATTACKER).status_code == 429

    # The attacker writes another address in front: the proxy appends the real one, which is the one read.
    forged = through_proxy(client, PASSWORD, forwarded_for=f"{PROFESSIONAL_ADDRESS}, {ATTACKER}")

    assert forged.status_code == 429
    assert SESSION_KEY not in client.session
    assert through_proxy(client, PASSWORD, forwarded_for=PROFESSIONAL_ADDRESS).status_code == 302


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


@pytest.mark.django_db
def test_an_address_longer_than_any_account_gets_the_form_s_error_and_records_nothing(client):
    too_long = "a" * 300 + "@ml-reims.example.fr"

    response = log_in(client, "pas le bon", email=too_long)

    assert response.status_code == 200
    assert "au plus 254 caractères" in response.content.decode()
    assert f'value="{too_long}"' in response.content.decode()
    assert not AccessAttempt.objects.exists()

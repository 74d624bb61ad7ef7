import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY


def set_last_activity(client, seconds_ago):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


@pytest.fixture
def logged_in(client, professional):
    client.force_login(professional)
    return client


@pytest.mark.django_db
def test_after_an_hour_without_activity_the_professional_is_logged_out_and_told_why(logged_in):
    set_last_activity(logged_in, 61 * 60)

    response = logged_in.get(reverse("backoffice:home"))

    assert response.url == f"{reverse('login')}?next={reverse('backoffice:home')}"
    assert SESSION_KEY not in logged_in.session
    html = logged_in.get(response.url).content.decode()
    assert "vous avez été déconnecté·e après 60 minutes sans activité" in html


@pytest.mark.django_db
def test_a_form_sent_after_the_expiry_leads_to_the_login_page(logged_in):
    set_last_activity(logged_in, 61 * 60)

    response = logged_in.post(reverse("logout"))

    assert response.url == reverse("login")
    assert SESSION_KEY not in logged_in.session


@pytest.mark.django_db
def test_the_delay_comes_from_the_settings(logged_in, settings):
    settings.PROFESSIONAL_SESSION_IDLE_MINUTES = 10
    set_last_activity(logged_in, 11 * 60)

    logged_in.get(reverse("backoffice:home"))

    assert SESSION_KEY not in logged_in.session


@pytest.mark.django_db
def test_activity_keeps_the_session_and_is_written_at_most_once_a_minute(logged_in):
    set_last_activity(logged_in, 59 * 60)
    logged_in.get(reverse("backoffice:home"))
    assert SESSION_KEY in logged_in.session
    assert logged_in.session[LAST_ACTIVITY_KEY] >= int(time.time()) - 5

    set_last_activity(logged_in, 30)
    written = logged_in.session[LAST_ACTIVITY_KEY]
    response = logged_in.get(reverse("backoffice:home"))
    assert logged_in.session[LAST_ACTIVITY_KEY] == written
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_a_youth_session_is_left_alone(client):
    session = client.session
    session["journey"] = "emploi"
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert dict(client.session) == {"journey": "emploi"}
    assert settings.SESSION_COOKIE_NAME not in response.cookies

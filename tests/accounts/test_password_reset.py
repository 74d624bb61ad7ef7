from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Email
from tests.accounts.helpers import choose_new_password, log_in, reset_path
from tests.backoffice.factories import PASSWORD

NEW_PASSWORD = "Un tout nouveau mot de passe !"


def ask_for_a_link(client, django_capture_on_commit_callbacks, email):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


@pytest.mark.django_db
def test_the_login_page_leads_to_the_password_reset(client):
    html = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}"' in html
    assert "Mot de passe oublié" in client.get(reverse("password_reset")).content.decode()


@pytest.mark.django_db
def test_a_professional_receives_a_link_through_the_outbox_and_chooses_a_new_password(
    client, professional, django_capture_on_commit_callbacks, mailoutbox
):
    response = ask_for_a_link(client, django_capture_on_commit_callbacks, "PRO@ml-reims.example.fr")

    assert response.url == reverse("password_reset_done")
    assert "Si un compte existe pour cette adresse" in client.get(response.url).content.decode()
    outbox_row = Email.objects.related_to(professional).get()
    assert (outbox_row.kind, outbox_row.status) == ("password_reset", "sent")
    [message] = mailoutbox
    assert message.to == ["pro@ml-reims.example.fr"]
    assert message.subject == "Choisir un nouveau mot de passe pour la Boussole des jeunes"
    assert "Bonjour Camille," in message.body
    assert "Ce lien ne sert qu’une fois et fonctionne pendant 3 jours." in message.body
    assert "Vous n’avez rien demandé ? Ignorez ce message" in message.body
    path = reset_path(message.body)
    assert f'href="{settings.SITE_URL}{path}"' in message.alternatives[0][0]

    form_page = client.get(path, follow=True)
    assert "Choisissez le mot de passe de votre compte pro@ml-reims.example.fr" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.url == reverse("password_reset_complete")
    assert "Votre nouveau mot de passe est enregistré" in client.get(response.url).content.decode()
    assert log_in(client, "pro@ml-reims.example.fr", PASSWORD).status_code == 200
    assert log_in(client, "pro@ml-reims.example.fr", NEW_PASSWORD).url == reverse("backoffice:home")
    # Used once, the link is dead.
    client.post(reverse("logout"))
    assert "Ce lien ne fonctionne plus" in client.get(path, follow=True).content.decode()


@pytest.mark.django_db
def test_the_new_password_must_pass_the_validators(
    client, professional, django_capture_on_commit_callbacks, mailoutbox
):
    ask_for_a_link(client, django_capture_on_commit_callbacks, professional.email)

    response = choose_new_password(client, mailoutbox[0].body, "court")

    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()
    professional.refresh_from_db()
    assert professional.check_password(PASSWORD)


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client, django_capture_on_commit_callbacks, mailoutbox):
    response = ask_for_a_link(client, django_capture_on_commit_callbacks, "inconnu@example.fr")

    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []
    assert not Email.objects.exists()


@pytest.mark.django_db
def test_a_broken_link_says_so_kindly(client):
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"}))

    assert "Ce lien ne fonctionne plus" in response.content.decode()
    assert 'name="new_password1"' not in response.content.decode()


def reset_through_proxy(client, email, *, forwarded_for):
    return client.post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
    )


@pytest.mark.django_db
def test_the_answer_does_not_depend_on_whether_the_account_exists(client, professional):
    """The account is looked up after the answer, by the task: the view does the same work for any address."""
    answers = {}
    for email in ("pro@ml-reims.example.fr", "inconnu@example.fr"):
        with CaptureQueriesContext(connection) as queries, mock.patch("accounts.views._queue_link") as queue:
            response = client.post(reverse("password_reset"), {"email": email})
        answers[email] = (response.status_code, response.url, len(queries), queue.call_count)
        assert not any("accounts_user" in query["sql"] for query in queries.captured_queries)

    assert (
        answers["pro@ml-reims.example.fr"]
        == answers["inconnu@example.fr"]
        == (302, reverse("password_reset_done"), 0, 0)
    )


@pytest.mark.django_db
def test_links_are_throttled_per_account_and_per_address(
    client, professional, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TRUSTED_PROXY_COUNT = 1
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            # Each time from another address: the account's own limit holds.
            reset_through_proxy(client, "pro@ml-reims.example.fr", forwarded_for=f"198.51.100.{number}")
    assert len(mailoutbox) == 3

    for number in range(10):
        assert reset_through_proxy(client, f"essai{number}@example.fr", forwarded_for="203.0.113.5").status_code == 302
    # A forged address in front changes nothing: the proxy's entry, on the right, is the one read.
    refused = reset_through_proxy(client, "autre@example.fr", forwarded_for="192.0.2.1, 203.0.113.5")

    assert refused.status_code == 200
    assert "Trop de demandes de lien depuis cette connexion" in refused.content.decode()
    assert reset_through_proxy(client, "autre@example.fr", forwarded_for="192.0.2.1").status_code == 302

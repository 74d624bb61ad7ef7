"""What the emails to professionals say: enough to act, a link to the request, and no personal data of the youth."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from contact_requests.emails import RequestEscalation, RequestReminder
from contact_requests.enums import EscalationReason
from core.french import with_preposition
from tests.backoffice.factories import PASSWORD, make_member
from tests.contact_requests.factories import make_request

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_10AM = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS)
# What the youth gave: contact details, and answers that may be sensitive (disability, health).
PERSONAL = ["lea@example.fr", "06 12 34 56 78", "+33612345678", "Léa", "Situation", "Je cherche un emploi", "19 ans"]


def sent(email, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        email.queue()
    (message,) = mailoutbox
    return message


def assert_no_personal_data(message):
    for text in (message.subject, message.body, message.alternatives[0][0]):
        for personal in PERSONAL:
            assert personal not in text
        assert "Ses réponses" not in text


@pytest.mark.django_db
def test_the_alert_names_the_request_and_links_to_it_without_any_personal_data(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    (alert,) = [message for message in mailoutbox if message.to == ["accueil@ml-reims.example.fr"]]
    assert_no_personal_data(alert)
    request_url = settings.SITE_URL + reverse("backoffice:request", kwargs={"pk": request.pk})
    # No line break before a colon, nor inside the reference.
    assert f"Référence\u00a0: {request.reference}" in alert.body
    assert (
        f'Référence\u00a0: <span class="boussole-nowrap" style="white-space:nowrap">{request.reference}</span>'
        in (alert.alternatives[0][0])
    )
    assert "Offre\u00a0: Trouver un job d’été (Mission locale de Reims)" in alert.body
    assert f"Commune du ou de la jeune\u00a0: {request.commune.label}" in alert.body
    assert "À contacter au plus tard le\u00a0: vendredi 5 décembre 2025" in alert.body
    assert request_url in alert.body
    html = alert.alternatives[0][0]
    assert re.search(rf'<a href="{re.escape(request_url)}" style="[^"]*">Ouvrir la demande</a>', html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    [
        lambda request: RequestReminder(contact_request=request),
        lambda request: RequestEscalation(contact_request=request),
        lambda request: RequestEscalation(contact_request=request, because=EscalationReason.YOUTH_SAID_SO),
    ],
)
def test_reminders_and_escalations_link_to_the_request_without_any_personal_data(
    email, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=TUESDAY_10AM)

    message = sent(email(request), mailoutbox, django_capture_on_commit_callbacks)

    assert_no_personal_data(message)
    assert request.reference in message.body
    assert settings.SITE_URL + reverse("backoffice:request", kwargs={"pk": request.pk}) in message.body
    assert "Ouvrir la demande</a>" in message.alternatives[0][0]


@pytest.mark.django_db
def test_the_link_of_the_alert_lands_on_the_request_after_login(
    client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)
    make_member(offer.organisation, email="pro@ml-reims.example.fr")
    (alert,) = [message for message in mailoutbox if message.to == ["accueil@ml-reims.example.fr"]]
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", alert.body).group(1)

    to_login = client.get(link)
    assert to_login.status_code == 302
    login_url, _, query = to_login.url.partition("?")
    assert login_url == reverse("login")
    response = client.post(to_login.url, {"username": "pro@ml-reims.example.fr", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("backoffice:request", kwargs={"pk": request.pk})
    html = response.content.decode()
    assert f"Demande {request.reference}" in html
    assert "lea@example.fr" in html  # read on the request page, where the view is recorded


def test_organisation_names_take_their_article_and_elision():
    assert with_preposition("Mission locale de Reims", "chez") == "chez la Mission locale de Reims"
    assert with_preposition("Info Jeunes Reims", "au nom de") == "au nom d’Info Jeunes Reims"
    assert with_preposition("CROUS de Reims", "à") == "au CROUS de Reims"
    assert with_preposition("France Travail Reims", "de") == "de France Travail Reims"

"""The youth's private tracking page says what is true after every action: who has the request, until when, and
what the youth can still do."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse

from contact_requests.enums import EventKind, Outcome, RequestStatus
from contact_requests.models import TRACKING_SALT, ContactRequest, RequestEvent
from contact_requests.short_links import short_url
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory

PARIS = ZoneInfo("Europe/Paris")
# Reims, December 2026: the request arrives on Monday 30 November and is due on Thursday 3 December (3 working days).
RECEIVED = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=PARIS)


def day(month, number, hour=12):
    return datetime.datetime(2026, month, number, hour, 0, tzinfo=PARIS)


def page(client, request) -> str:
    return client.get(request.tracking_url()).content.decode()


def act(client, request, action, **data):
    return client.post(reverse("contact_requests:youth_action", args=[request.tracking_token(), action]), data)


def answer_section(html: str) -> str:
    return re.search(r'<section id="ta-reponse".*?</section>', html, re.S).group(0)


@pytest.fixture
def professional(django_user_model):
    return django_user_model.objects.create_user(email="conseillere@ml-reims.example.fr", password="x")


# "Personne ne m'a contacté·e"


@pytest.mark.django_db
def test_after_saying_nobody_called_the_page_names_the_team_its_date_and_its_phone(
    client, offer, territory, clock, mailoutbox, django_capture_on_commit_callbacks
):
    territory.contact_phone = "03 26 77 42 00"
    territory.save()
    request = make_request(offer, now=RECEIVED)
    clock.set(day(12, 9))  # a Wednesday

    with django_capture_on_commit_callbacks(execute=True):
        act(client, request, "personne")

    html = page(client, request)
    assert "L’équipe de la Boussole de ton territoire (Grand Reims) est prévenue." in html
    # Two working days from the Wednesday of the report.
    assert "au plus tard le <strong>vendredi 11 décembre 2026</strong>" in html
    assert '<a class="boussole-nowrap" href="tel:0326774200">03 26 77 42 00</a>' in html
    assert "s’en occupe" not in html
    assert "Personne ne m’a contacté·e</button>" not in html


@pytest.mark.django_db
def test_a_late_request_shows_no_past_date_as_a_deadline(client, offer, territory, clock):
    territory.contact_phone = "03 26 77 42 00"
    territory.save()
    request = make_request(offer, now=RECEIVED)

    clock.set(day(12, 6))  # three days after the due date
    html = page(client, request)
    assert "Le délai promis est dépassé : la structure aurait déjà dû te contacter." in html
    assert "au plus tard" not in html and "3 décembre" not in html
    assert "Personne ne m’a contacté·e</button>" in answer_section(html)

    clock.set(day(12, 9))
    act(client, request, "personne")
    clock.set(day(12, 15))  # the team's own date, Friday 11, is over
    html = page(client, request)
    assert "Elle aurait déjà dû agir : n’hésite pas à la contacter toi-même." in html
    assert "au plus tard" not in html and "11 décembre" not in html
    assert 'href="tel:0326774200"' in html


@pytest.mark.django_db
def test_the_history_is_told_in_the_youths_words(client, offer, clock):
    clock.set(day(12, 9))
    request = make_request(offer, now=RECEIVED)
    for kind in EventKind:
        request.log(kind, at=day(12, 8))

    html = page(client, request)

    for event in request.events.public():
        assert event.label_for_youth in html
    for jargon in ["au ou à la jeune", "animation territoriale", "le ou la jeune", "rappel envoyé", "autre offre"]:
        assert jargon not in html


@pytest.mark.django_db
@pytest.mark.parametrize("ending", ["withdrawn", "closed"])
def test_once_the_request_is_over_nobody_is_said_to_be_on_it(client, offer, clock, professional, ending):
    request = make_request(offer, now=RECEIVED)
    request.take(by=professional, at=day(12, 1))
    clock.set(day(12, 9))
    act(client, request, "personne")
    page(client, request)  # where the browser goes next, reading the thanks

    if ending == "withdrawn":
        act(client, request, "annuler", confirme="oui")
    else:
        request.close(by=professional, outcome=Outcome.NOT_REACHABLE)

    html = page(client, request)
    assert "occupe" not in html
    assert "a ta demande" not in html and "va relancer" not in html
    assert "faire une nouvelle recherche" in html


# "On m'a contacté·e": asked first, and taken back for a while


@pytest.mark.django_db
def test_saying_someone_called_is_asked_first_on_a_page_of_its_own(client, offer, clock):
    clock.set(day(12, 1))
    request = make_request(offer, now=RECEIVED)

    token = request.tracking_token()
    response = client.post(reverse("contact_requests:youth_action", args=[token, "contacte"]))

    tracking_url = reverse("contact_requests:tracking", args=[token])
    assert response.url == f"{tracking_url}?contacte=1#ta-reponse"
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW and request.contacted_at is None
    asked = answer_section(client.get(response.url).content.decode())
    assert "Tu confirmes qu’un·e professionnel·le t’a contacté·e ?" in asked
    assert 'name="confirme" value="oui"' in asked
    assert "Non, revenir à ma demande" in asked

    act(client, request, "contacte", confirme="oui")

    request.refresh_from_db()
    assert request.status == RequestStatus.CONTACTED
    html = page(client, request)
    assert "Je me suis trompé·e</button>" in html
    assert "jusqu’au jeudi 3 décembre à 12:00" in html


@pytest.mark.django_db
def test_a_youth_can_take_back_someone_called_for_48_hours(client, offer, clock, professional):
    clock.set(day(12, 1))
    request = make_request(offer, now=RECEIVED)
    request.take(by=professional, at=day(12, 1, hour=9))
    act(client, request, "contacte", confirme="oui")
    request.refresh_from_db()
    assert request.contacted_at is not None and request.working_days_to_contact is not None
    assert ContactRequest.objects.filter(contacted_at__isnull=False).count() == 1

    clock.move(hours=47)
    act(client, request, "erreur")

    request.refresh_from_db()
    assert request.status == RequestStatus.TAKEN  # where it was: taken, not yet contacted
    assert request.contacted_at is None and request.working_days_to_contact is None
    assert request.events.filter(kind=EventKind.YOUTH_CONTACT_UNDONE).count() == 1
    assert not RequestEvent.objects.youth_said_contacted().exists()
    html = page(client, request)
    assert "tu nous as dit t’être trompé·e : personne ne t’a contacté·e" in html
    assert "On m’a contacté·e</button>" in html

    # Said again, it stands again, and can be taken back no more once 48 hours have passed.
    act(client, request, "contacte", confirme="oui")
    clock.move(hours=49)
    assert "Je me suis trompé·e" not in page(client, request)
    act(client, request, "erreur")
    request.refresh_from_db()
    assert request.status == RequestStatus.CONTACTED
    assert RequestEvent.objects.youth_said_contacted().count() == 1


@pytest.mark.django_db
def test_once_a_professional_closed_the_request_the_youth_cannot_take_back_the_contact(
    client, offer, clock, professional
):
    clock.set(day(12, 1))
    request = make_request(offer, now=RECEIVED)
    act(client, request, "contacte", confirme="oui")
    request.refresh_from_db()
    request.close(by=professional, outcome=Outcome.SERVICE_MOBILISED)

    assert "Je me suis trompé·e" not in page(client, request)
    act(client, request, "erreur")

    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED and request.contacted_at is not None
    assert not request.events.filter(kind=EventKind.YOUTH_CONTACT_UNDONE).exists()


# The question "Est-ce qu'un·e professionnel·le t'a contacté·e ?" lands on the answer


@pytest.mark.django_db
def test_the_follow_up_email_and_sms_land_on_the_answer_buttons(
    client, offer, clock, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=RECEIVED)
    clock.set(day(12, 4, hour=8))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        request.follow_up(at=clock.now)

    [message] = [message for message in mailoutbox if "t’a contacté·e ?" in message.subject]
    link = re.search(r"https?://[^/\s]+(/suivi/\S+)#ta-reponse", message.body).group(1)
    assert "#ta-reponse" in message.alternatives[0][0]
    buttons = answer_section(client.get(link).content.decode())
    assert "Personne ne m’a contacté·e</button>" in buttons
    assert "On m’a contacté·e</button>" in buttons

    short = client.get(short_url(request, now=clock.now))
    assert short.url.startswith("/suivi/") and short.url.endswith("/#ta-reponse")


# After a hand-over


@pytest.mark.django_db
def test_after_a_hand_over_saying_nobody_called_reaches_the_animators_again(
    client, offer, territory, clock, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=RECEIVED)
    clock.set(day(12, 9))
    act(client, request, "personne")
    other = OfferFactory(
        theme=offer.theme,
        organisation=OrganisationFactory(name="Maison de l’emploi", email="accueil@mde.example.fr"),
        territories=[territory],
        delay_days=3,
    )
    request.refresh_from_db()
    request.transfer(by=territory.animators.get(), to_offer=other)
    clock.set(day(12, 15))  # the new organisation's date, Monday 14, is over
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(client, request, "personne")

    request.refresh_from_db()
    assert request.no_contact_reported_at == day(12, 15)
    assert request.events.filter(kind=EventKind.YOUTH_NOT_CONTACTED).count() == 2
    [escalation] = [message for message in mailoutbox if "sans contact" in message.subject]
    assert set(escalation.to) == {"animatrice@reims.example.fr", "boussole@reims.example.fr"}
    assert "nous dit que personne ne l’a contacté·e" in escalation.body
    html = page(client, request)
    assert "au plus tard le <strong>jeudi 17 décembre 2026</strong>" in html


# A link nobody knows


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["inconnu", signing.dumps("BJ-ZZZZZZ", salt=TRACKING_SALT)])
def test_an_unknown_link_does_not_claim_a_request_was_received(client, token):
    response = client.get(reverse("contact_requests:tracking", args=[token]))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Nous ne reconnaissons pas ce lien de suivi." in html
    assert "la demande a été effacée" in html
    assert "Faire une nouvelle demande" in html
    assert "reçue" not in html and "a bien reçu" not in html and "BJ-ZZZZZZ" not in html

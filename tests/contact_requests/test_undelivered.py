"""What never arrived, as the providers' webhooks report it with their documented payloads, posted to their real
addresses: a bounced alert goes at once to the organisation's members, then to the animators, and shows on the
animators' home; a bounced acknowledgement shows on the request page and leaves by SMS instead."""

import re

import pytest
from django.urls import reverse

from contact_requests.enums import EventKind, Outcome
from notifications.enums import DeliveryStatus
from notifications.models import Email, Sms
from tests.backoffice.factories import make_member
from tests.contact_requests.factories import make_request
from tests.notifications.test_webhooks import brevo_event, post_event, webhook_secret  # noqa: F401 — fixture

# Every test posts to the webhooks with their secret, about e-mails sent with the ids the provider gave them.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhook_secret", "provider_ids")]

ANYMAIL_TEST_BACKEND = "anymail.backends.test.EmailBackend"
ORGANISATION_ADDRESS = "accueil@ml-reims.example.fr"
ANIMATORS = ["animatrice@reims.example.fr", "boussole@reims.example.fr"]


@pytest.fixture
def provider_ids(settings):
    """E-mails sent through anymail's test backend, which gives each the message id that Brevo's webhook quotes."""
    settings.EMAIL_BACKEND = ANYMAIL_TEST_BACKEND


def bounce(client, email: Email, address: str, *, event="hard_bounce", **credentials):
    return post_event(client, brevo_event(event, email=address, message_id=email.provider_message_id), **credentials)


def subjects(mailoutbox):
    return {message.subject: message.to for message in mailoutbox}


def test_a_bounced_alert_reaches_the_members_at_once_then_the_animators_and_their_home(
    client, offer, territory, mailoutbox, clock, django_capture_on_commit_callbacks
):
    make_member(offer.organisation, email="conseillere@ml-reims.example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now)
    alert = Email.objects.get(kind="contact_request_alert")
    assert alert.recipients == [ORGANISATION_ADDRESS] and alert.provider_message_id
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert bounce(client, alert, ORGANISATION_ADDRESS).status_code == 200

    [rerouted] = mailoutbox
    assert rerouted.to == ["conseillere@ml-reims.example.fr"]
    assert rerouted.subject == (
        f"Nouvelle demande {request.reference} : l’alerte n’est pas arrivée à {ORGANISATION_ADDRESS}"
    )
    assert "Vous la recevez à la place, comme membre de Mission locale de Reims." in rerouted.body
    assert reverse("backoffice:request", args=[request.pk]) in rerouted.body
    assert "lea@example.fr" not in rerouted.body
    event = request.events.get(kind=EventKind.ALERT_UNDELIVERED)
    assert event.data == {
        "address": ORGANISATION_ADDRESS,
        "rerouted_to": ["conseillere@ml-reims.example.fr"],
        "to_animators": False,
    }

    client.force_login(territory.animators.get())
    home = client.get(reverse("backoffice:home")).content.decode()
    assert "1 alerte non remise à des structures" in home
    link = reverse("backoffice:request", args=[request.pk])
    assert f'{link}"><span class="boussole-nowrap">{request.reference}</span></a>' in home
    assert ORGANISATION_ADDRESS in home and "(transmise aux membres de la structure)" in home

    # The member's address bounces too: nobody at the organisation can hear of it, the animators do.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bounce(client, Email.objects.get(kind="contact_request_alert_rerouted"), "conseillere@ml-reims.example.fr")

    assert subjects(mailoutbox) == {
        f"Demande {request.reference} : Mission locale de Reims n’a pas reçu l’alerte": ANIMATORS
    }
    assert "aucun autre membre de la structure ne peut la recevoir" in mailoutbox[0].body
    home = client.get(reverse("backoffice:home")).content.decode()
    assert "(transmise à l’animation)" in home

    # Once the youth is contacted, nothing waits any more.
    professional = make_member(offer.organisation)
    request.mark_contacted(by=professional, at=clock.now, channel="phone")
    assert "alerte non remise" not in client.get(reverse("backoffice:home")).content.decode()


def test_an_alert_that_reached_someone_is_not_sent_again(
    client, offer, mailoutbox, clock, django_capture_on_commit_callbacks
):
    offer.alert_emails = "emploi@ml-reims.example.fr\nconseil@ml-reims.example.fr"
    offer.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now)
    alert = Email.objects.get(kind="contact_request_alert")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        bounce(client, alert, "emploi@ml-reims.example.fr")

    assert mailoutbox == []
    assert request.events.get(kind=EventKind.ALERT_UNDELIVERED).data["rerouted_to"] == []
    with django_capture_on_commit_callbacks(execute=True):
        bounce(client, alert, "conseil@ml-reims.example.fr")
    # Both addresses refused it, and the organisation has no member: the animators receive it.
    assert [message.to for message in mailoutbox] == [ANIMATORS]


def test_a_bounced_acknowledgement_shows_on_the_request_and_leaves_by_sms(
    client, offer, mailoutbox, clock, sms_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now, email="lea@exemple.fr", phone="+33612345678", channel="email")
    acknowledgement = Email.objects.get(kind="contact_request_acknowledgement")
    assert sms_provider.received == []  # e-mail is the youth's channel
    professional = make_member(offer.organisation)
    client.force_login(professional)
    page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert "n’a pas été remis" not in page

    with django_capture_on_commit_callbacks(execute=True):
        assert bounce(client, acknowledgement, "lea@exemple.fr").status_code == 200

    [received] = sms_provider.accepted
    assert received.body["recipient"] == "33612345678"
    # On the clock's day, a working day or not.
    assert re.match(rf"Ta demande {request.reference} (est notée|sera lue \w+ matin)\. ", received.body["content"])
    acknowledgement.refresh_from_db()
    assert acknowledgement.delivery_status == DeliveryStatus.BOUNCED
    page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert "L’e-mail du ou de la jeune n’a pas été remis : son adresse est peut-être fausse." in page
    assert "Les messages de la Boussole lui sont envoyés par SMS à la place." in page
    assert "message au ou à la jeune non remis" in page  # in the history
    # From now on SMS is the youth's channel too: the question after the due date goes both ways.
    with django_capture_on_commit_callbacks(execute=True):
        request.follow_up(at=clock.now)
    assert len(sms_provider.accepted) == 2
    assert Email.objects.filter(kind="contact_request_follow_up").exists()

    # The SMS's delivery report says it never reached the phone either.
    path, report = sms_provider.report(sms_provider.accepted[0], "hard_bounce")
    client.post(path, data=report, content_type="application/json")
    page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert "Un SMS au ou à la jeune n’a pas été remis : son numéro est peut-être faux." in page


def test_a_bounced_acknowledgement_without_a_mobile_is_only_noted(
    client, offer, clock, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now, email="lea@exemple.fr", phone=None)

    with django_capture_on_commit_callbacks(execute=True):
        bounce(client, Email.objects.get(kind="contact_request_acknowledgement"), "lea@exemple.fr")

    assert sms_outbox == [] and not Sms.objects.exists()
    assert request.events.get(kind=EventKind.YOUTH_UNDELIVERED).data == {
        "channel": "email",
        "message_kind": "contact_request_acknowledgement",
    }


@pytest.mark.parametrize("credentials", ["brevo:un-autre-secret", ""])
def test_a_forged_bounce_is_refused_and_routes_nothing(
    client, offer, mailoutbox, clock, sms_outbox, credentials, django_capture_on_commit_callbacks
):
    make_member(offer.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now, email="lea@exemple.fr", phone="+33612345678", channel="email")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for email in Email.objects.all():
            assert bounce(client, email, email.recipients[0], credentials=credentials).status_code == 403

    assert mailoutbox == [] and sms_outbox == []
    assert not request.events.filter(kind__in=[EventKind.ALERT_UNDELIVERED, EventKind.YOUTH_UNDELIVERED]).exists()


def test_a_bounce_on_a_finished_request_is_noted_and_routes_nothing(
    client, offer, mailoutbox, clock, django_capture_on_commit_callbacks
):
    make_member(offer.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now)
    request.close(by=make_member(offer.organisation), outcome=Outcome.NO_LONGER_NEEDED, at=clock.now)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        bounce(client, Email.objects.get(kind="contact_request_alert"), ORGANISATION_ADDRESS)

    assert mailoutbox == []
    assert request.events.get(kind=EventKind.ALERT_UNDELIVERED).data["rerouted_to"] == []

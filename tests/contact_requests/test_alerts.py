"""Every request reaches a human: the offer's addresses, else the organisation's, else its members, else animators."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contact_requests.enums import EventKind
from organisations.enums import MemberRole
from tests.backoffice.factories import make_member
from tests.contact_requests.factories import make_request

TUESDAY_10AM = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def sent_page(offer):
    return f"{reverse('contact_requests:sent', args=[offer.pk])}?commune=51454&lien=email&par=email"


def sent(mailoutbox):
    return {message.subject: message.to for message in mailoutbox}


def alert_recipients(mailoutbox, request):
    return next(
        message.to for message in mailoutbox if message.subject.startswith(f"Nouvelle demande {request.reference}")
    )


@pytest.mark.django_db
def test_the_offer_s_own_recipients_get_the_alert_instead_of_the_organisation(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    offer.alert_emails = "emploi@ml-reims.example.fr\nconseil@ml-reims.example.fr"
    offer.save()

    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    assert alert_recipients(mailoutbox, request) == ["emploi@ml-reims.example.fr", "conseil@ml-reims.example.fr"]


@pytest.mark.django_db
def test_without_any_address_the_members_get_the_alert_administrators_first(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = offer.organisation
    organisation.email = ""
    organisation.save()
    make_member(organisation, email="membre@ml-reims.example.fr")
    make_member(organisation, email="admin@ml-reims.example.fr", role=MemberRole.ADMIN)
    make_member(organisation, email="parti@ml-reims.example.fr").__class__.objects.filter(
        email="parti@ml-reims.example.fr"
    ).update(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    assert alert_recipients(mailoutbox, request) == ["admin@ml-reims.example.fr", "membre@ml-reims.example.fr"]
    assert request.escalated_at is None


@pytest.mark.django_db
def test_when_nobody_at_the_organisation_can_be_reached_the_animators_are_alerted_at_once(
    client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = offer.organisation
    organisation.email = ""
    organisation.save()

    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM, email="lea@example.fr")

    request.refresh_from_db()
    assert request.escalated_at == TUESDAY_10AM
    escalation = sent(mailoutbox)[
        f"Demande {request.reference} à transmettre : Mission locale de Reims ne peut pas être prévenue"
    ]
    assert escalation == ["animatrice@reims.example.fr", "boussole@reims.example.fr"]
    assert list(request.events.values_list("kind", "data__because")) == [
        (EventKind.SUBMITTED, None),
        (EventKind.ESCALATED, "organisation_unreachable"),
    ]
    (acknowledgement,) = [message for message in mailoutbox if message.to == ["lea@example.fr"]]
    assert acknowledgement.subject == "Ta demande pour « Trouver un job d’été » est bien enregistrée"
    assert "arrivée chez" not in acknowledgement.body
    assert "l’équipe de la Boussole de ton territoire l’a reçue" in acknowledgement.body
    page = client.get(sent_page(offer)).content.decode()
    assert "reçoit ta demande" not in page
    assert "l’équipe de la Boussole de ton territoire reçoit la tienne" in page


@pytest.mark.django_db
def test_without_animators_the_national_team_is_alerted(
    offer, territory, mailoutbox, django_capture_on_commit_callbacks, django_user_model
):
    offer.organisation.email = ""
    offer.organisation.save()
    territory.animators.clear()
    territory.contact_email = ""
    territory.save()
    django_user_model.objects.create_user(email="djepva@jeunesse.example.fr", password="x", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    assert [message.to for message in mailoutbox if request.reference in message.subject] == [
        ["djepva@jeunesse.example.fr"]
    ]


@pytest.mark.django_db
def test_a_reachable_organisation_is_named_to_the_youth(client, offer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    assert request.escalated_at is None
    page = client.get(sent_page(offer)).content.decode()
    assert "Mission locale de Reims reçoit ta demande" in page


def test_a_mistyped_alert_address_is_explained():
    from django.core.exceptions import ValidationError

    from offers.models import split_addresses, validate_addresses

    assert split_addresses("a@ml.fr, b@ml.fr;\nc@ml.fr ") == ["a@ml.fr", "b@ml.fr", "c@ml.fr"]
    with pytest.raises(ValidationError, match="« a@ml » n’est pas une adresse e-mail complète"):
        validate_addresses("ok@ml.fr\na@ml")

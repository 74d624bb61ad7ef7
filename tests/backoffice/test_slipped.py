"""Requests that slipped: the animators' list, reminding, noting, reassigning, taking over; and the hand-over."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome, RequestStatus
from contact_requests.models import ContactRequest
from notifications.models import Email
from questionnaires.models import Theme
from territories.models import Commune
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS, EVRY = "51454", "91228"
YOUTH_EMAIL, YOUTH_PHONE = "lea.jeune@example.fr", "+33612345678"


@pytest.fixture
def territory():
    return TerritoryFactory(name="Grand Reims", communes=[REIMS])


@pytest.fixture
def emploi():
    return Theme.objects.get(slug="emploi")


@pytest.fixture
def organisation(territory):
    organisation = OrganisationFactory(
        name="Mission locale de Reims", email="accueil@ml-reims.example.fr", phone="03 26 11 22 33",
        territories=[territory],
    )  # fmt: skip
    sign_charter(organisation, make_member(organisation, role="admin", email="direction@ml-reims.example.fr"))
    return organisation


@pytest.fixture
def offer(organisation, territory, emploi):
    return OfferFactory(theme=emploi, organisation=organisation, territories=[territory], title="Trouver un emploi")


@pytest.fixture
def animator(client, territory):
    user = get_user_model().objects.create_user(
        email="nadia@boussole-reims.example.fr", password="x", first_name="Nadia", last_name="Animatrice"
    )
    territory.animators.add(user)
    client.force_login(user)
    return user


def partner(**kwargs):
    """An organisation that signed the charter: its live offers reach youths and receive requests."""
    organisation = OrganisationFactory(**kwargs)
    sign_charter(organisation, make_member(organisation, role="admin"))
    return organisation


def overdue_request(offer, *, days_ago=10, email=YOUTH_EMAIL, phone=None):
    return make_request(offer, now=timezone.now() - datetime.timedelta(days=days_ago), email=email, phone=phone)


def offer_choices(html):
    """The offers proposed on a hand-over page, as pks."""
    return {int(pk) for pk in re.findall(r'name="offer"\s+value="(\d+)"', html)}


# The queryset rules.


@pytest.mark.django_db
def test_slipped_requests_are_the_overdue_ones_and_those_the_youth_reported(offer):
    on_time = make_request(offer, now=timezone.now(), email="a@example.fr", phone=None)
    late = overdue_request(offer, email="b@example.fr")
    reported = overdue_request(offer, days_ago=4, email="c@example.fr")
    reported.report_no_contact()
    closed = overdue_request(offer, email="d@example.fr")
    closed.close(by=None, outcome=Outcome.NOT_REACHABLE)

    assert set(ContactRequest.objects.slipped()) == {late, reported}
    assert set(ContactRequest.objects.reported_not_contacted()) == {reported}
    assert on_time not in ContactRequest.objects.slipped()


@pytest.mark.django_db
def test_a_reassigned_request_leaves_the_list_until_it_slips_again(offer, organisation, territory, animator):
    other = OfferFactory(theme=offer.theme, organisation=partner(territories=[territory]), is_national=True)
    request = overdue_request(offer)
    request.report_no_contact()

    request.transfer(by=animator, to_offer=other)

    assert request.no_contact_reported_at is None and request.escalated_at is None
    assert request not in ContactRequest.objects.slipped()
    assert request in ContactRequest.objects.slipped(now=request.due_at + datetime.timedelta(minutes=1))


# The list.


@pytest.mark.django_db
def test_the_list_shows_the_territory_s_slipped_requests_with_the_organisation_s_contacts(
    client, animator, offer, organisation, emploi
):
    late = overdue_request(offer, email="late@example.fr")
    reported = overdue_request(offer, days_ago=5, email="reported@example.fr")
    reported.report_no_contact()
    on_time = make_request(offer, now=timezone.now(), email="on-time@example.fr", phone=None)
    elsewhere = TerritoryFactory(name="Essonne", communes=[EVRY])
    foreign_offer = OfferFactory(theme=emploi, organisation=partner(territories=[elsewhere]), territories=[elsewhere])
    foreign = overdue_request(foreign_offer, email="foreign@example.fr", phone=None)

    html = " ".join(client.get(reverse("backoffice:slipped_requests")).content.decode().split())

    assert "2 demandes en retard ou signalées, les plus anciennes d’abord." in html
    assert late.reference in html and reported.reference in html
    assert on_time.reference not in html and foreign.reference not in html
    assert html.index(late.reference) < html.index(reported.reference)  # the oldest first
    assert "Signalée par le ou la jeune le" in html
    assert 'href="mailto:accueil@ml-reims.example.fr"' in html and 'href="tel:0326112233"' in html
    assert "direction@ml-reims.example.fr" in html
    # The youth's contact details stay on the request page, where each display is recorded.
    assert "late@example.fr" not in html and "reported@example.fr" not in html

    reported_only = client.get(reverse("backoffice:slipped_requests") + "?signalees=1").content.decode()
    assert reported.reference in reported_only and late.reference not in reported_only


@pytest.mark.django_db
def test_each_card_says_why_the_request_is_there_who_holds_it_and_since_when(client, animator, offer, organisation):
    late = overdue_request(offer, email="late@example.fr")
    taken = overdue_request(offer, days_ago=12, email="taken@example.fr")
    counsellor = make_member(organisation, email="conseillere@ml-reims.example.fr")
    counsellor.first_name, counsellor.last_name = "Inès", "Conseillère"
    counsellor.save()
    taken.take(by=counsellor, at=timezone.now() - datetime.timedelta(days=2))
    reported = make_request(offer, now=timezone.now(), email="reported@example.fr", phone=None)
    reported.report_no_contact()

    html = " ".join(client.get(reverse("backoffice:slipped_requests")).content.decode().split())
    cards = {
        request.reference: html[html.index(f'Demande <span class="boussole-nowrap">{request.reference}') :].split(
            "</li> <li class="
        )[0]
        for request in (late, taken, reported)
    }

    today = timezone.localdate()
    late_days = (today - late.due_date).days
    assert f"En retard de {late_days} jours" in cards[late.reference]
    assert "Signalée" not in cards[late.reference]
    received = late.received_date.strftime("%-d/%m/%Y")
    assert (
        f"Personne ne la suit encore : elle attend à la Mission locale de Reims depuis le {received}."
        in cards[late.reference]
    )
    since = (today - datetime.timedelta(days=2)).strftime("%-d/%m/%Y")
    assert f"Suivie par <strong>Inès Conseillère</strong> depuis le {since}." in cards[taken.reference]
    # Not late yet, but the youth says nobody called.
    assert "En retard" not in cards[reported.reference]
    assert f"Signalée par le ou la jeune le {today:%-d/%m}" in cards[reported.reference]


@pytest.mark.django_db
def test_signalee_means_the_youth_said_nobody_called_for_the_organisation_and_the_animator(
    client, animator, offer, organisation
):
    escalated_only = overdue_request(offer, days_ago=20, email="late@example.fr")
    escalated_only.escalate(at=timezone.now())
    reported = make_request(offer, now=timezone.now(), email="reported@example.fr", phone=None)
    reported.report_no_contact()

    animator_filter = client.get(reverse("backoffice:slipped_requests") + "?signalees=1").content.decode()
    client.force_login(organisation.memberships.get(role="admin").user)
    home = " ".join(client.get(reverse("backoffice:home")).content.decode().split())
    organisation_filter = client.get(reverse("backoffice:requests") + "?signalees=1").content.decode()

    assert "1 signalée par le ou la jeune</a>" in home
    for listed in (animator_filter, organisation_filter):
        assert reported.reference in listed and escalated_only.reference not in listed


@pytest.mark.django_db
def test_staff_see_every_territory_s_slipped_requests(client, offer, emploi):
    elsewhere = TerritoryFactory(name="Essonne", communes=[EVRY])
    foreign = overdue_request(
        OfferFactory(theme=emploi, organisation=partner(), territories=[elsewhere]), email="f@example.fr"
    )
    local = overdue_request(offer, email="l@example.fr")
    client.force_login(get_user_model().objects.create_user(email="staff@example.fr", password="x", is_staff=True))

    html = client.get(reverse("backoffice:slipped_requests")).content.decode()

    assert foreign.reference in html and local.reference in html


@pytest.mark.django_db
def test_the_list_makes_as_many_queries_with_many_rows(client, animator, offer, territory, emploi):
    overdue_request(offer, email="first@example.fr")
    client.get(reverse("backoffice:home"))  # the first request after login records the activity time in the session

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("backoffice:slipped_requests"))
        assert response.status_code == 200
        return len(captured)

    few = queries()
    for number in range(12):
        organisation = partner(territories=[territory])
        make_member(organisation, role="admin")
        partner_offer = OfferFactory(theme=emploi, organisation=organisation, territories=[territory])
        request = overdue_request(partner_offer, email=f"j{number}@example.fr", phone=None)
        if number % 2:
            request.report_no_contact()

    assert queries() == few


@pytest.mark.django_db
def test_the_home_tile_counts_them_and_leads_to_the_list(client, animator, offer):
    overdue_request(offer, email="a@example.fr")
    overdue_request(offer, days_ago=4, email="b@example.fr").report_no_contact()
    make_request(offer, now=timezone.now(), email="c@example.fr", phone=None)

    html = client.get(reverse("backoffice:home")).content.decode()

    tile = re.search(r'<a href="([^"]+)">(\d+ demandes? en retard ou signalées?)</a>', html)
    assert tile.groups() == (reverse("backoffice:slipped_requests"), "2 demandes en retard ou signalées")
    assert "Demandes en retard ou signalées</a>" in html  # in the side menu


# Acting on one request.


@pytest.mark.django_db
def test_the_request_page_offers_the_animator_s_actions_and_the_organisation_s_contacts(client, animator, offer):
    request = overdue_request(offer)

    html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    assert "Relancer la structure par e-mail" in html
    assert reverse("backoffice:request_reassign", args=[request.pk]) in html
    assert "Ajouter la note" in html and "Reprendre et clôturer" in html
    assert "accueil@ml-reims.example.fr" in html and "direction@ml-reims.example.fr" in html
    # Handling it as a member is for the organisation's members.
    assert "Je m’en occupe" not in html


@pytest.mark.django_db
def test_a_professional_does_not_get_the_animator_s_actions(client, offer, organisation):
    request = overdue_request(offer)
    client.force_login(make_member(organisation))

    html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    assert "Relancer la structure" not in html and "Reprendre et clôturer" not in html


@pytest.mark.django_db
def test_the_animator_reminds_the_organisation_by_email_once_an_hour(client, animator, offer):
    request = overdue_request(offer, phone=YOUTH_PHONE)
    url = reverse("backoffice:request_remind", args=[request.pk])

    response = client.post(url)

    assert response.url == reverse("backoffice:request", args=[request.pk])
    assert "Relance envoyée par e-mail à la Mission locale de Reims." in client.get(response.url).content.decode()
    email = Email.objects.get(kind="contact_request_animator_reminder")
    assert email.recipients == ["accueil@ml-reims.example.fr"]
    assert email.reply_to == [animator.email]
    assert email.subject == f"Relance : la demande {request.reference} attend toujours un contact"
    assert "Nadia Animatrice, de l’animation territoriale de la Boussole des jeunes, vous relance" in email.body_text
    assert "« Trouver un emploi »" in email.body_text and "Reims" in email.body_text
    assert f"/espace-pro/demandes/{request.pk}/" in email.body_text
    assert_no_youth_data(email, request)
    event = request.events.get(kind=EventKind.ORGANISATION_REMINDED)
    assert event.actor == animator

    client.post(url)  # a double click
    assert Email.objects.filter(kind="contact_request_animator_reminder").count() == 1
    html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert re.search(r"relance de l’animation territoriale envoyée à la structure\s+\(par Nadia Animatrice\)", html)


def assert_no_youth_data(email, request):
    assert request.email and request.phone and request.first_name
    for secret in (request.email, request.phone.as_national, request.phone.as_e164, request.first_name):
        assert secret not in email.body_text and secret not in email.body_html and secret not in email.subject
    for _criterion, answer in request.answers_in_words:
        assert answer not in email.body_text
    assert request.email not in email.reply_to


@pytest.mark.django_db
def test_the_animator_adds_a_note_that_the_youth_does_not_see(client, animator, offer):
    request = overdue_request(offer)

    client.post(reverse("backoffice:request_note", args=[request.pk]), {"note-text": "Appelé la ML : absente."})

    note = request.events.get(kind=EventKind.NOTE)
    assert (note.actor, note.data) == (animator, {"text": "Appelé la ML : absente."})
    html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert "Appelé la ML : absente." in html
    assert note not in request.events.public()
    tracking = client.get(request.tracking_url()).content.decode()
    assert "Appelé la ML" not in tracking and "note" not in tracking

    empty = client.post(reverse("backoffice:request_note", args=[request.pk]), {"note-text": " "})
    assert empty.status_code == 400
    assert "Écrivez la note avant de l’ajouter." in empty.content.decode()


@pytest.mark.django_db
def test_the_animator_takes_the_request_over_and_closes_it_with_the_contact_they_made(
    client, animator, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = overdue_request(offer)
    url = reverse("backoffice:request_take_over", args=[request.pk])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    missing = client.post(url, {"reprise-outcome": "service_mobilised"})
    assert missing.status_code == 400
    assert "Dites ce qui a été fait pour le ou la jeune." in missing.content.decode()
    assert "« service mobilisé » suppose un contact." in missing.content.decode()

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "reprise-outcome": "redirected",
                "reprise-contacted_on": yesterday.isoformat(),
                "reprise-channel": "phone",
                "reprise-comment": "Orientée vers le BIJ.",
            },
        )

    assert response.url == reverse("backoffice:slipped_requests")
    request.refresh_from_db()
    assert (request.status, request.handler, request.outcome, request.outcome_comment) == (
        RequestStatus.CLOSED,
        animator,
        Outcome.REDIRECTED,
        "Orientée vers le BIJ.",
    )
    assert (request.contacted_date, request.contact_channel, request.working_days_to_contact) == (
        yesterday,
        "phone",
        request.working_days_to_contact,
    )
    assert request.working_days_to_contact is not None
    assert [(event.kind, event.actor) for event in request.events.history()][-3:] == [
        (EventKind.TAKEN_OVER, animator),
        (EventKind.CONTACTED, animator),
        (EventKind.CLOSED, animator),
    ]
    assert request not in ContactRequest.objects.slipped()
    # The youth was talked to: no "sans avoir pu te parler".
    assert [message for message in mailoutbox if YOUTH_EMAIL in message.to] == []


# Who may receive the request: every live offer covering the youth's commune, and nothing else.


@pytest.fixture
def coverage(territory, offer, emploi):
    """Offers covering Reims in each way, and offers that do not."""
    reims = Commune.objects.get(insee_code=REIMS)
    evry = Commune.objects.get(insee_code=EVRY)
    logement = Theme.objects.get(slug="logement")

    def partner_offer(title, theme=emploi, **coverage):
        return OfferFactory(title=title, theme=theme, organisation=partner(), **coverage)

    essonne = TerritoryFactory(name="Essonne", communes=[EVRY])
    inside = {
        partner_offer("Par la commune", communes=[reims]),
        partner_offer("Par l’intercommunalité", epcis=[reims.epci_id]),
        partner_offer("Par le département", theme=logement, departments=[reims.department_id]),
        partner_offer("Par le territoire", territories=[territory]),
        partner_offer("Partout en France", national=True),
    }
    outside = {
        partner_offer("Autre commune", communes=[evry]),
        partner_offer("Autre intercommunalité", epcis=[evry.epci_id]),
        partner_offer("Autre département", departments=[evry.department_id]),
        partner_offer("Autre territoire", territories=[essonne]),
        partner_offer("Brouillon", communes=[reims], status="draft"),
        partner_offer("Expirée", communes=[reims], valid_until=timezone.localdate() - datetime.timedelta(days=1)),
    }
    return {"inside": {o.pk for o in inside}, "outside": {o.pk for o in outside}, "logement": logement}


@pytest.mark.django_db
def test_reassignment_offers_every_live_offer_covering_the_commune(client, animator, offer, coverage):
    request = overdue_request(offer)

    html = client.get(reverse("backoffice:request_reassign", args=[request.pk])).content.decode()

    assert offer_choices(html) == coverage["inside"]
    assert set(request.handover_offers().values_list("pk", flat=True)) == coverage["inside"]
    assert "Thème : Logement" in html and "Thème : Emploi" in html
    assert html.count("Autre thème que la demande") == 1


@pytest.mark.django_db
def test_the_professionals_hand_over_offers_the_same_choice(client, offer, organisation, coverage):
    request = overdue_request(offer)
    client.force_login(make_member(organisation))

    html = client.get(reverse("backoffice:request_transfer", args=[request.pk])).content.decode()

    assert offer_choices(html) == coverage["inside"]
    assert "Transmettre la demande" in html


@pytest.mark.django_db
def test_an_offer_of_another_theme_must_be_confirmed(client, animator, offer, coverage):
    request = overdue_request(offer)
    housing = request.handover_offers().get(theme=coverage["logement"])
    url = reverse("backoffice:request_reassign", args=[request.pk])

    refused = client.post(url, {"offer": housing.pk})

    assert refused.status_code == 400
    assert (
        "L’offre choisie relève du thème « Logement », la demande du thème « Emploi » : cochez la case pour confirmer."
        in refused.content.decode()
    )
    assert ContactRequest.objects.get(pk=request.pk).offer == offer

    client.post(url, {"offer": housing.pk, "other_theme": "on"})
    request.refresh_from_db()
    assert (request.offer, request.theme) == (housing, coverage["logement"])


@pytest.mark.django_db
def test_an_offer_outside_the_commune_is_refused(client, animator, offer, coverage):
    request = overdue_request(offer)

    for pk in coverage["outside"]:
        response = client.post(reverse("backoffice:request_reassign", args=[request.pk]), {"offer": pk})
        assert response.status_code == 400
        assert "Cette offre ne peut plus recevoir la demande" in response.content.decode()
    assert ContactRequest.objects.get(pk=request.pk).offer == offer


@pytest.mark.django_db
def test_the_animator_reassigns_a_request_the_organisation_is_alerted_and_the_youth_told(
    client, animator, offer, territory, emploi
):
    receiving = partner(name="BIJ de Reims", email="bij@reims.example.fr", territories=[territory])
    target = OfferFactory(
        theme=emploi, organisation=receiving, territories=[territory], title="Job d’été", delay_days=2
    )
    request = overdue_request(offer, phone=YOUTH_PHONE)
    request.report_no_contact()

    response = client.post(
        reverse("backoffice:request_reassign", args=[request.pk]),
        {"offer": target.pk, "note": "La ML ne répond pas, merci de l’appeler vite."},
    )

    assert response.url == reverse("backoffice:request_handed_over", args=[request.pk])
    request.refresh_from_db()
    assert (request.offer, request.organisation, request.status) == (target, receiving, RequestStatus.NEW)
    assert request.due_at > timezone.now()
    event = request.events.get(kind=EventKind.TRANSFERRED)
    assert event.actor == animator
    assert event.data["note"] == "La ML ne répond pas, merci de l’appeler vite."
    alert = Email.objects.get(kind="contact_request_handed_over")
    assert alert.recipients == ["bij@reims.example.fr"]
    assert alert.subject.startswith(
        f"Demande {request.reference} transmise au BIJ de Reims : à contacter au plus tard le"
    )
    assert f"Nadia Animatrice vous transmet la demande {request.reference}" in alert.body_text
    assert "Une note vous est laissée avec la demande" in alert.body_text
    assert "La ML ne répond pas" not in alert.body_text  # notes are free text: read on the request page only
    assert_no_youth_data(alert, request)
    told = Email.objects.get(kind="contact_request_transferred")
    assert told.recipients == [YOUTH_EMAIL]
    assert "ta demande" in told.body_text and "BIJ de Reims" in told.body_text

    confirmation = client.get(response.url).content.decode()
    assert f'vous avez transmis la demande <span class="boussole-nowrap">{request.reference}</span>' in confirmation
    assert "à BIJ de Reims, pour son offre « Job d’été »" in confirmation
    assert YOUTH_EMAIL not in confirmation
    page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert "La ML ne répond pas, merci de l’appeler vite." in page


@pytest.mark.django_db
def test_after_a_hand_over_the_professional_lands_on_a_confirmation(client, offer, organisation, territory, emploi):
    member = make_member(organisation)
    client.force_login(member)
    target = OfferFactory(theme=emploi, organisation=partner(name="BIJ de Reims"), territories=[territory], title="Job")
    request = make_request(offer, now=timezone.now(), email="", phone=YOUTH_PHONE)

    response = client.post(reverse("backoffice:request_transfer", args=[request.pk]), {"offer": target.pk})
    landing = client.get(response.url)

    assert landing.status_code == 200
    html = landing.content.decode()
    assert f"Demande {request.reference} transmise" in html
    assert "Elle ne fait plus partie des demandes de votre structure." in html
    assert client.get(reverse("backoffice:request", args=[request.pk])).status_code == 404
    assert not Email.objects.filter(kind="contact_request_transferred").exists()  # no email given: nobody to tell

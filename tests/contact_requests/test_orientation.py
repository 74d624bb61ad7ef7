"""A professional orients a youth to a partner's offer: the youth's request, filed for them, living the same life."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from contact_requests.enums import EventKind
from contact_requests.orientation import NO_CONSENT, NOT_COVERED, OWN_ORGANISATION, OrientationRefused, orient_youth
from contact_requests.submission import Contact, SubmissionOutcome
from contact_requests.tasks import sweep
from notifications.models import Email
from questionnaires.models import Theme
from territories.models import Commune
from tests.backoffice.factories import make_member
from tests.contact_requests.factories import make_request, tracked_reference
from tests.offers.factories import OfferFactory, OrganisationFactory

PARIS = ZoneInfo("Europe/Paris")
# Tuesday 2 December 2025, 10:00 in Reims; 3 working days: due Friday 5 December.
ORIENTED = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS)


def at(day, hour=0):
    return datetime.datetime(2025, 12, day, hour, tzinfo=PARIS)


@pytest.fixture
def counsellor(territory):
    """A counsellor of the Mission locale, which orients youths to the housing association's offer (`offer`)."""
    mission_locale = OrganisationFactory(name="Mission locale de Reims", territories=[territory], signed_charter=True)
    user = make_member(mission_locale, email="camille@ml-reims.example.fr")
    user.first_name, user.last_name = "Camille", "Martin"
    user.save()
    return user, mission_locale


@pytest.fixture
def housing(territory):
    association = OrganisationFactory(
        name="Association Habitat Jeunes",
        email="accueil@habitat.example.fr",
        territories=[territory],
        signed_charter=True,
    )
    return OfferFactory(
        theme=Theme.objects.get(slug="logement"),
        title="Trouver un logement",
        organisation=association,
        delay_days=3,
        territories=[territory],
    )


def orient(counsellor, offer, *, email="lea@example.fr", phone=None, channel="email", consent=True, now=ORIENTED, **kw):
    user, organisation = counsellor
    return orient_youth(
        by=user,
        organisation=organisation,
        offer=offer,
        commune=Commune.objects.get(insee_code="51454"),
        contact=Contact(first_name="Léa", email=email, phone=phone, preferred_channel=channel, message="Sans logement"),
        consent=consent,
        submission_key=kw.pop("submission_key", uuid.uuid4()),
        now=now,
        **kw,
    )


@pytest.mark.django_db
def test_the_receiving_structure_gets_a_request_marked_with_who_oriented_and_the_youth_the_tracking_link(
    counsellor, housing, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        request, outcome = orient(counsellor, housing)

    assert outcome is SubmissionOutcome.CREATED
    assert request.oriented_by == counsellor[0] and request.oriented_from == counsellor[1]
    assert request.organisation == housing.organisation and request.consent_at == ORIENTED
    # The same due date as a youth's own request: 3 working days.
    assert request.due_date == datetime.date(2025, 12, 5)
    event = request.events.get(kind=EventKind.ORIENTED)
    assert event.actor == counsellor[0] and event.at == ORIENTED
    alert, acknowledgement = mailoutbox
    assert alert.to == ["accueil@habitat.example.fr"]
    assert "Camille Martin, de la Mission locale de Reims, vous oriente un·e jeune" in alert.body
    assert "Orienté·e par\xa0: Mission locale de Reims, Camille Martin" in alert.body
    assert "lea@example.fr" not in alert.body
    assert acknowledgement.to == ["lea@example.fr"]
    assert acknowledgement.subject == "Mission locale de Reims t’a orienté·e vers l’Association Habitat Jeunes"
    assert "Camille Martin, de la Mission locale de Reims, t’a orienté·e vers l’Association Habitat Jeunes" in (
        acknowledgement.body
    )
    assert "vendredi 5 décembre" in acknowledgement.body
    assert tracked_reference(acknowledgement.body) == request.reference


@pytest.mark.django_db
def test_a_youth_with_a_mobile_only_is_told_by_sms(
    counsellor, housing, clock, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request, _ = orient(counsellor, housing, email="", phone="+33612345678", channel="sms", now=clock.now)

    [sms] = sms_outbox
    assert sms.recipient == "+33612345678" and sms.kind == "contact_request_acknowledgement"
    assert sms.body.startswith(
        "Mission locale de Reims a envoyé ta demande à Association Habitat Jeunes : contact au plus"
    )
    assert "/s/" in sms.body
    assert not Email.objects.related_to(request).filter(kind="contact_request_acknowledgement").exists()


@pytest.mark.django_db
def test_without_the_youths_consent_nothing_is_made_nor_sent(counsellor, housing, mailoutbox):
    with pytest.raises(OrientationRefused) as refused:
        orient(counsellor, housing, consent=False)

    assert refused.value.message == NO_CONSENT and refused.value.field == "consent"
    assert not housing.contact_requests.exists() and not Email.objects.exists() and mailoutbox == []


@pytest.mark.django_db
def test_the_same_youth_oriented_to_the_same_offer_within_7_days_is_one_request(
    counsellor, housing, territory, django_capture_on_commit_callbacks
):
    first, _ = orient(counsellor, housing)
    colleague = make_member(counsellor[1], email="dominique@ml-reims.example.fr")

    again, outcome = orient((colleague, counsellor[1]), housing, email="LEA@example.fr", now=at(8, 10))
    eight_days_later, later_outcome = orient(counsellor, housing, now=at(10, 11))

    assert outcome is SubmissionOutcome.DUPLICATE and again == first
    assert later_outcome is SubmissionOutcome.CREATED and eight_days_later != first
    assert housing.contact_requests.count() == 2


@pytest.mark.django_db
def test_a_youth_who_already_asked_for_the_offer_is_not_oriented_to_it_again(counsellor, housing):
    own = make_request(housing, now=ORIENTED, email="lea@example.fr", phone=None)

    request, outcome = orient(counsellor, housing, now=at(3, 10))

    assert outcome is SubmissionOutcome.DUPLICATE and request == own and request.oriented_from is None


@pytest.mark.django_db
@override_settings(ORIENTATIONS_PER_PROFESSIONAL_PER_DAY=3)
def test_a_professional_orients_at_most_the_days_cap(counsellor, housing):
    key = uuid.uuid4()
    orient(counsellor, housing, email="jeune0@example.fr", submission_key=key)
    for n in (1, 2):
        orient(counsellor, housing, email=f"jeune{n}@example.fr", now=ORIENTED + datetime.timedelta(minutes=n))

    with pytest.raises(OrientationRefused) as refused:
        orient(counsellor, housing, email="jeune3@example.fr", now=at(2, 18))
    # The same form sent again is not a new orientation; the next day counts again.
    _, same_form = orient(counsellor, housing, email="jeune0@example.fr", submission_key=key, now=at(2, 18))
    _, next_day = orient(counsellor, housing, email="jeune3@example.fr", now=at(3, 9))

    assert "Vous avez déjà orienté 3 jeunes aujourd’hui" in refused.value.message
    assert same_form is SubmissionOutcome.SAME_FORM and next_day is SubmissionOutcome.CREATED
    assert housing.contact_requests.count() == 4


@pytest.mark.django_db
def test_orienting_to_ones_own_organisation_is_refused(counsellor, territory):
    own_offer = OfferFactory(
        theme=Theme.objects.get(slug="emploi"), organisation=counsellor[1], territories=[territory]
    )

    with pytest.raises(OrientationRefused) as refused:
        orient(counsellor, own_offer)

    assert refused.value.message == OWN_ORGANISATION
    assert not own_offer.contact_requests.exists()


@pytest.mark.django_db
def test_an_offer_that_does_not_cover_the_youths_commune_is_refused(counsellor, housing):
    with pytest.raises(OrientationRefused) as refused:
        orient_youth(
            by=counsellor[0],
            organisation=counsellor[1],
            offer=housing,
            commune=Commune.objects.get(insee_code="75056"),
            contact=Contact(first_name="", email="a@example.fr", phone=None, preferred_channel="email", message=""),
            consent=True,
            submission_key=uuid.uuid4(),
        )

    assert refused.value.message == NOT_COVERED and refused.value.field == "commune"


@pytest.mark.django_db
def test_an_oriented_request_is_reminded_then_escalated_like_any_other(
    counsellor, housing, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        request, _ = orient(counsellor, housing)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = sweep(now=at(5, 8))
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=at(8, 8))
    with django_capture_on_commit_callbacks(execute=True):
        escalated = sweep(now=at(9, 8))

    assert reminded["rappels"] == 1 and escalated["signalements"] == 1
    assert list(Email.objects.related_to(request).order_by("pk").values_list("kind", flat=True)) == [
        "contact_request_alert",
        "contact_request_acknowledgement",
        "contact_request_reminder",
        "contact_request_follow_up",
        "contact_request_escalation",
    ]
    escalation = mailoutbox[-1]
    assert set(escalation.to) == {"animatrice@reims.example.fr", "boussole@reims.example.fr"}
    assert "Orienté·e par\xa0: Mission locale de Reims, Camille Martin" in escalation.body


@pytest.mark.django_db
def test_orienting_from_a_request_keeps_it_and_says_so_in_its_history(counsellor, housing, territory):
    user, mission_locale = counsellor
    own_offer = OfferFactory(
        theme=Theme.objects.get(slug="emploi"), organisation=mission_locale, territories=[territory]
    )
    handled = make_request(own_offer, now=ORIENTED, email="lea@example.fr", phone=None)

    orient(counsellor, housing, from_request=handled, now=at(3, 10))

    handled.refresh_from_db()
    assert handled.is_active
    event = handled.events.get(kind=EventKind.ORIENTED_ELSEWHERE)
    assert event.actor == user and event.data["to_organisation"] == "Association Habitat Jeunes"

import datetime
from zoneinfo import ZoneInfo

import pytest

from contact_requests.enums import EventKind, Outcome
from contact_requests.tasks import purge, sweep
from notifications.models import Email, Sms
from tests.contact_requests.factories import make_request, tracked_reference
from tests.offers.factories import OfferFactory

PARIS = ZoneInfo("Europe/Paris")
# Tuesday 2 December 2025, 10:00 in Reims; 3 working days: due Friday 5 December.
SUBMITTED = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS)


def at(day, hour=0, minute=0):
    return datetime.datetime(2025, 12, day, hour, minute, tzinfo=PARIS)


def kinds(request):
    return list(Email.objects.related_to(request).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def request_(offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_request(offer, now=SUBMITTED)


def run_sweep(moment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return sweep(now=moment)


@pytest.mark.django_db
def test_reminder_question_and_escalation_fire_once_each_at_the_right_time(
    request_, django_capture_on_commit_callbacks, mailoutbox
):
    initial = ["contact_request_alert", "contact_request_acknowledgement"]
    # Friday 5 (due day) at 07:59: too early; at 08:00 the reminder goes, once.
    assert run_sweep(at(5, 7, 59), django_capture_on_commit_callbacks) == {
        "rappels": 0,
        "questions": 0,
        "signalements": 0,
    }
    assert run_sweep(at(5, 8), django_capture_on_commit_callbacks) == {"rappels": 1, "questions": 0, "signalements": 0}
    assert run_sweep(at(5, 18), django_capture_on_commit_callbacks)["rappels"] == 0
    assert kinds(request_) == [*initial, "contact_request_reminder"]
    # The weekend does not count: the question to the youth goes on Monday 8, the escalation on Tuesday 9.
    assert run_sweep(at(7, 12), django_capture_on_commit_callbacks) == {"rappels": 0, "questions": 0, "signalements": 0}
    assert run_sweep(at(8, 8), django_capture_on_commit_callbacks) == {"rappels": 0, "questions": 1, "signalements": 0}
    assert run_sweep(at(9, 8), django_capture_on_commit_callbacks) == {"rappels": 0, "questions": 0, "signalements": 1}
    assert run_sweep(at(20, 8), django_capture_on_commit_callbacks) == {"rappels": 0, "questions": 0, "signalements": 0}
    assert kinds(request_) == [
        *initial,
        "contact_request_reminder",
        "contact_request_follow_up",
        "contact_request_escalation",
    ]
    question = next(
        message for message in mailoutbox if message.subject == "Est-ce qu’un·e professionnel·le t’a contacté·e ?"
    )
    assert question.to == ["lea@example.fr"]
    assert tracked_reference(question.body) == request_.reference
    escalation = mailoutbox[-1]
    assert set(escalation.to) == {"animatrice@reims.example.fr", "boussole@reims.example.fr"}
    assert "deux jours ouvrés après son échéance" in escalation.body


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["contacted", "withdrawn", "closed"])
def test_nothing_fires_for_a_request_contacted_withdrawn_or_closed(
    request_, django_capture_on_commit_callbacks, django_user_model, state
):
    professional = django_user_model.objects.create_user(email="pro@ml-reims.example.fr", password="x")
    if state == "contacted":
        request_.mark_contacted(by=professional, at=at(3, 14), channel="phone")
    elif state == "withdrawn":
        request_.withdraw(at=at(3, 14))
    else:
        request_.close(by=professional, outcome=Outcome.NOT_REACHABLE, at=at(3, 14))

    for day in (5, 8, 9, 10):
        assert run_sweep(at(day, 9), django_capture_on_commit_callbacks) == {
            "rappels": 0,
            "questions": 0,
            "signalements": 0,
        }
    assert not request_.events.filter(
        kind__in=[EventKind.REMINDED, EventKind.ESCALATED, EventKind.FOLLOWED_UP]
    ).exists()


@pytest.mark.django_db
def test_a_youth_who_gave_no_email_is_asked_by_sms(offer, django_capture_on_commit_callbacks):
    request = make_request(offer, now=SUBMITTED, email="")

    assert run_sweep(at(8, 8), django_capture_on_commit_callbacks) == {"rappels": 1, "questions": 1, "signalements": 0}
    assert request.events.filter(kind=EventKind.FOLLOWED_UP).count() == 1
    assert "contact_request_follow_up" not in kinds(request)
    assert list(Sms.objects.related_to(request).order_by("pk").values_list("kind", "recipient")) == [
        ("contact_request_acknowledgement", "+33612345678"),
        ("contact_request_no_contact_question", "+33612345678"),
    ]


@pytest.mark.django_db
def test_the_purge_anonymises_exactly_the_requests_past_retention(
    offer, django_user_model, django_capture_on_commit_callbacks
):
    professional = django_user_model.objects.create_user(email="pro@ml-reims.example.fr", password="x")
    # Long after the real clock too: professionals' actions are logged at the real time.
    now = datetime.datetime(2028, 1, 15, 12, 0, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        old_closed = make_request(offer, now=SUBMITTED, email="a@example.fr", phone=None)
        old_withdrawn = make_request(offer, now=SUBMITTED, email="b@example.fr", phone=None)
        old_open = make_request(offer, now=SUBMITTED, email="c@example.fr", phone=None)
        old_contacted = make_request(offer, now=SUBMITTED, email="e@example.fr", phone=None)
        recent_closed = make_request(offer, now=SUBMITTED, email="d@example.fr", phone=None)
        recently_contacted = make_request(offer, now=SUBMITTED, email="f@example.fr", phone=None)
    old_closed.close(
        by=professional,
        outcome=Outcome.SERVICE_MOBILISED,
        comment="RDV pris",
        at=at(4),
        contacted_at=at(4),
        channel="phone",
    )
    old_withdrawn.withdraw(at=at(4))
    old_contacted.mark_contacted(by=professional, at=at(5), channel="phone")
    recent_closed.close(by=professional, outcome=Outcome.NO_LONGER_NEEDED, at=now - datetime.timedelta(days=300))
    recently_contacted.mark_contacted(by=professional, at=at(5), channel="phone")
    recently_contacted.log(EventKind.CONTACTED, by=professional, at=now - datetime.timedelta(days=30))
    # Reading a request is no news of it: it does not keep the data longer.
    old_open.log(EventKind.VIEWED, by=professional, at=now - datetime.timedelta(days=2))
    # An answer that tells the youth's story is not kept for statistics.
    type(old_open).objects.filter(pk=old_open.pk).update(
        answers={"age": 19, "situation": "job_seeker", "handicap": "oui"}
    )
    Email.objects.related_to(old_open).update(
        provider_response={"recipients": {"c@example.fr": {"status": "sent"}}}, last_error="550 c@example.fr refusé"
    )

    assert purge(now=now) == 4
    assert purge(now=now) == 0

    for request in (old_closed, old_withdrawn, old_open, old_contacted):
        request.refresh_from_db()
        assert (request.first_name, request.email, str(request.phone), request.message) == ("", "", "", "")
        assert request.anonymised_at == now
        assert request.commune_id and request.offer_id  # what statistics need
        assert request.answers == {"age": 19, "situation": "job_seeker"} and request.answers_in_words == []
        for email in Email.objects.related_to(request):
            assert (email.recipients, email.reply_to, email.body_text, email.body_html) == ([], [], "", "")
            assert (email.provider_response, email.last_error) == (None, "")
    old_closed.refresh_from_db()
    assert old_closed.outcome_comment == "" and old_closed.outcome
    for request in (recent_closed, recently_contacted):
        request.refresh_from_db()
        assert request.email and request.anonymised_at is None
        assert all(email.body_text for email in Email.objects.related_to(request))


@pytest.mark.django_db
def test_the_purge_erases_the_notes_written_in_the_history(offer, territory, django_capture_on_commit_callbacks):
    """Professionals write what they learn in notes: a phone number, an address, a pregnancy. The purge erases those
    words with the youth's contact, and keeps the events the statistics count."""
    animator = territory.animators.get()
    other_offer = OfferFactory(
        organisation=offer.organisation, theme=offer.theme, title="Logement d’urgence", territories=[territory]
    )
    now = datetime.datetime(2028, 1, 15, 12, 0, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=SUBMITTED, email="lea@example.fr", phone=None)
        request.add_note(by=animator, text="Rappeler au 06 98 76 54 32, enceinte de 5 mois.", at=at(3))
        request.transfer(by=animator, to_offer=other_offer, note="Elle dort chez une amie, 12 rue des Lilas.", at=at(3))
        request.withdraw(at=at(4))
    written = {"Rappeler au 06 98 76 54 32, enceinte de 5 mois.", "Elle dort chez une amie, 12 rue des Lilas."}
    assert written <= {str(value) for event in request.events.all() for value in event.data.values()}

    assert purge(now=now) == 1

    kept = list(request.events.order_by("pk").values_list("kind", "data"))
    assert not any(sentence in str(data) for sentence in written for _, data in kept)
    assert [kind for kind, _ in kept][:4] == [
        EventKind.SUBMITTED,
        EventKind.NOTE,
        EventKind.TRANSFERRED,
        EventKind.WITHDRAWN,
    ]
    assert dict(kept[2][1])["to_offer"] == "Logement d’urgence"

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome, RequestStatus
from contact_requests.models import ContactRequest
from contact_requests.submission import Contact, SubmissionOutcome, submit_request
from notifications.models import Email
from questionnaires.journey import questionnaire_for
from territories.models import Commune
from tests.backoffice.factories import make_member
from tests.contact_requests.factories import make_request, tracked_reference

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_10AM = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS)


@pytest.mark.django_db
def test_a_request_is_saved_with_its_due_date_history_and_two_emails(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    assert request.status == RequestStatus.NEW
    assert request.due_date == datetime.date(2025, 12, 5)  # 3 working days after Tuesday
    assert request.reference.startswith("BJ-") and len(request.reference) == 9
    assert request.answers_in_words[0] == ["Âge", "19 ans"]
    assert list(request.events.values_list("kind", flat=True)) == [EventKind.SUBMITTED]
    alert, acknowledgement = sorted(mailoutbox, key=lambda message: message.to[0])
    assert alert.to == ["accueil@ml-reims.example.fr"]
    assert alert.subject == f"Nouvelle demande {request.reference} : à contacter au plus tard le vendredi 5 décembre"
    assert "au plus tard le vendredi 5 décembre 2025" in alert.body
    assert acknowledgement.to == ["lea@example.fr"]
    assert acknowledgement.subject == "Ta demande est bien envoyée à la Mission locale de Reims"
    assert "est bien arrivée chez la Mission locale de Reims." in acknowledgement.body
    assert "au plus tard le vendredi 5 décembre" in acknowledgement.body
    assert tracked_reference(acknowledgement.body) == request.reference
    assert tracked_reference(acknowledgement.alternatives[0][0]) == request.reference


@pytest.mark.django_db
def test_without_email_only_the_organisation_is_alerted(offer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_request(offer, now=TUESDAY_10AM, email="")

    assert [message.to for message in mailoutbox] == [["accueil@ml-reims.example.fr"]]


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_request(offer):
    key = uuid.uuid4()
    arguments = {
        "offer": offer,
        "commune": Commune.objects.get(insee_code="51454"),
        "territory_id": None,
        "questionnaire": questionnaire_for(offer.theme),
        "answers": {},
        "contact": Contact(first_name="", email="", phone="+33612345678", preferred_channel="phone", message=""),
        "submission_key": key,
        "now": TUESDAY_10AM,
    }

    first = submit_request(**arguments)
    second = submit_request(**arguments)

    assert (first.outcome, second.outcome) == (SubmissionOutcome.CREATED, SubmissionOutcome.SAME_FORM)
    assert first.request == second.request
    assert ContactRequest.objects.count() == 1


def submit_again(offer, *, email="", phone=None, now):
    return submit_request(
        offer=offer,
        commune=Commune.objects.get(insee_code="51454"),
        territory_id=None,
        questionnaire=questionnaire_for(offer.theme),
        answers={},
        contact=Contact(first_name="", email=email, phone=phone, preferred_channel="email", message=""),
        submission_key=uuid.uuid4(),
        now=now,
    )


@pytest.mark.django_db
def test_the_same_person_asking_again_within_7_days_gets_the_existing_request(offer):
    first = make_request(offer, now=TUESDAY_10AM, email="Lea@Example.fr", phone=None)

    again = submit_again(offer, email="lea@example.fr", now=TUESDAY_10AM + datetime.timedelta(days=6))

    assert again == (first, SubmissionOutcome.DUPLICATE)
    later = make_request(offer, now=TUESDAY_10AM + datetime.timedelta(days=8), email="lea@example.fr", phone=None)
    assert later != first


@pytest.mark.django_db
def test_a_withdrawn_request_does_not_block_a_new_one(offer):
    first = make_request(offer, now=TUESDAY_10AM)
    first.withdraw(at=TUESDAY_10AM)

    assert make_request(offer, now=TUESDAY_10AM + datetime.timedelta(hours=1)) != first


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "contacted"),
    [
        (Outcome.NOT_REACHABLE, False),
        (Outcome.NO_LONGER_NEEDED, False),
        (Outcome.OTHER, False),  # closed without any contact
        (Outcome.NO_LONGER_NEEDED, True),  # reached, but the need was gone
    ],
)
def test_a_request_that_went_nowhere_does_not_block_a_new_one_which_alerts_the_organisation_again(
    offer, outcome, contacted, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_request(offer, now=TUESDAY_10AM, email="lea@example.fr", phone="+33612345678")
    contact = {"contacted_at": TUESDAY_10AM + datetime.timedelta(hours=2), "channel": "phone"} if contacted else {}
    first.close(
        by=make_member(offer.organisation), outcome=outcome, at=TUESDAY_10AM + datetime.timedelta(hours=3), **contact
    )
    assert (first.contacted_at is not None) is contacted
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = submit_again(offer, email="lea@example.fr", now=TUESDAY_10AM + datetime.timedelta(hours=4))

    assert again.outcome is SubmissionOutcome.CREATED and again.request != first
    assert again.request.status == RequestStatus.NEW
    assert sorted(message.to[0] for message in mailoutbox) == ["accueil@ml-reims.example.fr", "lea@example.fr"]
    alert = next(message for message in mailoutbox if message.to == ["accueil@ml-reims.example.fr"])
    assert alert.subject.startswith(f"Nouvelle demande {again.request.reference} :")


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["open", "contacted", "service_mobilised", "redirected", "other_after_contact"])
def test_a_request_still_open_or_closed_after_a_real_contact_still_counts_as_the_same(offer, end):
    first = make_request(offer, now=TUESDAY_10AM, email="lea@example.fr", phone="+33612345678")
    professional = make_member(offer.organisation)
    contacted_at = TUESDAY_10AM + datetime.timedelta(hours=2)
    if end == "contacted":
        first.mark_contacted(by=professional, at=contacted_at, channel="phone")
    elif end != "open":
        outcome = Outcome.OTHER if end == "other_after_contact" else end
        first.close(by=professional, outcome=outcome, contacted_at=contacted_at, channel="phone", at=contacted_at)

    again = submit_again(offer, phone="+33612345678", now=TUESDAY_10AM + datetime.timedelta(hours=4))

    assert again == (first, SubmissionOutcome.DUPLICATE)
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_duplicate_sends_the_link_again_to_the_email_of_the_request_only(
    offer, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    first = make_request(offer, now=TUESDAY_10AM, email="lea@example.fr", phone="+33612345678")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = submit_again(offer, email="lea@example.fr", phone="+33698765432", now=TUESDAY_10AM)

    assert again.outcome is SubmissionOutcome.DUPLICATE
    (message,) = mailoutbox
    assert message.to == ["lea@example.fr"]
    assert message.subject == "Ta demande pour « Trouver un job d’été » est déjà envoyée"
    assert "Si ce n’est pas toi qui as refait cette demande" in message.body
    assert tracked_reference(message.body) == first.reference
    assert ContactRequest.objects.count() == 1
    assert sms_outbox == []


@pytest.mark.django_db
def test_the_link_is_sent_again_at_most_once_an_hour_and_never_without_an_email(
    offer, mailoutbox, django_capture_on_commit_callbacks
):
    make_request(offer, now=TUESDAY_10AM, email="lea@example.fr", phone="+33612345678")
    make_request(offer, now=TUESDAY_10AM, email="", phone="+33698765432")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for minutes in (1, 30, 59):
            submit_again(offer, email="lea@example.fr", now=TUESDAY_10AM + datetime.timedelta(minutes=minutes))
        submit_again(offer, phone="+33698765432", now=TUESDAY_10AM)
    assert [message.to for message in mailoutbox] == [["lea@example.fr"]]

    Email.objects.filter(kind="contact_request_tracking_link_again").update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit_again(offer, email="lea@example.fr", now=TUESDAY_10AM)
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_the_tracking_link_is_a_button_in_the_html_email(offer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=TUESDAY_10AM)

    (acknowledgement,) = [message for message in mailoutbox if message.to == ["lea@example.fr"]]
    html = acknowledgement.alternatives[0][0]
    link = re.search(r'<a href="([^"]+)" style="[^"]*background-color: #000091[^"]*">Voir ma demande</a>', html)
    assert link is not None
    assert tracked_reference(link.group(1)) == request.reference
    assert html.count(link.group(1)) == 1  # a button, not a long address that widens the email
    assert "<p" in html and "<br>" in html

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from contact_requests.enums import EventKind, RequestStatus
from contact_requests.models import ContactRequest
from contact_requests.submission import Contact, submit_request
from questionnaires.journey import questionnaire_for
from territories.models import Commune
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
    assert alert.subject == f"Nouvelle demande {request.reference} : à contacter avant le vendredi 5 décembre"
    assert "lea@example.fr" in alert.body and "06 12 34 56 78" in alert.body
    assert "Situation : Je cherche un emploi" in alert.body
    assert "au plus tard le vendredi 5 décembre 2025" in alert.body
    assert acknowledgement.to == ["lea@example.fr"]
    assert acknowledgement.subject == "Ta demande est bien envoyée à Mission locale de Reims"
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

    first, created = submit_request(**arguments)
    second, created_again = submit_request(**arguments)

    assert (created, created_again, first) == (True, False, second)
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_same_person_asking_again_within_7_days_gets_the_existing_request(offer):
    first = make_request(offer, now=TUESDAY_10AM, email="Lea@Example.fr", phone=None)

    again, created = submit_request(
        offer=offer,
        commune=first.commune,
        territory_id=None,
        questionnaire=questionnaire_for(offer.theme),
        answers={},
        contact=Contact(first_name="", email="lea@example.fr", phone=None, preferred_channel="email", message=""),
        submission_key=uuid.uuid4(),
        now=TUESDAY_10AM + datetime.timedelta(days=6),
    )

    assert (again, created) == (first, False)
    later = make_request(offer, now=TUESDAY_10AM + datetime.timedelta(days=8), email="lea@example.fr", phone=None)
    assert later != first


@pytest.mark.django_db
def test_a_withdrawn_request_does_not_block_a_new_one(offer):
    first = make_request(offer, now=TUESDAY_10AM)
    first.withdraw(at=TUESDAY_10AM)

    assert make_request(offer, now=TUESDAY_10AM + datetime.timedelta(hours=1)) != first

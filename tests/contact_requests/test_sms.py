"""What a youth who gave a mobile receives by SMS, sent through the local Brevo: the acknowledgement, the question after
the due date, the end of the request; one segment each, a short link to the tracking page, never at night."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome
from contact_requests.short_links import ShortLink
from contact_requests.submission import Contact, SubmissionOutcome, submit_request
from contact_requests.tasks import purge, sweep
from notifications.enums import MessageStatus, SmsEncoding
from notifications.models import PRIVATE_LINK_REDACTED, Email, Sms
from notifications.tasks import requeue_unsent_sms_at
from questionnaires.journey import questionnaire_for
from territories.models import Commune
from tests.backoffice.factories import make_member
from tests.contact_requests.conftest import PARIS
from tests.contact_requests.factories import make_request

pytestmark = pytest.mark.django_db

# Tuesday 2 December 2025, 10:00 in Reims; 3 working days: due Friday 5 December, question Monday 8 at 08:00.
TUESDAY_10AM = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS)
MOBILE = "+33612345678"
YOUTH_EMAILS = [
    "contact_request_acknowledgement",
    "contact_request_follow_up",
    "contact_request_closed_without_contact",
]
SHORT_LINK = re.compile(r"http://127\.0\.0\.1:8000(/s/[\w-]{22})$")


def texts(sms_provider) -> list[str]:
    return [received.body["content"] for received in sms_provider.accepted]


def mobile_only(offer, *, now, phone=MOBILE, **contact):
    return make_request(offer, now=now, email="", phone=phone, channel="phone", **contact)


def short_path(text: str) -> str:
    return SHORT_LINK.search(text).group(1)


def test_a_mobile_only_request_gets_one_acknowledgement_sms_whose_link_opens_the_tracking_page(
    client, offer, clock, sms_provider, django_capture_on_commit_callbacks
):
    clock.set(TUESDAY_10AM)

    with django_capture_on_commit_callbacks(execute=True):
        request = mobile_only(offer, now=clock.now)

    [received] = sms_provider.accepted
    assert (received.body["recipient"], received.body["sender"]) == ("33612345678", "BOUSSOLE")
    text = received.body["content"]
    assert re.fullmatch(
        rf"Ta demande {request.reference} est notée\. La Mission locale de Reims te contacte au plus tard le 5/12\. "
        r"Suivi : http://127\.0\.0\.1:8000/s/[\w-]{22}",
        text,
    ), text
    assert "job" not in text.lower() and "Léa" not in text  # neither the offer nor the youth's name
    sms = Sms.objects.get()
    assert (sms.kind, sms.segments, sms.encoding, sms.status) == (
        "contact_request_acknowledgement",
        1,
        SmsEncoding.GSM7,
        MessageStatus.SENT,
    )
    assert sms.body == PRIVATE_LINK_REDACTED
    assert (sms.charged_to, sms.time_zone) == (request.territory.slug, "Europe/Paris")
    # In production the link is 56 characters: https://boussole.jeunes.gouv.fr/s/ and 22 for the token.
    assert len("https://boussole.jeunes.gouv.fr" + short_path(text)) == 56
    response = client.get(short_path(text))
    assert response.status_code == 302 and response.url == request.tracking_url()
    page = client.get(response.url).content.decode()
    assert f"Ta demande {request.reference}" in page
    assert "Envoyée : un·e professionnel·le va te contacter" in page


def test_the_question_and_the_closing_sms_follow_the_life_of_the_request_with_the_same_link(
    client, offer, clock, sms_provider, mailoutbox, django_capture_on_commit_callbacks
):
    clock.set(TUESDAY_10AM)
    with django_capture_on_commit_callbacks(execute=True):
        request = mobile_only(offer, now=clock.now)
    [acknowledgement] = texts(sms_provider)

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(now=clock.set(datetime.datetime(2025, 12, 8, 7, 59, tzinfo=PARIS)))["questions"] == 0
        assert sweep(now=clock.set(datetime.datetime(2025, 12, 8, 8, 0, tzinfo=PARIS)))["questions"] == 1
        assert sweep(now=clock.move(hours=1))["questions"] == 0

    question = texts(sms_provider)[1]
    assert question.startswith(f"{request.reference} : as-tu été contacté.e par Mission locale de Reims ? Réponds ici")
    assert short_path(question) == short_path(acknowledgement)
    page = client.get(short_path(question), follow=True).content.decode()
    assert "Personne ne m’a contacté·e" in page and "On m’a contacté·e" in page
    assert not [message for message in mailoutbox if message.to == []]

    professional = make_member(offer.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        request.refresh_from_db()
        request.close(by=professional, outcome=Outcome.NOT_REACHABLE, at=clock.move(days=1))

    closing = texts(sms_provider)[2]
    assert closing.startswith(f"Ta demande {request.reference} à Mission locale de Reims est terminée.")
    assert short_path(closing) == short_path(acknowledgement)
    assert len(texts(sms_provider)) == 3
    assert not Email.objects.related_to(request).filter(kind__in=YOUTH_EMAILS).exists()


def test_a_withdrawal_is_confirmed_by_sms_without_a_link(
    offer, clock, sms_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = mobile_only(offer, now=clock.now)
        request.withdraw(at=clock.move(minutes=5))

    withdrawn = texts(sms_provider)[1]
    assert withdrawn == (
        f"Ta demande {request.reference} est bien annulée. Tu peux en faire une autre quand tu veux sur "
        "http://127.0.0.1:8000"
    )


def test_nothing_leaves_at_night_and_the_night_s_sms_leaves_at_8(
    offer, clock, sms_provider, django_capture_on_commit_callbacks
):
    clock.set(datetime.datetime(2025, 12, 2, 22, 30, tzinfo=PARIS))
    with django_capture_on_commit_callbacks(execute=True):
        mobile_only(offer, now=clock.now)

    # Beat's minute sweep through the night: nothing leaves until 08:00.
    while clock.move(minutes=10) < datetime.datetime(2025, 12, 3, 8, 0, tzinfo=PARIS):
        with django_capture_on_commit_callbacks(execute=True):
            requeue_unsent_sms_at(now=clock.now)
        assert sms_provider.received == [], clock.now
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_unsent_sms_at(now=clock.now) == 1
    assert clock.now == datetime.datetime(2025, 12, 3, 8, 0, tzinfo=PARIS)
    [received] = sms_provider.accepted
    sms = Sms.objects.get()
    assert sms.not_before == datetime.datetime(2025, 12, 3, 8, 0, tzinfo=PARIS)
    assert sms.sent_at == clock.now


@pytest.mark.parametrize(
    ("email", "channel", "sms_kinds"),
    [
        ("lea@example.fr", "email", []),
        ("lea@example.fr", "phone", []),
        ("lea@example.fr", "sms", ["contact_request_acknowledgement"]),
        ("", "phone", ["contact_request_acknowledgement"]),
    ],
)
def test_a_youth_who_gave_an_email_keeps_it_as_channel_unless_they_chose_sms(
    offer, clock, sms_outbox, mailoutbox, django_capture_on_commit_callbacks, email, channel, sms_kinds
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(offer, now=clock.now, email=email, phone=MOBILE, channel=channel)

    assert [sms.kind for sms in sms_outbox] == sms_kinds
    acknowledgements = [message for message in mailoutbox if message.to == [email]] if email else []
    assert len(acknowledgements) == (1 if email else 0)
    with django_capture_on_commit_callbacks(execute=True):
        request.follow_up(at=clock.move(days=6))
    question = ["contact_request_no_contact_question"] if sms_kinds else []
    assert [sms.kind for sms in sms_outbox] == sms_kinds + question


def submit_again(offer, *, phone, email="", now):
    return submit_request(
        offer=offer,
        commune=Commune.objects.get(insee_code="51454"),
        territory_id=None,
        questionnaire=questionnaire_for(offer.theme),
        answers={},
        contact=Contact(first_name="", email=email, phone=phone, preferred_channel="phone", message=""),
        submission_key=uuid.uuid4(),
        now=now,
    )


def test_a_request_made_again_with_a_mobile_sends_its_link_to_that_mobile_once_an_hour(
    offer, clock, sms_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_request(offer, now=clock.now, email="lea@example.fr", phone=MOBILE, channel="email")
    mailoutbox.clear()

    start = clock.now
    with django_capture_on_commit_callbacks(execute=True):
        for minutes in (1, 30, 59):
            clock.set(start + datetime.timedelta(minutes=minutes))
            again = submit_again(offer, phone=MOBILE, email="intrus@example.fr", now=clock.now)
            assert again.outcome is SubmissionOutcome.DUPLICATE

    [sms] = sms_outbox
    assert sms.recipient == MOBILE
    assert sms.body.startswith(f"Ta demande {request.reference} à Mission locale de Reims est déjà envoyée. Ton suivi")
    assert mailoutbox == []  # neither to the address typed, nor to the request's: the mobile was typed again
    with django_capture_on_commit_callbacks(execute=True):
        submit_again(offer, phone=MOBILE, now=clock.set(start + datetime.timedelta(minutes=62)))
    assert len(sms_outbox) == 2


def test_a_request_gets_at_most_4_sms(offer, clock, sms_outbox):
    request = mobile_only(offer, now=clock.now)
    for _ in range(4):
        submit_again(offer, phone=MOBILE, now=clock.move(hours=2))
    request.follow_up(at=clock.move(days=6))

    assert list(Sms.objects.related_to(request).order_by("pk").values_list("kind", flat=True)) == [
        "contact_request_acknowledgement",
        *["contact_request_tracking_link_again"] * 3,
    ]


def test_the_purge_scrubs_the_sms_and_kills_the_short_link(
    client, offer, clock, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = mobile_only(offer, now=clock.now)
    path = short_path(sms_outbox[0].body)
    professional = make_member(offer.organisation)
    request.close(by=professional, outcome=Outcome.NOT_REACHABLE, at=clock.now)

    assert purge(now=clock.move(days=400)) == 1

    assert list(Sms.objects.related_to(request).values_list("recipient", "body")) == [("", ""), ("", "")]
    assert not ShortLink.objects.exists()
    response = client.get(path)
    assert response.status_code == 404 and "Ce lien ne marche pas" in response.content.decode()
    assert request.events.filter(kind=EventKind.ANONYMISED).exists()


def test_the_short_link_works_as_long_as_the_signed_link_after_the_last_sms(
    client, offer, clock, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.REQUEST_LINK_MAX_AGE_DAYS = 90
    with django_capture_on_commit_callbacks(execute=True):
        request = mobile_only(offer, now=clock.now)
    path = short_path(sms_outbox[0].body)

    clock.move(days=89, hours=23)
    assert client.get(path).status_code == 302
    clock.move(days=1)
    expired = client.get(path)
    assert expired.status_code == 404 and "Ce lien a expiré" in expired.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        request.follow_up(at=clock.now)  # a new SMS carries the link: it works 90 days more
    assert short_path(sms_outbox[1].body) == path
    assert client.get(path).status_code == 302
    assert client.get("/s/" + "A" * 22).status_code == 404


def test_the_tracking_page_history_hides_what_did_not_arrive(client, offer, clock):
    request = mobile_only(offer, now=clock.now)
    request.log(EventKind.YOUTH_UNDELIVERED, channel="sms", message_kind="contact_request_acknowledgement")

    page = client.get(request.tracking_url()).content.decode()

    assert "non remis" not in page
    assert reverse("contact_requests:tracking", args=[request.tracking_token()]).split("/")[1] == "suivi"
    assert timezone.now() == clock.now

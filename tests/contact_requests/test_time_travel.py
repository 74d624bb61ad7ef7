"""The whole chain over a hundred requests, on a fixed clock moved through three weeks and a half, calling the periodic
tasks of CELERY_BEAT_SCHEDULE as beat calls them: half the youths gave only a mobile, some partners never answer.
Every youth is asked on their own channel, no request gets more than 4 SMS, none leaves at night, and every silent
request reaches an animator."""

import datetime
import importlib
import random
from collections import Counter

import pytest
from celery.schedules import crontab
from django.conf import settings

from boussole.celery import app as celery_app
from contact_requests.enums import ContactChannel, Outcome, RequestStatus
from contact_requests.models import ContactRequest
from notifications.enums import MessageStatus
from notifications.models import Email, Sms
from questionnaires.models import Theme
from tests.contact_requests.conftest import PARIS
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 12, 1, 0, 0, tzinfo=PARIS)  # a Monday
# Requests arrive over the first 8 days; the last of them, with a 7 working days' delay, is taken over on the 22nd.
ARRIVAL_DAYS, DAYS = 8, 23
REQUESTS = 100


def tick_length(at: datetime.datetime) -> datetime.timedelta:
    """Ten minutes by day, as the sweep of requests runs; an hour at night, when nothing falls due (no SMS leaves,
    reminders and questions wait for 08:00) and beat's runs would find nothing more."""
    return datetime.timedelta(minutes=10 if 7 <= at.astimezone(PARIS).hour < 21 else 60)


ANIMATORS = {"animatrice@reims.example.fr", "boussole@reims.example.fr"}


def due_at_tick(schedule, tick: datetime.datetime) -> bool:
    """Whether beat runs this entry during the tick starting at `tick` (in CELERY_TIMEZONE)."""
    if isinstance(schedule, int | float):
        return True  # every minute or every ten minutes: at least once per tick
    assert isinstance(schedule, crontab), schedule
    local = tick.astimezone(PARIS)
    length = tick_length(tick).total_seconds() // 60
    return (
        local.hour in schedule.hour
        and any(local.minute <= minute < local.minute + length for minute in schedule.minute)
        and local.isoweekday() % 7 in schedule.day_of_week
        and local.day in schedule.day_of_month
        and local.month in schedule.month_of_year
    )


def run_beat(tick):
    """Each task due, by its name, as beat sends it to a worker (which has imported the apps' tasks)."""
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if due_at_tick(entry["schedule"], tick):
            importlib.import_module(entry["task"].rsplit(".", 1)[0])
            celery_app.tasks[entry["task"]].apply().get()


@pytest.fixture
def partners(territory):
    """Five organisations of the territory, each with an offer; the last two never answer."""
    emploi = Theme.objects.get(slug="emploi")
    offers = []
    for number, delay in enumerate([1, 2, 3, 5, 7]):
        organisation = OrganisationFactory(
            name=f"Structure {number}", email=f"accueil{number}@structure.example.fr", territories=[territory]
        )
        offers.append(OfferFactory(theme=emploi, organisation=organisation, delay_days=delay, territories=[territory]))
    return {"responsive": offers[:3], "silent": offers[3:]}


def arrivals(partners):
    """When each request arrives (any hour, weekends included), for which offer, from whom."""
    chance = random.Random(21)
    offers = partners["responsive"] + partners["silent"]
    times = sorted(
        START + datetime.timedelta(minutes=chance.randrange(ARRIVAL_DAYS * 24 * 6) * 10) for _ in range(REQUESTS)
    )
    for number, at in enumerate(times):
        mobile_only = number % 2 == 0
        yield (
            at,
            {
                "offer": offers[number % len(offers)],
                "email": "" if mobile_only else f"jeune{number}@example.fr",
                "phone": f"+3361234{number:04d}",
                "channel": ContactChannel.PHONE
                if mobile_only
                else chance.choice([ContactChannel.EMAIL, ContactChannel.SMS]),
            },
        )


def partners_act(tick, responsive_organisations, animator):
    """Weekdays at 10:00, responsive partners record the contacts of their new requests and close those contacted two
    days before; at 15:00, the animator takes over the escalated requests and closes them."""
    local = tick.astimezone(PARIS)
    if local.isoweekday() > 5 or local.minute != 0:
        return
    if local.hour == 10:
        mine = ContactRequest.objects.filter(organisation__in=responsive_organisations)
        for request in mine.open():
            professional = request.organisation.memberships.get().user
            request.mark_contacted(by=professional, at=tick, channel=ContactChannel.PHONE)
        for request in mine.filter(status=RequestStatus.CONTACTED, contacted_at__lte=tick - datetime.timedelta(days=2)):
            request.close(by=request.organisation.memberships.get().user, outcome=Outcome.SERVICE_MOBILISED, at=tick)
    if local.hour == 15:
        for request in ContactRequest.objects.open().filter(escalated_at__isnull=False):
            request.take_over(
                by=animator,
                outcome=Outcome.REDIRECTED,
                comment="Orientée par l’animation.",
                at=tick,
                contacted_at=tick,
                channel=ContactChannel.PHONE,
            )


def test_a_hundred_requests_over_four_weeks(
    partners, territory, clock, sms_provider, mailoutbox, django_user_model, django_capture_on_commit_callbacks
):
    responsive_organisations = [offer.organisation for offer in partners["responsive"]]
    for organisation in responsive_organisations:
        user = django_user_model.objects.create_user(email=f"pro@{organisation.pk}.example.fr", password="x")
        organisation.memberships.create(user=user)
    animator = territory.animators.get()
    to_come = list(arrivals(partners))

    clock.set(START)
    while clock.now < START + datetime.timedelta(days=DAYS):
        tick = clock.now
        with django_capture_on_commit_callbacks(execute=True):
            while to_come and to_come[0][0] < tick + tick_length(tick):
                at, youth = to_come.pop(0)
                clock.set(at)
                make_request(youth.pop("offer"), now=at, **youth)
            clock.set(tick)
            partners_act(tick, responsive_organisations, animator)
        with django_capture_on_commit_callbacks(execute=True):
            run_beat(tick)
        clock.set(tick + tick_length(tick))

    requests = list(ContactRequest.objects.select_related("organisation"))
    assert len(requests) == REQUESTS
    silent = [request for request in requests if request.offer_id in {offer.pk for offer in partners["silent"]}]
    assert silent and len(silent) < REQUESTS
    sms = list(Sms.objects.all())

    # Every SMS left, by day where the organisation is, through the provider.
    assert {one.status for one in sms} == {MessageStatus.SENT}
    assert len(sms_provider.accepted) == len(sms)
    assert all(datetime.time(8) <= one.sent_at.astimezone(PARIS).time() < datetime.time(20) for one in sms)
    assert any(one.not_before for one in sms), "no SMS was written at night"
    # Never more than 4 SMS about one request.
    per_request = Counter(one.related_id for one in sms)
    assert max(per_request.values()) <= 4

    sms_kinds = {(one.related_id, one.kind) for one in sms}
    emails = list(Email.objects.filter(related_type="contact_requests.contactrequest"))
    email_kinds = {(one.related_id, one.kind): one.recipients for one in emails}
    assert not [email for email in emails if email.status != MessageStatus.SENT]
    for request in requests:
        by_sms = not request.email or request.preferred_channel == ContactChannel.SMS
        # Acknowledged, and asked after the due date when nobody had called, on the youth's own channels.
        assert ((request.pk, "contact_request_acknowledgement") in sms_kinds) is by_sms, request
        if request.email:
            assert email_kinds[(request.pk, "contact_request_acknowledgement")] == [request.email]
        if request.followed_up_at is not None:
            assert ((request.pk, "contact_request_no_contact_question") in sms_kinds) is by_sms, request
            assert ((request.pk, "contact_request_follow_up") in email_kinds) is bool(request.email), request
        if by_sms and request.status == RequestStatus.CLOSED:
            assert (request.pk, "contact_request_closed") in sms_kinds, request
        assert request.status == RequestStatus.CLOSED, request

    for request in silent:
        # Nobody at the organisation answered: the animators heard of it, the youth was asked.
        assert set(email_kinds[(request.pk, "contact_request_escalation")]) == ANIMATORS, request
        assert request.followed_up_at is not None and request.outcome == Outcome.REDIRECTED
    for request in set(requests) - set(silent):
        assert request.escalated_at is None and request.outcome == Outcome.SERVICE_MOBILISED
    mobile_only = [request for request in requests if not request.email]
    assert len(mobile_only) == REQUESTS // 2
    assert any(request.followed_up_at for request in mobile_only)
    assert len(mailoutbox) >= REQUESTS

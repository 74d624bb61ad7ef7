"""Costs under control: past SMS_MONTHLY_CAP_PER_TERRITORY segments in a month, a territory's youths still receive the
acknowledgement by SMS, nothing else, and national staff are told once that month."""

import datetime

import pytest

from notifications.models import Email, Sms
from tests.contact_requests.conftest import PARIS
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def mobile_only(offer, phone, *, now):
    return make_request(offer, now=now, email="", phone=phone, channel="sms")


def kinds(request) -> list[str]:
    return list(Sms.objects.related_to(request).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(email="djepva@jeunesse.example.fr", password="x", is_staff=True)


def test_past_the_monthly_cap_only_the_acknowledgement_leaves_and_staff_are_told_once(
    offer, territory, staff, clock, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SMS_MONTHLY_CAP_PER_TERRITORY = 2
    clock.set(datetime.datetime(2025, 12, 2, 10, 0, tzinfo=PARIS))
    first = mobile_only(offer, "+33611111111", now=clock.now)
    second = mobile_only(offer, "+33622222222", now=clock.now)

    with django_capture_on_commit_callbacks(execute=True):
        first.follow_up(at=clock.move(days=6))
        second.follow_up(at=clock.now)
        third = mobile_only(offer, "+33633333333", now=clock.now)

    assert kinds(first) == kinds(second) == kinds(third) == ["contact_request_acknowledgement"]
    [told] = [message for message in mailoutbox if message.subject.startswith("SMS :")]
    assert told.to == ["djepva@jeunesse.example.fr"]
    assert told.subject == "SMS : Grand Reims a atteint son plafond de décembre 2025"
    assert "ont coûté 2 segments de SMS ce mois-ci (décembre 2025)" in told.body
    assert f"/admin/notifications/sms/?charged_to={territory.slug}" in told.body
    assert Email.objects.filter(kind="sms_monthly_cap_reached").get().related_id == territory.pk

    # Another territory's budget is its own.
    essonne = TerritoryFactory(name="Essonne", communes=["91228"], themes=["emploi"])
    elsewhere = OfferFactory(theme=offer.theme, organisation=offer.organisation, territories=[essonne])
    evry = make_request(elsewhere, now=clock.now, email="", phone="+33644444444", commune="91228", channel="sms")
    assert evry.territory == essonne
    evry.follow_up(at=clock.now)
    assert kinds(evry) == ["contact_request_acknowledgement", "contact_request_no_contact_question"]
    assert Sms.objects.filter(charged_to=essonne.slug).count() == 2

    # A new month, a new budget.
    clock.set(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=PARIS))
    first.withdraw(at=clock.now)
    assert kinds(first) == ["contact_request_acknowledgement", "contact_request_withdrawn"]
    assert Email.objects.filter(kind="sms_monthly_cap_reached").count() == 1

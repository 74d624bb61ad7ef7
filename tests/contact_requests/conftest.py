import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from questionnaires.models import Theme
from tests.notifications.conftest import sms_outbox  # noqa: F401 — fixture
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.sms_provider import sms_provider, sms_provider_process  # noqa: F401 — fixtures
from tests.territories.factories import TerritoryFactory

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def territory(django_user_model):
    territory = TerritoryFactory(
        name="Grand Reims", communes=["51454", "51573"], contact_email="boussole@reims.example.fr"
    )
    territory.animators.add(django_user_model.objects.create_user(email="animatrice@reims.example.fr", password="x"))
    return territory


@pytest.fixture
def offer(territory):
    organisation = OrganisationFactory(
        name="Mission locale de Reims",
        email="accueil@ml-reims.example.fr",
        territories=[territory],
        signed_charter=True,
    )
    return OfferFactory(
        theme=Theme.objects.get(slug="emploi"),
        title="Trouver un job d’été",
        organisation=organisation,
        delay_days=3,
        territories=[territory],
    )


class Clock:
    """What `django.utils.timezone.now()` returns, set and moved by the test."""

    def __init__(self, now: datetime.datetime):
        self.now = now

    def set(self, now: datetime.datetime) -> datetime.datetime:
        self.now = now
        return now

    def move(self, **delta) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    """Django's clock, fixed (by default at noon in Paris, today) and moved by the test: SMS leave only by day.

    Only what asks `timezone.now()` at run time follows it; a model field's default (`default=timezone.now`) keeps
    the real time.
    """
    fixed = Clock(datetime.datetime.now(PARIS).replace(hour=12, minute=0, second=0, microsecond=0))
    with mock.patch("django.utils.timezone.now", side_effect=lambda: fixed.now):
        yield fixed

"""Freshness: an offer unreviewed for 6 months asks to be reviewed, leaves the youth side at 9, and one click brings it
back. The clock is fixed: every date below is given to the code, never read from the machine.
"""

import datetime
import io
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Email
from offers.enums import OfferEventKind, YouthState
from offers.models import Offer
from offers.tasks import sweep
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

PARIS = ZoneInfo("Europe/Paris")
REVIEWED = datetime.date(2025, 1, 15)


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


@pytest.fixture
def organisation():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    sign_charter(organisation, make_member(organisation, role="admin", email="direction@ml.example.fr"))
    return organisation


@pytest.fixture
def offer(organisation):
    from questionnaires.models import Theme

    return OfferFactory(
        theme=Theme.objects.get(slug="emploi"),
        organisation=organisation,
        title="Garantie jeunes",
        territories=list(organisation.territories.all()),
        reviewed_at=REVIEWED,
    )


def run_sweep(moment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return sweep(now=moment)


def kinds(offer):
    return list(Email.objects.related_to(offer).order_by("pk").values_list("kind", flat=True))


@pytest.mark.django_db
def test_review_request_at_6_months_reminder_a_month_later_hidden_at_9_visible_again_once_reviewed(
    offer, django_capture_on_commit_callbacks
):
    nothing = {"demandes de relecture": 0, "rappels de relecture": 0}
    assert run_sweep(at(2025, 7, 14), django_capture_on_commit_callbacks) == nothing
    assert offer.review_due_on == datetime.date(2025, 7, 15)
    # Six months after the last review: one request, however often the sweep runs.
    assert run_sweep(at(2025, 7, 15), django_capture_on_commit_callbacks) == {
        "demandes de relecture": 1,
        "rappels de relecture": 0,
    }
    assert run_sweep(at(2025, 7, 15, 18), django_capture_on_commit_callbacks) == nothing
    assert run_sweep(at(2025, 8, 14), django_capture_on_commit_callbacks) == nothing
    # A month later, one reminder.
    assert run_sweep(at(2025, 8, 15), django_capture_on_commit_callbacks) == {
        "demandes de relecture": 0,
        "rappels de relecture": 1,
    }
    assert run_sweep(at(2025, 10, 20), django_capture_on_commit_callbacks) == nothing
    assert kinds(offer) == ["offer_review_request", "offer_review_reminder"]
    request = Email.objects.get(kind="offer_review_request")
    assert request.recipients == ["direction@ml.example.fr"]
    assert request.subject == "Votre offre « Garantie jeunes » est-elle toujours à jour ?"
    assert "n’a pas été relue depuis le 15 janvier 2025" in request.body_text
    assert "cliquez sur « Cette offre est à jour »" in request.body_text
    assert "les jeunes ne verront plus cette offre à partir du 15 octobre 2025" in request.body_text
    # Youths see it until the day before nine months, not from that day on.
    assert offer in Offer.objects.live(datetime.date(2025, 10, 14))
    assert offer not in Offer.objects.live(datetime.date(2025, 10, 15))
    offer.refresh_from_db()
    assert offer.youth_state(datetime.date(2025, 10, 15)) == YouthState.STALE

    offer.mark_reviewed(by=None, at=at(2025, 10, 20))

    offer.refresh_from_db()
    assert offer.reviewed_at == datetime.date(2025, 10, 20)
    assert offer.review_requested_at is None and offer.review_reminded_at is None
    assert offer in Offer.objects.live(datetime.date(2025, 10, 20))
    assert offer.events.first().kind == OfferEventKind.REVIEWED
    # The next cycle starts from the new review.
    assert run_sweep(at(2026, 4, 19), django_capture_on_commit_callbacks) == nothing
    assert run_sweep(at(2026, 4, 20), django_capture_on_commit_callbacks)["demandes de relecture"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reviewed", "hidden_from"),
    [
        (datetime.date(2025, 5, 31), datetime.date(2026, 3, 1)),  # no 31 February: hidden from 1 March
        (datetime.date(2025, 1, 15), datetime.date(2025, 10, 15)),
        (datetime.date(2024, 5, 29), datetime.date(2025, 3, 1)),
    ],
)
def test_the_announced_date_is_the_first_day_youths_no_longer_see_the_offer(offer, reviewed, hidden_from):
    offer.reviewed_at = reviewed
    offer.save()

    assert offer.hidden_from == hidden_from
    assert offer in Offer.objects.live(hidden_from - datetime.timedelta(days=1))
    assert offer not in Offer.objects.live(hidden_from)


@pytest.mark.django_db
def test_the_delays_are_settings(offer):
    with mock.patch.object(settings, "OFFER_HIDDEN_AFTER_MONTHS", 3):
        assert offer not in Offer.objects.live(datetime.date(2025, 4, 15))
    assert offer in Offer.objects.live(datetime.date(2025, 4, 15))


@pytest.mark.django_db
def test_one_click_says_the_offer_is_up_to_date_and_shows_it_to_youths_again(client, offer, organisation):
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    offer.reviewed_at = timezone.localdate() - relativedelta(months=10)
    offer.save()
    assert offer not in Offer.objects.live()
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(organisation.memberships.get().user)
    edit = client.get(reverse("backoffice:offer_edit", args=[offer.pk])).content.decode()
    assert "faute de relecture" in edit and "Cette offre est à jour" in edit

    response = client.post(reverse("backoffice:offer_mark_reviewed", args=[offer.pk]), follow=True)

    assert "Merci : l’offre est notée à jour aujourd’hui." in response.content.decode()
    offer.refresh_from_db()
    assert offer.reviewed_at == timezone.localdate()
    assert offer in Offer.objects.live()
    client.logout()
    assert client.get(offer.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_the_sweep_command_says_what_it_will_do(offer):
    output = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=at(2025, 7, 20)):
        call_command("sweep_offers", "--dry-run", stdout=output)

    assert "À faire : 1 demande(s) de relecture, 0 rappel(s)." in output.getvalue()
    assert not Email.objects.exists()


def test_the_sweep_runs_every_day_from_the_beat_schedule():
    assert settings.CELERY_BEAT_SCHEDULE["sweep-offers"]["task"] == "offers.tasks.sweep_offers"

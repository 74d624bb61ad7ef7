"""A week of November 2025 around a weekend and a public holiday (Tuesday 11 November), with figures known by hand."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from contact_requests.enums import Outcome
from contact_requests.models import ContactRequest
from offers.models import SearchLog
from organisations.models import Organisation
from questionnaires.models import Theme
from territories.models import Commune, Territory
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

PARIS = ZoneInfo("Europe/Paris")
# Monday 17 November 2025, noon: when the figures are read.
NOW = datetime.datetime(2025, 11, 17, 12, 0, tzinfo=PARIS)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 11, day, hour, minute, tzinfo=PARIS)


@dataclass
class November:
    territory: Territory
    elsewhere: Territory
    organisation: Organisation
    other_organisation: Organisation
    animator: object
    admin: object
    requests: dict[str, ContactRequest]


def make_november() -> November:
    """Seven requests to a 2-working-day offer in Grand Reims, and searches in Reims and in Évry (Essonne).

    Working days to first contact (the day the request counts from is 0):
    - r1 Fri 7 10:00, contacted Wed 12 → Mon 10, Wed 12 (Tue 11 is a holiday): 2, due Wed 12: on time.
    - r2 Fri 7 10:00, contacted Thu 13 → 3, late.
    - r3 Mon 10 19:00 (after 18:00, next day a holiday: counts from Wed 12), contacted Thu 13 → 1, due Fri 14: on time.
    - r4 Wed 12 09:00, contacted the same day → 0, on time.
    - r5 Tue 11 09:00 (holiday: counts from Wed 12), due Fri 14, never contacted, reported by the youth: late.
    - r6 Mon 17 09:00, due Wed 19: not due yet, counts in neither.
    - r7 Fri 7 09:00, withdrawn the same day, before its due date: counts in neither.
    Median of [0, 1, 2, 3] = 1.5; 90th percentile = 2 + 0.7 × (3 − 2) = 2.7; on time 3 of 5 = 60 %.
    """
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    elsewhere = TerritoryFactory(name="Essonne", communes=["91228"])
    emploi = Theme.objects.get(slug="emploi")
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    other_organisation = OrganisationFactory(name="Structure d’Évry", territories=[elsewhere])
    admin = make_member(organisation, role="admin")
    sign_charter(organisation, admin)
    animator = get_user_model().objects.create_user(email="animatrice@example.fr", password="x")
    territory.animators.add(animator)
    offer = OfferFactory(theme=emploi, organisation=organisation, territories=[territory], delay_days=2)

    created = {"r1": at(7, 10), "r2": at(7, 10), "r3": at(10, 19), "r4": at(12, 9), "r5": at(11, 9)}
    created |= {"r6": at(17, 9), "r7": at(7, 9)}
    requests = {
        name: make_request(offer, now=moment, email=f"{name}@example.fr", phone=None)
        for name, moment in created.items()
    }
    for name, moment in {"r1": at(12, 15), "r2": at(13, 9), "r3": at(13, 16), "r4": at(12, 11)}.items():
        requests[name].mark_contacted(by=admin, at=moment, channel="phone")
    requests["r1"].close(by=admin, outcome=Outcome.SERVICE_MOBILISED, at=at(14, 10))
    requests["r1"].confirm_contact_by_youth(at=at(17, 9))
    requests["r2"].confirm_contact_by_youth(at=at(17, 9))
    requests["r5"].report_no_contact(at=at(17, 10))
    requests["r7"].withdraw(at=at(7, 12))

    reims, evry = Commune.objects.get(insee_code="51454"), Commune.objects.get(insee_code="91228")
    searches = [
        (reims, {"age": 19, "situation": "job_seeker"}, 0),
        (reims, {"age": 19, "situation": "job_seeker"}, 0),
        (reims, {"age": 19, "situation": "job_seeker"}, 1),
        (reims, {"age": 22, "situation": "student"}, 1),
        (reims, {"age": 22, "situation": "student"}, 3),
        (evry, {"age": 19, "situation": "job_seeker"}, 0),
    ]
    SearchLog.objects.bulk_create(
        SearchLog.coarsened(commune=commune, theme=emploi, answers=answers, result_count=count, day=at(12, 10).date())
        for commune, answers, count in searches
    )
    return November(territory, elsewhere, organisation, other_organisation, animator, admin, requests)


def add_searches(commune, theme_slug, answers, count, *, result_count=0):
    """`count` identical searches on Thursday 13 November, without any offer found by default."""
    theme = Theme.objects.get(slug=theme_slug)
    SearchLog.objects.bulk_create(
        [
            SearchLog.coarsened(
                commune=commune, theme=theme, answers=answers, result_count=result_count, day=at(13, 9).date()
            )
            for _ in range(count)
        ]
    )

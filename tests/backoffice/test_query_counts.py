"""Every page of the professional space makes as many queries with many rows as with a few.

Each case opens a page that shows a few rows, adds many rows of what it shows (requests, offers, coverage, members,
views…), opens it again and compares the two counts. The exact counts of the busiest pages are pinned in their own
test files.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind
from contact_requests.orientation import orient_youth
from contact_requests.submission import Contact
from organisations.models import AttachmentRequest, Invitation
from questionnaires.models import Theme
from territories.models import Commune, Department, Epci
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

MORE = 25


@pytest.fixture
def setting(client):
    territory = TerritoryFactory(name="Grand Reims", communes=["51454", "51230"])
    organisation = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    admin = make_member(organisation, role="admin")
    sign_charter(organisation, admin)
    emploi = Theme.objects.get(slug="emploi")
    offer = OfferFactory(theme=emploi, organisation=organisation, territories=[territory])
    request = make_request(offer, now=timezone.now(), email="jeune@example.fr", phone=None)
    request.log(EventKind.VIEWED, by=admin)
    peer = OrganisationFactory(territories=[territory], signed_charter=True)
    peer_offer = OfferFactory(theme=emploi, organisation=peer, territories=[territory])
    # Essonne asks that the organisation joins it too: the lists of attachment requests are not empty.
    AttachmentRequest.objects.create(organisation=organisation, territory=TerritoryFactory(name="Essonne"))
    orient(admin, organisation, peer_offer, email="orientee@example.fr")
    client.force_login(admin)
    client.get(reverse("backoffice:home"))  # the first request after login records the activity time in the session
    return {
        "territory": territory,
        "organisation": organisation,
        "offer": offer,
        "request": request,
        "theme": emploi,
        "admin": admin,
        "peer_offer": peer_offer,
    }


def more_requests(setting):
    start = timezone.now() - datetime.timedelta(days=3)
    for number in range(MORE):
        make_request(
            setting["offer"], now=start + datetime.timedelta(minutes=number), email=f"j{number}@example.fr", phone=None
        )


def more_offers(setting):
    themes = list(Theme.objects.all())
    for number in range(MORE):
        OfferFactory(
            theme=themes[number % len(themes)], organisation=setting["organisation"], territories=[setting["territory"]]
        )


def more_coverage(setting, offer_key="offer"):
    offer = setting[offer_key]
    offer.communes.add(*Commune.objects.filter(department_id="51").order_by("pk")[:MORE])
    offer.epcis.add(*Epci.objects.order_by("pk")[:5])
    offer.departments.add(*Department.objects.order_by("pk")[:5])
    offer.criteria = {"situation": ["job_seeker", "student"], "driving_licence": ["no"]}
    offer.save()


def more_peer_coverage(setting):
    more_coverage(setting, offer_key="peer_offer")


def more_partners(setting):
    for _ in range(MORE // 5):
        peer = OrganisationFactory(territories=[setting["territory"]])
        for _ in range(3):
            OfferFactory(theme=setting["theme"], organisation=peer, territories=[setting["territory"]])


def more_people(setting):
    organisation = setting["organisation"]
    for number in range(MORE // 2):
        make_member(organisation, role="admin" if number % 2 else "member")
        Invitation.objects.create(organisation=organisation, email=f"invite{number}@example.fr")


def more_views(setting):
    request = setting["request"]
    for _ in range(MORE):
        request.log(EventKind.VIEWED, by=make_member(setting["organisation"]))


def more_attachment_requests(setting):
    for number in range(MORE):
        AttachmentRequest.objects.create(
            organisation=setting["organisation"], territory=TerritoryFactory(name=f"Territoire {number}")
        )


def orient(user, organisation, offer, *, email):
    orient_youth(
        by=user,
        organisation=organisation,
        offer=offer,
        commune=Commune.objects.get(insee_code="51454"),
        contact=Contact(first_name="Léa", email=email, phone=None, preferred_channel="email", message=""),
        consent=True,
        submission_key=uuid.uuid4(),
    )


def more_orientations(setting):
    with override_settings(ORIENTATIONS_PER_PROFESSIONAL_PER_DAY=MORE + 1):
        for number in range(MORE):
            orient(setting["admin"], setting["organisation"], setting["peer_offer"], email=f"o{number}@example.fr")


# url name, the object it is about, what to add.
CASES = [
    ("home", None, more_requests),
    ("charter", None, more_people),
    ("requests", None, more_requests),
    ("request", "request", more_views),
    ("request_views", "request", more_views),
    ("request_transfer", "request", more_partners),
    ("offers", None, more_offers),
    ("offer_create", None, more_offers),
    ("offer_edit", "offer", more_coverage),
    ("offer_preview", "offer", more_coverage),
    ("directory", None, more_partners),
    ("orientations", None, more_orientations),
    ("partner_offer", "peer_offer", more_peer_coverage),
    ("orient", "peer_offer", more_partners),
    ("request_orient", "request", more_partners),
    ("organisation", None, more_people),
    ("organisation", None, more_attachment_requests),
    ("attachment_requests", None, more_attachment_requests),
]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "obj", "grow"), CASES, ids=[f"{name}-{grow.__name__}" for name, _, grow in CASES])
def test_the_query_count_does_not_grow_with_the_rows(client, setting, name, obj, grow):
    url = reverse(f"backoffice:{name}", args=[setting[obj].pk] if obj else [])
    queries(client, url)  # what is cached after a first display is cached in both measures
    few = queries(client, url)

    grow(setting)
    queries(client, url)

    assert queries(client, url) == few

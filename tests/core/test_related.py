import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contact_requests.models import ContactRequest
from core.related import with_related_values
from questionnaires.models import Theme
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory


@pytest.mark.django_db
def test_each_value_is_that_of_the_related_row_read_in_the_same_query_and_none_without_one():
    offer = OfferFactory(theme=Theme.objects.get(slug="emploi"), title="Garantie jeunes")
    request = make_request(offer, now=timezone.now(), email="jeune@example.fr", phone=None)
    requests = with_related_values(
        ContactRequest.objects.filter(pk=request.pk),
        offer_title="offer__title",
        department="organisation__commune__department_id",
        handler_email="handler__email",
    )

    with CaptureQueriesContext(connection) as captured:
        row = requests.values("reference", "offer_title", "department", "handler_email").get()

    assert row == {
        "reference": request.reference,
        "offer_title": "Garantie jeunes",
        "department": "51",
        "handler_email": None,
    }
    assert len(captured) == 1

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind
from tests.contact_requests.factories import make_request

pytestmark = pytest.mark.django_db


def test_opening_a_request_in_the_admin_records_who_saw_the_youth_data(admin_client, offer):
    request = make_request(offer, now=timezone.now(), email="lea@example.fr")
    admin = get_user_model().objects.get(is_superuser=True)

    html = admin_client.get(reverse("admin:contact_requests_contactrequest_change", args=[request.pk])).content.decode()

    assert "lea@example.fr" in html
    assert list(request.events.filter(kind=EventKind.VIEWED).values_list("actor", flat=True)) == [admin.pk]
    # The list shows no personal data: nothing to record.
    admin_client.get(reverse("admin:contact_requests_contactrequest_changelist"))
    assert request.events.filter(kind=EventKind.VIEWED).count() == 1

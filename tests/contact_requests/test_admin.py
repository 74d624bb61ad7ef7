import datetime

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind, Outcome
from contact_requests.models import ContactRequest
from stats import summary
from stats.figures import figures_for, live_figures
from stats.scopes import Period, france_scope
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


def test_a_correction_in_the_admin_is_in_the_history_and_in_the_statistics(rf, offer, monkeypatch):
    monkeypatch.setattr(summary, "HISTORY_MARGIN", datetime.timedelta(0))  # only what was written after the refresh
    request = make_request(offer, now=timezone.now() - datetime.timedelta(days=3), email="lea@example.fr")
    request.close(outcome=Outcome.NO_LONGER_NEEDED, by=None)
    summary.refresh()
    admin = get_user_model().objects.create_superuser(email="equipe@example.fr", password="x")
    model_admin = site._registry[ContactRequest]
    http_request = rf.post("/")
    http_request.user = admin
    request = ContactRequest.objects.get(pk=request.pk)
    form_class = model_admin.get_form(http_request, request, change=True)
    # The form as the page shows it, with only the outcome changed.
    data = {**form_class(instance=request).initial, "outcome": Outcome.SERVICE_MOBILISED}
    form = form_class({key: value for key, value in data.items() if value is not None}, instance=request)
    assert form.is_valid(), form.errors

    model_admin.save_model(http_request, form.save(commit=False), form, change=True)

    [edited] = request.events.filter(kind=EventKind.EDITED)
    assert (edited.actor, edited.data) == (admin, {"fields": ["outcome"]})
    assert not request.events.public().filter(kind=EventKind.EDITED).exists()
    period = Period(timezone.localdate() - datetime.timedelta(days=7), timezone.localdate())
    assert figures_for(france_scope(), period).outcomes == live_figures(france_scope(), period).outcomes

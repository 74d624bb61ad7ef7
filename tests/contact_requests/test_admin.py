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
from territories import working_days
from tests.backoffice.factories import make_member
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
    data = {**form_class(instance=request).initial, "outcome": Outcome.OTHER, "correction_note": "Sur sa demande."}
    form = form_class({key: value for key, value in data.items() if value is not None}, instance=request)
    assert form.is_valid(), form.errors

    model_admin.save_model(http_request, form.save(commit=False), form, change=True)

    [edited] = request.events.filter(kind=EventKind.EDITED)
    assert (edited.actor, edited.data) == (
        admin,
        {"fields": ["outcome"], "changes": {"outcome": ["n’en a plus besoin", "autre"]}, "note": "Sur sa demande."},
    )
    assert not request.events.public().filter(kind=EventKind.EDITED).exists()
    period = Period(timezone.localdate() - datetime.timedelta(days=7), timezone.localdate())
    assert figures_for(france_scope(), period).outcomes == live_figures(france_scope(), period).outcomes


def change_data(request, **changes) -> dict:
    """What the admin's change page posts for the request, with `changes`: its fields and its history's inline."""
    moment = changes.pop("contacted_at", request.contacted_at)
    local = timezone.localtime(moment) if moment else None
    events = list(request.events.values_list("pk", flat=True))
    data = {
        "status": request.status,
        "first_name": request.first_name,
        "email": request.email,
        "phone": str(request.phone),
        "preferred_channel": request.preferred_channel,
        "message": request.message,
        "handler": request.handler_id or "",
        "contacted_at_0": f"{local:%d/%m/%Y}" if local else "",
        "contacted_at_1": f"{local:%H:%M:%S}" if local else "",
        "contact_channel": request.contact_channel,
        "outcome": request.outcome,
        "correction_note": "",
        "events-TOTAL_FORMS": len(events),
        "events-INITIAL_FORMS": len(events),
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    for number, pk in enumerate(events):
        data |= {f"events-{number}-id": pk, f"events-{number}-request": request.pk}
    return data | changes


def test_national_staff_correct_the_contact_date_and_the_organisation_reads_why_beside_its_comment(
    admin_client, client, offer
):
    received = timezone.localtime() - datetime.timedelta(days=6)
    request = make_request(offer, now=received, email="lea@example.fr")
    member = make_member(offer.organisation, email="pro@ml-reims.example.fr")
    said = received + datetime.timedelta(days=2)
    request.close(
        by=member,
        outcome=Outcome.SERVICE_MOBILISED,
        comment="Inscrite à l’atelier CV.",
        contacted_at=said,
        channel="phone",
    )
    request.refresh_from_db()
    corrected = (received + datetime.timedelta(days=1)).replace(hour=14, minute=30, second=0, microsecond=0)
    url = reverse("admin:contact_requests_contactrequest_change", args=[request.pk])

    without_note = admin_client.post(url, change_data(request, contacted_at=corrected, outcome_comment="Effacé"))
    assert without_note.status_code == 200
    assert "Dites pourquoi vous corrigez la demande." in without_note.content.decode()
    response = admin_client.post(
        url,
        change_data(
            request,
            contacted_at=corrected,
            outcome_comment="Effacé",
            correction_note="La conseillère a appelé la veille, son agenda le montre.",
        ),
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.contacted_at, request.outcome_comment) == (corrected, "Inscrite à l’atelier CV.")
    assert request.working_days_to_contact == working_days.working_days_to(received, corrected, "51")
    [edited] = request.events.filter(kind=EventKind.EDITED)
    assert edited.data["changes"] == {"contacted_at": [f"{said:%d/%m/%Y %H:%M}", f"{corrected:%d/%m/%Y %H:%M}"]}
    client.force_login(member)
    page = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()
    assert "Inscrite à l’atelier CV." in page
    assert f"Jeune contacté·e le : {said:%d/%m/%Y %H:%M} → {corrected:%d/%m/%Y %H:%M}" in page
    assert "Note : La conseillère a appelé la veille, son agenda le montre." in page
    tracking = client.get(request.tracking_url()).content.decode()
    assert "agenda" not in tracking and "corrigée" not in tracking


def test_an_outcome_that_implies_a_contact_needs_its_date_in_the_admin_too(admin_client, offer):
    request = make_request(offer, now=timezone.now() - datetime.timedelta(days=2), email="lea@example.fr")
    request.close(by=None, outcome=Outcome.NOT_REACHABLE)
    request.refresh_from_db()
    url = reverse("admin:contact_requests_contactrequest_change", args=[request.pk])

    response = admin_client.post(url, change_data(request, outcome="redirected", correction_note="Erreur de saisie."))

    assert "« orienté·e vers une autre structure » suppose un contact : donnez sa date." in response.content.decode()
    request.refresh_from_db()
    assert request.outcome == Outcome.NOT_REACHABLE

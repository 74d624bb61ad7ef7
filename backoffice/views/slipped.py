"""Requests that slipped: the animators' list, and what an animator does with one request of their territories."""

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backoffice.access import animator_view
from backoffice.request_forms import NoteForm, SlippedFilterForm, TakeOverForm
from backoffice.views.requests import HANDLER_VALUES, handler_name, handover_page, show_request
from contact_requests.enums import EventKind, RequestStatus
from contact_requests.models import RequestEvent
from core.french import with_preposition
from core.pagination import CountedPaginator
from core.related import with_related_values
from organisations.enums import MemberRole
from organisations.models import Membership
from territories.working_days import local_date

SLIPPED_PER_PAGE = 20


@require_safe
@animator_view
def slipped_requests(request):
    """Overdue requests of the animator's territories, and those the youth reported as not contacted: each says why it
    is there, who holds it and since when, dated where its organisation is."""
    territory_requests = request.professional.territory_requests()
    reported_only = SlippedFilterForm(data=request.GET).reported_only
    requests = territory_requests.reported_not_contacted() if reported_only else territory_requests.slipped()
    # When the request reached the organisation that holds it: its last hand-over, else its arrival.
    handed_over_at = (
        RequestEvent.objects.filter(request=OuterRef("pk"), kind=EventKind.TRANSFERRED).order_by("-at").values("at")[:1]
    )
    # Plain values: the page reads a few columns of each request and of its organisation, not model instances.
    columns = (
        with_related_values(requests, **SLIPPED_RELATED_COLUMNS)
        .annotate(reached_at=Coalesce(Subquery(handed_over_at), "created_at"))
        .order_by("due_at", "pk")
        .values(*SLIPPED_COLUMNS, *SLIPPED_RELATED_COLUMNS)
    )
    page = CountedPaginator(columns, SLIPPED_PER_PAGE).get_page(request.GET.get("page"))
    rows = page.object_list
    administrators = {}
    for membership in (
        Membership.objects.filter(organisation__in={row["organisation_id"] for row in rows}, role=MemberRole.ADMIN)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    ):
        administrators.setdefault(membership.organisation_id, []).append(membership.user)
    now = timezone.now()
    page.rows = [
        _slipped_row(row, now=now, administrators=administrators.get(row["organisation_id"], [])) for row in rows
    ]
    context = {
        "page_obj": page,
        "reported_only": reported_only,
        "title": "Demandes en retard ou signalées",
    }
    return render(request, "backoffice/slipped/list.html", context)


SLIPPED_COLUMNS = (
    "pk",
    "reference",
    "status",
    "due_at",
    "reached_at",
    "taken_at",
    "no_contact_reported_at",
    "organisation_id",
)
# Read by a subquery each (`core.related`): run for the page's rows only, where joins ran for every slipped request
# of the territories to count them.
SLIPPED_RELATED_COLUMNS = {
    "commune_name": "commune__name",
    "offer_title": "offer__title",
    "organisation_name": "organisation__name",
    "organisation_email": "organisation__email",
    "organisation_phone": "organisation__phone",
    "department": "organisation__commune__department_id",
    **HANDLER_VALUES,
}


def _slipped_row(row: dict, *, now, administrators) -> dict:
    """One card of the list: every date is the day where the organisation is (`working_days.local_date`)."""
    department = row["department"]
    due = local_date(row["due_at"], department)
    handler = handler_name(row)
    return {
        "pk": row["pk"],
        "reference": row["reference"],
        "status": RequestStatus(row["status"]).label,
        "due": due,
        "days_late": (local_date(now, department) - due).days if row["due_at"] < now else 0,
        "reported": row["no_contact_reported_at"] and local_date(row["no_contact_reported_at"], department),
        "handler": handler,
        # Since when the handler holds it, or since when it waits at the organisation without one.
        "held_since": local_date(row["taken_at"] if handler and row["taken_at"] else row["reached_at"], department),
        "commune": row["commune_name"],
        "offer": row["offer_title"],
        "organisation": {
            "name": row["organisation_name"],
            "email": row["organisation_email"],
            "phone": row["organisation_phone"],
            "administrators": administrators,
        },
    }


def _animated(request, pk):
    """A request of the animator's territories (any, for staff) that is not over yet."""
    return get_object_or_404(request.professional.requests_to_follow_up(), pk=pk)


@require_POST
@animator_view
def remind(request, pk):
    contact_request = _animated(request, pk)
    if contact_request.remind_organisation(by=request.user):
        messages.success(
            request, f"Relance envoyée par e-mail {with_preposition(contact_request.organisation.name, 'à')}."
        )
    else:
        messages.error(request, "Une relance vient déjà de partir : attendez une heure avant d’en envoyer une autre.")
    return redirect("backoffice:request", pk=pk)


@require_POST
@animator_view
def add_note(request, pk):
    contact_request = _animated(request, pk)
    form = NoteForm(data=request.POST, prefix="note")
    if form.is_valid():
        contact_request.add_note(by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Note ajoutée à l’historique de la demande.")
        return redirect("backoffice:request", pk=pk)
    return _show_again(request, contact_request, note_form=form)


@require_POST
@animator_view
def take_over(request, pk):
    contact_request = _animated(request, pk)
    form = TakeOverForm(data=request.POST, prefix="reprise", contact_request=contact_request)
    if form.is_valid():
        contact_request.take_over(
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            comment=form.cleaned_data["comment"],
            **form.contact(),
        )
        messages.success(request, f"Vous avez repris et clôturé la demande {contact_request.reference}.")
        return redirect("backoffice:slipped_requests")
    return _show_again(request, contact_request, take_over_form=form)


def _show_again(request, contact_request, **forms):
    return show_request(request, contact_request, status=400, **forms)


@require_http_methods(["GET", "POST"])
@animator_view
def reassign(request, pk):
    """The animator hands the request to any live offer covering the youth's commune, of any organisation."""
    contact_request = _animated(request, pk)
    return handover_page(request, contact_request, title=f"Réaffecter la demande {contact_request.reference}")


urlpatterns = [
    path("animation/demandes/", slipped_requests, name="slipped_requests"),
    path("demandes/<int:pk>/relancer/", remind, name="request_remind"),
    path("demandes/<int:pk>/note/", add_note, name="request_note"),
    path("demandes/<int:pk>/reprendre/", take_over, name="request_take_over"),
    path("demandes/<int:pk>/reaffecter/", reassign, name="request_reassign"),
]

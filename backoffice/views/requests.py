"""Requests of the youths: the list, the request page, and what a professional does with it."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backoffice.access import act_for, member_view, professional_view
from backoffice.request_forms import (
    TABS,
    CloseForm,
    ContactedForm,
    HandoverForm,
    NoteForm,
    RequestFilterForm,
    RequestListForm,
    TakeOverForm,
    offer_choices,
)
from contact_requests.enums import OPEN_STATUSES, EventKind, RequestStatus
from contact_requests.models import ContactRequest
from core.french import with_preposition
from core.pagination import CountedPaginator
from core.related import with_related_values
from organisations.enums import MemberRole
from organisations.models import Membership
from territories.working_days import local_date

REQUESTS_PER_PAGE = 20
VIEWS_PER_PAGE = 50


# Who follows a request, as the lists read it (`handler_name`).
HANDLER_VALUES = {
    "handler_first_name": "handler__first_name",
    "handler_last_name": "handler__last_name",
    "handler_email": "handler__email",
}
# What the list reads of each request: plain values, not a model instance per row; those of its related rows by a
# subquery each (`core.related`).
ROW_VALUES = ("pk", "reference", "status", "created_at", "due_at", "is_overdue", "is_due_today")
ROW_RELATED_VALUES = {
    "offer_title": "offer__title",
    "organisation_name": "organisation__name",
    "department": "organisation__commune__department_id",
    "commune_name": "commune__name",
    "oriented_from_name": "oriented_from__name",
    **HANDLER_VALUES,
}


@require_safe
@professional_view
def request_list(request):
    shortcuts = RequestListForm(data=request.GET)
    tab = shortcuts.tab
    form = RequestFilterForm(data=request.GET or None, offers=request.professional.offers_with_requests(), tab=tab)
    now = timezone.now()
    requests = form.filter(shortcuts.filter(request.professional.visible_requests(), now=now), now=now)
    ordering = ("-finished_at", "-pk") if tab == "terminees" else ("due_at", "pk")
    # Counted on the requests alone; the page then reads plain values, not model instances for each of its rows.
    page = Paginator(requests.order_by(*ordering), REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = with_related_values(page.object_list.with_deadline_flags(now), **ROW_RELATED_VALUES).values(
        *ROW_VALUES, *ROW_RELATED_VALUES
    )
    page.rows = [_list_row(row, url=f"{request.path}{row['pk']}/") for row in rows]
    selected = form.selected_offer
    context = {
        "elsewhere": _found_in_other_tab(request, tab=tab, search=form.search),
        "form": form,
        # Rendered by hand: a select of every offer through widget templates costs more than the whole table.
        "offer_choices": [
            (pk, title, selected is not None and pk == selected.pk) for pk, title in offer_choices(request.professional)
        ],
        "tab": tab,
        "tabs": [(key, label, f"{request.path}?onglet={key}") for key, label in TABS.items()],
        "page_obj": page,
        "title": "Demandes des jeunes",
    }
    return render(request, "backoffice/requests/list.html", context)


def _found_in_other_tab(request, *, tab: str, search: str) -> dict | None:
    """A reference or first name searched in one tab that matches requests of the other: say so, with a link."""
    other = {"en-cours": "terminees", "terminees": "en-cours"}.get(tab)
    if not (search and other):
        return None
    found = request.professional.visible_requests().search(search)
    count = (found.finished() if other == "terminees" else found.active()).count()
    if not count:
        return None
    plural = "s" if count > 1 else ""
    kind = f"terminée{plural}" if other == "terminees" else "en cours"
    return {
        "text": f"{count} demande{plural} {kind} correspond{'ent' if count > 1 else ''} à « {search} »",
        "link": f"Voir {'les demandes terminées' if other == 'terminees' else 'les demandes en cours'}",
        "url": f"{request.path}?{urlencode({'onglet': other, 'recherche': search})}",
    }


def _list_row(row: dict, *, url: str) -> dict:
    department = row["department"]
    return {
        "url": url,
        "reference": row["reference"],
        "commune": row["commune_name"],
        # Dated where the organisation is, as on the request page and in the emails.
        "received": local_date(row["created_at"], department).strftime("%d/%m/%Y"),
        "offer": row["offer_title"],
        "organisation": row["organisation_name"],
        "oriented_from": row["oriented_from_name"],
        "status": RequestStatus(row["status"]).label,
        "is_open": row["status"] in OPEN_STATUSES,
        "overdue": row["is_overdue"],
        "due_today": row["is_due_today"],
        "due": local_date(row["due_at"], department).strftime("%d/%m/%Y"),
        "handler": handler_name(row),
    }


def handler_name(row: dict) -> str | None:
    """Who follows the request, from the `HANDLER_VALUES` of a row, as `User.__str__` writes it: their name, else
    their e-mail; None when nobody does."""
    return " ".join(filter(None, [row["handler_first_name"], row["handler_last_name"]])) or row["handler_email"]


@require_safe
@professional_view
def request_detail(request, pk):
    # Who oriented the youth is read on its own when there is one: two more tables joined make PostgreSQL plan the
    # query for milliseconds, for the few requests that are orientations (`core.related`).
    contact_request = (
        request.professional.visible_requests()
        .select_related("offer", "organisation__commune", "commune", "handler")
        .filter(pk=pk)
        .first()
    )
    if contact_request is None:
        # A link from an email about another of the person's organisations: act for that one.
        organisation_id = request.professional.organisation_of_request(pk)
        if organisation_id is None or not act_for(request, organisation_id):
            raise Http404("Aucune demande ne correspond.")
        contact_request = ContactRequest.objects.select_related("organisation").get(pk=pk)
        messages.info(
            request, f"Vous agissez maintenant {with_preposition(contact_request.organisation.name, 'pour')}."
        )
        return redirect("backoffice:request", pk=pk)
    return show_request(request, contact_request)


@require_safe
@professional_view
def request_views(request, pk):
    """Who displayed the youth's data, and when: the audit of the request, the latest first."""
    contact_request = get_object_or_404(request.professional.visible_requests().only("reference"), pk=pk)
    views = contact_request.events.filter(kind=EventKind.VIEWED).select_related("actor").order_by("-at", "-pk")
    context = {
        "contact_request": contact_request,
        "page_obj": CountedPaginator(views, VIEWS_PER_PAGE).get_page(request.GET.get("page")),
        "title": f"Consultations de la demande {contact_request.reference}",
    }
    return render(request, "backoffice/requests/views.html", context)


def _actionable(request, pk):
    return get_object_or_404(request.professional.actionable_requests(), pk=pk)


@require_POST
@member_view
def take(request, pk):
    contact_request = _actionable(request, pk)
    contact_request.take(by=request.user)
    messages.success(request, f"Vous suivez la demande {contact_request.reference}.")
    return redirect("backoffice:request", pk=pk)


@require_POST
@member_view
def mark_contacted(request, pk):
    contact_request = _actionable(request, pk)
    form = ContactedForm(data=request.POST, contact_request=contact_request)
    if form.is_valid():
        contact = form.contact()
        contact_request.mark_contacted(by=request.user, at=contact["contacted_at"], channel=contact["channel"])
        messages.success(request, "C’est noté : le ou la jeune a été contacté·e.")
        return redirect("backoffice:request", pk=pk)
    return show_request(request, contact_request, status=400, contacted_form=form)


@require_POST
@member_view
def close(request, pk):
    contact_request = _actionable(request, pk)
    form = CloseForm(data=request.POST, contact_request=contact_request)
    if form.is_valid():
        closed = contact_request.close(
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            comment=form.cleaned_data["comment"],
            **form.contact(),
        )
        if closed:
            messages.success(request, f"La demande {contact_request.reference} est clôturée. Merci !")
        else:
            messages.info(request, f"La demande {contact_request.reference} était déjà terminée : rien n’a changé.")
        return redirect("backoffice:requests")
    return show_request(request, contact_request, status=400, close_form=form)


@require_http_methods(["GET", "POST"])
@member_view
def transfer(request, pk):
    """Its own page: the choice among every offer covering the youth's commune is long, the request page stays light."""
    contact_request = _actionable(request, pk)
    return handover_page(request, contact_request, title=f"Transmettre la demande {contact_request.reference}")


def handover_page(request, contact_request, *, title):
    """The choice of the offer that receives the request: a professional hands it over, an animator reassigns it."""
    form = HandoverForm(
        data=request.POST or None, offers=contact_request.handover_offers(), theme=contact_request.theme
    )
    if request.method == "POST" and form.is_valid():
        contact_request.transfer(by=request.user, to_offer=form.cleaned_data["offer"], note=form.cleaned_data["note"])
        return redirect("backoffice:request_handed_over", pk=contact_request.pk)
    context = {"contact_request": contact_request, "form": form, "title": title}
    return render(request, "backoffice/requests/handover.html", context, status=400 if form.errors else 200)


@require_safe
@professional_view
def handed_over(request, pk):
    """Where whoever handed a request over lands, even without access to it now: where it went, no personal data."""
    contact_request = get_object_or_404(ContactRequest.objects.handed_over_by(request.user).only("reference"), pk=pk)
    event = contact_request.events.filter(kind=EventKind.TRANSFERRED, actor=request.user).latest("at", "pk")
    context = {
        "contact_request": contact_request,
        "event": event,
        "still_visible": request.professional.visible_requests().filter(pk=pk).exists(),
        "title": f"Demande {contact_request.reference} transmise",
    }
    return render(request, "backoffice/requests/handed_over.html", context)


def show_request(request, contact_request, *, status=200, **forms):
    """The request page; `forms` replaces a blank action form by the one sent back with its errors.

    Members of the organisation act on the request; animators of its territory (and staff) follow it up.
    It displays the youth's personal data: every display is recorded, who saw it and when.
    """
    can_act = request.professional.may_act_on(contact_request)
    can_animate = request.professional.may_follow_up(contact_request)
    contact_request.log(EventKind.VIEWED, by=request.user)
    # What happened; who looked at the data is on its own page, as views pile up over the life of a request.
    events = list(contact_request.events.history().select_related("actor"))
    context = {
        "contact_request": contact_request,
        "events": events,
        # Who closed the request and when, shown with its outcome.
        "closing": next((event for event in reversed(events) if event.kind == EventKind.CLOSED), None),
        # The provider said a message to the youth never arrived: their address or number may be wrong.
        "undelivered_to_youth": {
            event.data.get("channel") for event in events if event.kind == EventKind.YOUTH_UNDELIVERED
        },
        "can_act": can_act,
        "can_animate": can_animate,
        "title": f"Demande {contact_request.reference}",
    }
    if can_act:
        context.update(_blank_action_forms(contact_request))
    if can_animate:
        context.update(
            {
                "note_form": NoteForm(prefix="note"),
                "take_over_form": TakeOverForm(prefix="reprise", contact_request=contact_request),
                "administrators": [
                    membership.user
                    for membership in Membership.objects.filter(
                        organisation=contact_request.organisation_id, role=MemberRole.ADMIN
                    )
                    .select_related("user")
                    .order_by("user__last_name", "user__first_name", "pk")
                ],
            }
        )
    context.update(forms)
    return render(request, "backoffice/requests/detail.html", context, status=status)


def _blank_action_forms(contact_request):
    return _rendered_action_forms(contact_request.local_today(), contacted=contact_request.contacted_at is not None)


@functools.lru_cache(maxsize=8)
def _rendered_action_forms(today, *, contacted):
    """The action forms before any input: the same markup on every request page of the day (in a time zone) and
    contact state, rendered once."""
    # The forms read only whether the request was contacted, to render; the bounds of the date matter on input only.
    unsaved = ContactRequest(contacted_at=timezone.now() if contacted else None)
    return {
        "contacted_form": ContactedForm(initial={"contacted_on": today}, contact_request=unsaved).render(),
        "close_form": CloseForm(contact_request=unsaved).render(),
    }


urlpatterns = [
    path("demandes/", request_list, name="requests"),
    path("demandes/<int:pk>/", request_detail, name="request"),
    path("demandes/<int:pk>/consultations/", request_views, name="request_views"),
    path("demandes/<int:pk>/prendre/", take, name="request_take"),
    path("demandes/<int:pk>/contacte/", mark_contacted, name="request_contacted"),
    path("demandes/<int:pk>/cloturer/", close, name="request_close"),
    path("demandes/<int:pk>/transmettre/", transfer, name="request_transfer"),
    path("demandes/<int:pk>/transmise/", handed_over, name="request_handed_over"),
]

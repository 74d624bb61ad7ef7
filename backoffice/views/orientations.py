"""A professional orients a youth to a partner's offer, and follows what became of it ("Mes orientations").

The offers open to an orientation are the live offers covering the territories of the professional's organisation
(`_orientable_offers`); the flow itself is `contact_requests.orientation.orient_youth`.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from backoffice.access import member_view
from backoffice.orientation_forms import OrientationForm
from contact_requests.enums import OPEN_STATUSES, RequestStatus
from contact_requests.models import ContactRequest
from contact_requests.orientation import OWN_ORGANISATION, OrientationRefused, orient_youth
from contact_requests.submission import SubmissionOutcome
from core.forms import ERROR_TITLE
from core.french import with_preposition
from offers.eligibility import youth_page_context
from offers.models import Offer
from territories.working_days import local_date

ORIENTATIONS_PER_PAGE = 20


def _orientable_offers(request):
    """The live offers of the organisation's territories (its own included: refused with a message, not a 404)."""
    territories = list(request.professional.organisation.territories.values_list("pk", flat=True))
    if not territories:
        return Offer.objects.none()
    return Offer.objects.live().covering_territories(territories).with_page_data()


@require_safe
@member_view
def partner_offer(request, pk):
    """The offer's page in the professional space: what the youth will be offered, and "Orienter un·e jeune"."""
    offer = get_object_or_404(_orientable_offers(request), pk=pk)
    context = {
        **youth_page_context(offer),
        "own": offer.organisation_id == request.professional.organisation.pk,
        "own_message": OWN_ORGANISATION,
        "title": offer.title,
    }
    return render(request, "backoffice/orientations/offer.html", context)


def _initial_from(contact_request) -> dict:
    """What the professional already knows of the youth whose request they handle."""
    if contact_request is None:
        return {}
    return {
        "first_name": contact_request.first_name,
        "email": contact_request.email,
        "phone": contact_request.phone.as_national if contact_request.phone else "",
        "preferred_channel": contact_request.preferred_channel,
        "commune": contact_request.commune,
    }


@require_http_methods(["GET", "POST"])
@member_view
def orient(request, offer_pk):
    offer = get_object_or_404(_orientable_offers(request), pk=offer_pk)
    professional = request.professional
    source = request.GET.get("demande", "")
    from_request = (
        get_object_or_404(professional.actionable_requests().select_related("commune"), pk=source)
        if source.isdigit()
        else None
    )
    own = offer.organisation_id == professional.organisation.pk
    form = OrientationForm(data=request.POST or None, initial=_initial_from(from_request))
    if request.method == "POST" and not own and form.is_valid():
        try:
            submission = orient_youth(
                by=request.user,
                organisation=professional.organisation,
                offer=offer,
                commune=form.cleaned_data["commune"],
                contact=form.contact(),
                consent=form.cleaned_data["consent"],
                submission_key=form.cleaned_data["submission_key"],
                from_request=from_request,
            )
        except OrientationRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            _say_what_happened(request, submission, offer)
            return redirect("backoffice:orientations")
    context = {
        "offer": offer,
        "own": own,
        "own_message": OWN_ORGANISATION,
        "from_request": from_request,
        "promise": offer.contact_promise(),
        "form": form,
        "title": f"{ERROR_TITLE if form.errors else ''}Orienter un·e jeune — {offer.title}",
    }
    refused = own and request.method == "POST"
    return render(request, "backoffice/orientations/form.html", context, status=400 if refused or form.errors else 200)


def _say_what_happened(request, submission, offer):
    organisation = with_preposition(offer.organisation.name)
    if submission.outcome is SubmissionOutcome.CREATED:
        messages.success(
            request,
            f"C’est fait : {organisation} a reçu la demande {submission.request.reference} et le ou la jeune est "
            "prévenu·e. Vous suivez ici où elle en est.",
        )
    elif submission.outcome is SubmissionOutcome.SAME_FORM:
        messages.info(request, "Ce formulaire était déjà envoyé : la demande n’est pas faite deux fois.")
    else:
        messages.info(
            request,
            f"Ce ou cette jeune a déjà une demande en cours pour cette offre depuis moins de 7 jours : {organisation} "
            "l’a déjà reçue, aucune nouvelle demande n’est faite.",
        )


# What "Mes orientations" reads of each request: its status only, never the receiving side's notes or comments.
ROW_VALUES = (
    "pk",
    "reference",
    "first_name",
    "status",
    "created_at",
    "due_at",
    "contacted_at",
    "anonymised_at",
    "offer__title",
    "organisation__name",
    "organisation__commune__department_id",
)


@require_safe
@member_view
def orientation_list(request):
    orientations = ContactRequest.objects.filter(oriented_by=request.user).order_by("-created_at", "-pk")
    page = Paginator(orientations, ORIENTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    page.rows = [_row(row) for row in page.object_list.values(*ROW_VALUES)]
    context = {"page_obj": page, "title": "Mes orientations"}
    return render(request, "backoffice/orientations/list.html", context)


def _row(row: dict) -> dict:
    department = row["organisation__commune__department_id"]
    return {
        "reference": row["reference"],
        "first_name": row["first_name"] if row["anonymised_at"] is None else "",
        "offer": row["offer__title"],
        "organisation": row["organisation__name"],
        "sent": local_date(row["created_at"], department).strftime("%d/%m/%Y"),
        "due": local_date(row["due_at"], department).strftime("%d/%m/%Y"),
        "status": RequestStatus(row["status"]).label,
        "is_open": row["status"] in OPEN_STATUSES,
        "contacted": row["contacted_at"] and local_date(row["contacted_at"], department).strftime("%d/%m/%Y"),
    }


@require_safe
@member_view
def request_orient(request, pk):
    """From a request the professional handles: the partners' offers covering the youth's commune, to orient them to
    one of them as well, without closing the request."""
    contact_request = get_object_or_404(
        request.professional.actionable_requests().select_related("commune", "theme"), pk=pk
    )
    offers = contact_request.handover_offers().exclude(organisation=request.professional.organisation)
    context = {
        "contact_request": contact_request,
        "offers": offers,
        "title": f"Orienter le ou la jeune de la demande {contact_request.reference}",
    }
    return render(request, "backoffice/orientations/from_request.html", context)


urlpatterns = [
    path("orientations/", orientation_list, name="orientations"),
    path("orientations/offres/<int:pk>/", partner_offer, name="partner_offer"),
    path("orientations/offres/<int:offer_pk>/orienter/", orient, name="orient"),
    path("demandes/<int:pk>/orienter/", request_orient, name="request_orient"),
]

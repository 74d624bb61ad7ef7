"""Requests that an organisation joins another territory: the animator who asks, and who decides (its administrators,
the animators of its territories, national staff)."""

from functools import wraps

from django.contrib import messages
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST, require_safe

from backoffice.access import professional_view
from core.french import as_subject, with_preposition
from core.pagination import CountedPaginator
from offers.models import Offer
from organisations.enums import AttachmentDecision
from organisations.models import AttachmentRequest, Organisation
from organisations.onboarding import decide_attachment

ATTACHMENT_REQUESTS_PER_PAGE = 50


def attachment_view(view):
    """Animators, national staff and organisation administrators: who asks for attachments or decides them."""

    @professional_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        professional = request.professional
        if not (professional.is_animator or any(membership.is_admin for membership in professional.memberships)):
            raise Http404("Réservé à l’animation territoriale et aux administrateurs des structures.")
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@attachment_view
def attachment_requests(request):
    """Those waiting first, then the decided ones, newest first."""
    requests = (
        AttachmentRequest.objects.visible_to(request.user)
        .with_decision_right(request.user)
        .with_list_data()
        .order_by(F("decided_at").desc(nulls_first=True), "-created_at", "-pk")
    )
    context = {
        "page_obj": CountedPaginator(requests, ATTACHMENT_REQUESTS_PER_PAGE).get_page(request.GET.get("page")),
        "title": "Demandes de rattachement",
    }
    return render(request, "backoffice/attachments/list.html", context)


def _attachment_request(request, pk):
    requests = AttachmentRequest.objects.visible_to(request.user).with_decision_right(request.user).with_list_data()
    return get_object_or_404(requests, pk=pk)


@require_safe
@attachment_view
def attachment_request(request, pk):
    """The request and the organisation's public profile: all that the requesting animator sees of it until it is
    accepted (no members, invitations or requests)."""
    attachment = _attachment_request(request, pk)
    organisation = attachment.organisation
    professional = request.professional
    own_organisations = Organisation.objects.in_territories(professional.territories().values("pk"))
    context = {
        "attachment": attachment,
        "organisation": organisation,
        "live_offers": Offer.objects.live().filter(organisation=organisation).select_related("theme").order_by("title"),
        "territories": list(organisation.territories.order_by("name")),
        # After acceptance, the animator of the territory reads the organisation's own page.
        "in_own_territories": professional.is_animator and own_organisations.filter(pk=organisation.pk).exists(),
        "decisions": AttachmentDecision,
        "title": f"Demande de rattachement au territoire {attachment.territory.name}",
    }
    return render(request, "backoffice/attachments/detail.html", context)


@require_POST
@attachment_view
def attachment_request_decide(request, pk):
    attachment = _attachment_request(request, pk)
    if not attachment.can_decide:
        raise Http404("Seuls ses administrateurs, l’animation de ses territoires et l’équipe nationale décident.")
    decision = request.POST.get("decision")
    if decision not in AttachmentDecision.values:
        messages.error(request, "Choisissez d’accepter ou de refuser la demande.")
        return redirect("backoffice:attachment_request", pk=attachment.pk)
    accepted = decision == AttachmentDecision.ACCEPTED
    organisation, territory = attachment.organisation.name, attachment.territory.name
    if not decide_attachment(attachment_request=attachment, accepted=accepted, by=request.user):
        messages.info(request, "Cette demande était déjà décidée : rien n’a changé.")
    elif accepted:
        messages.success(
            request,
            f"{as_subject(organisation)} fait maintenant partie de {territory}. Ses administrateurs et "
            "l’animation de ses territoires sont prévenus par e-mail.",
        )
    else:
        messages.success(
            request, f"La demande est refusée : {with_preposition(organisation)} ne rejoint pas {territory}."
        )
    return redirect("backoffice:attachment_request", pk=attachment.pk)


urlpatterns = [
    path("rattachements/", attachment_requests, name="attachment_requests"),
    path("rattachements/<int:pk>/", attachment_request, name="attachment_request"),
    path("rattachements/<int:pk>/decision/", attachment_request_decide, name="attachment_request_decide"),
]

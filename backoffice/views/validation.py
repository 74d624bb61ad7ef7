"""The animator validates the offers covering their territories, and follows those that need a review.

Every offer is fetched through `Professional.animated_offers()`: an offer covering none of the animator's territories
is a 404. The decisions themselves are `Offer.publish` and `Offer.send_back`.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST, require_safe

from backoffice.access import animator_view
from backoffice.offer_forms import SendBackForm
from core.pagination import CountedPaginator
from core.related import with_related_values
from offers import revisions
from offers.enums import OfferEventKind, YouthState

OFFERS_PER_PAGE = 20
HISTORY_LENGTH = 20
ALREADY_DECIDED = "Cette offre n’attend plus de validation : quelqu’un l’a déjà traitée."


@require_safe
@animator_view
def offer_validation_list(request):
    # The names of the organisation and the theme by a subquery each, run for the page's offers only, where joins ran
    # for every offer awaiting validation to count them (`core.related`).
    offers = with_related_values(
        request.professional.animated_offers()
        .awaiting_validation()
        .only("title", "status", "pending_changes", "submitted_at")
        .order_by("submitted_at", "pk"),
        organisation_name="organisation__name",
        theme_name="theme__name",
    )
    page = CountedPaginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "title": "Offres à valider"}
    return render(request, "backoffice/validation/list.html", context)


@require_safe
@animator_view
def offer_freshness_list(request):
    offers = (
        request.professional.animated_offers()
        .stale()
        .with_youth_state()
        .select_related("organisation", "theme")
        .order_by("reviewed_at", "pk")
    )
    page = CountedPaginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "review_months": settings.OFFER_REVIEW_AFTER_MONTHS,
        "hidden_months": settings.OFFER_HIDDEN_AFTER_MONTHS,
        "title": "Offres à actualiser",
    }
    return render(request, "backoffice/validation/freshness.html", context)


@require_safe
@animator_view
def offer_review(request, pk):
    offer = get_object_or_404(_scoped(request), pk=pk)
    return _review_page(request, offer, SendBackForm())


@require_POST
@animator_view
def offer_publish(request, pk):
    offer = get_object_or_404(_scoped(request), pk=pk)
    event = offer.publish(by=request.user)
    if event is None:
        messages.error(request, ALREADY_DECIDED)
        return redirect("backoffice:offer_review", pk=offer.pk)
    state = offer.youth_state()
    what = "La modification de l’offre" if event.kind == OfferEventKind.CHANGE_PUBLISHED else "L’offre"
    if state == YouthState.LIVE:
        seen = "les jeunes la voient dès maintenant"
    else:
        seen = f"les jeunes ne la voient pas pour l’instant ({state.label})"
    messages.success(request, f"{what} « {offer.title} » est publiée : {seen}. La structure est prévenue par e-mail.")
    return redirect("backoffice:offer_validation_list")


@require_POST
@animator_view
def offer_send_back(request, pk):
    offer = get_object_or_404(_scoped(request), pk=pk)
    form = SendBackForm(data=request.POST)
    if not form.is_valid():
        return _review_page(request, offer, form)
    event = offer.send_back(by=request.user, comment=form.cleaned_data["comment"])
    if event is None:
        messages.error(request, ALREADY_DECIDED)
        return redirect("backoffice:offer_review", pk=offer.pk)
    if event.kind == OfferEventKind.CHANGE_SENT_BACK:
        done = (
            f"La modification de l’offre « {offer.title} » est renvoyée : "
            "les jeunes voient toujours la version publiée."
        )
    else:
        done = f"L’offre « {offer.title} » est renvoyée à la structure : elle redevient un brouillon."
    messages.success(request, f"{done} La structure reçoit votre commentaire par e-mail.")
    return redirect("backoffice:offer_validation_list")


def _scoped(request):
    return request.professional.animated_offers().select_related("organisation", "theme")


def _review_page(request, offer, form):
    if offer.has_pending_changes:
        changes = revisions.describe(offer, offer.pending_changes)
    else:
        changes = []
    context = {
        "offer": offer,
        "youth_state": offer.youth_state(),
        "changes": changes,
        "content": revisions.describe_offer(offer),
        "form": form,
        "events": offer.events.select_related("actor")[:HISTORY_LENGTH],
        "title": f"Valider l’offre « {offer.title} »" if offer.is_awaiting_validation else f"L’offre « {offer.title} »",
    }
    return render(request, "backoffice/validation/review.html", context)


urlpatterns = [
    path("animation/offres-a-valider/", offer_validation_list, name="offer_validation_list"),
    path("animation/offres-a-actualiser/", offer_freshness_list, name="offer_freshness_list"),
    path("animation/offres/<int:pk>/", offer_review, name="offer_review"),
    path("animation/offres/<int:pk>/publier/", offer_publish, name="offer_publish"),
    path("animation/offres/<int:pk>/renvoyer/", offer_send_back, name="offer_send_back"),
]

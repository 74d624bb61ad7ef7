"""The organisation's offers: list, create, edit, duplicate, archive, preview, submit for validation.

Every offer is fetched through `_offers(request)`, scoped to the professional's organisation: another
organisation's offer is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backoffice.access import member_view
from backoffice.offer_forms import SHOW_QUESTIONS, SHOWN_THEME, OfferForm
from offers.enums import OfferStatus
from offers.models import Offer
from offers.views import eligibility_in_plain_words
from questionnaires.journey import questionnaire_for

OFFERS_PER_PAGE = 20
COPY_SUFFIX = " (copie)"


def _offers(request):
    return Offer.objects.filter(organisation=request.professional.organisation)


@require_safe
@member_view
def offer_list(request):
    offers = (
        _offers(request)
        .select_related("theme")
        .annotate(archived=Case(When(status=OfferStatus.ARCHIVED, then=Value(1)), default=Value(0)))
        .order_by("archived", "title", "pk")
    )
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    page.pages_list = page.paginator.get_elided_page_range(page.number)
    context = {"page_obj": page, "title": "Nos offres"}
    return render(request, "backoffice/offers/offer_list.html", context)


@require_http_methods(["GET", "POST"])
@member_view
def offer_create(request):
    return _offer_form(request, Offer(), title="Nouvelle offre")


@require_http_methods(["GET", "POST"])
@member_view
def offer_edit(request, pk):
    offer = get_object_or_404(_offers(request), pk=pk)
    return _offer_form(request, offer, title=f"Modifier l’offre « {offer.title} »")


def _offer_form(request, offer, *, title):
    is_new = offer.pk is None
    form = OfferForm(data=request.POST or None, organisation=request.professional.organisation, instance=offer)
    if request.method == "POST":
        if form.wants_theme_questions():
            form = form.with_theme_questions()
        elif form.is_valid():
            offer = form.save()
            if is_new:
                messages.success(request, "L’offre est enregistrée en brouillon. Les jeunes ne la voient pas encore.")
            elif form.sent_back_to_validation:
                messages.success(
                    request,
                    "Modifications enregistrées. Vous avez changé le public ou les lieux de l’offre : elle n’est plus "
                    "visible des jeunes jusqu’à sa validation par l’animation territoriale.",
                )
            else:
                messages.success(request, "Modifications enregistrées.")
            return redirect("backoffice:offer_edit", pk=offer.pk)
    context = {
        "form": form,
        "offer": offer,
        "is_new": is_new,
        "shown_theme_name": SHOWN_THEME,
        "show_questions_name": SHOW_QUESTIONS,
        "title": title,
    }
    return render(request, "backoffice/offers/offer_form.html", context)


@require_POST
@member_view
def offer_duplicate(request, pk):
    offer = get_object_or_404(_offers(request), pk=pk)
    copy = _duplicate(offer)
    messages.success(request, "Voici la copie, en brouillon : modifiez-la puis enregistrez.")
    return redirect("backoffice:offer_edit", pk=copy.pk)


@require_POST
@member_view
def offer_archive(request, pk):
    offer = get_object_or_404(_offers(request), pk=pk)
    if offer.status == OfferStatus.ARCHIVED:
        messages.info(request, "Cette offre était déjà archivée.")
    else:
        offer.status = OfferStatus.ARCHIVED
        offer.save(update_fields=["status", "updated_at"])
        messages.success(request, f"L’offre « {offer.title} » est archivée : les jeunes ne la voient plus.")
    return redirect("backoffice:offers")


@require_POST
@member_view
def offer_submit(request, pk):
    offer = get_object_or_404(_offers(request), pk=pk)
    if offer.status != OfferStatus.DRAFT:
        messages.error(request, "Seule une offre en brouillon peut être envoyée pour validation.")
    else:
        offer.status = OfferStatus.SUBMITTED
        offer.save(update_fields=["status", "updated_at"])
        messages.success(
            request, "L’offre est envoyée pour validation. L’animation territoriale la relit avant de la publier."
        )
    return redirect("backoffice:offer_edit", pk=offer.pk)


@require_safe
@member_view
def offer_preview(request, pk):
    """The youth's offer page, same template and same context, under a banner saying it is a preview."""
    offer = get_object_or_404(_offers(request).with_page_data(), pk=pk)
    context = {
        "offer": offer,
        "eligibility": eligibility_in_plain_words(offer, questionnaire_for(offer.theme)),
        "is_live": Offer.objects.live().filter(pk=offer.pk).exists(),
        "title": f"Aperçu : {offer.title}",
    }
    return render(request, "backoffice/offers/offer_preview.html", context)


@transaction.atomic
def _duplicate(offer: Offer) -> Offer:
    """A draft copy with the same texts, coverage and criteria."""
    copy = Offer.objects.get(pk=offer.pk)
    copy.pk = None
    copy._state.adding = True
    copy.title = offer.title[: Offer._meta.get_field("title").max_length - len(COPY_SUFFIX)] + COPY_SUFFIX
    copy.status = OfferStatus.DRAFT
    copy.reviewed_at = None
    copy.save()
    for name in ("communes", "epcis", "departments", "territories"):
        getattr(copy, name).set(getattr(offer, name).all())
    return copy


urlpatterns = [
    path("offres/", offer_list, name="offers"),
    path("offres/nouvelle/", offer_create, name="offer_create"),
    path("offres/<int:pk>/modifier/", offer_edit, name="offer_edit"),
    path("offres/<int:pk>/dupliquer/", offer_duplicate, name="offer_duplicate"),
    path("offres/<int:pk>/archiver/", offer_archive, name="offer_archive"),
    path("offres/<int:pk>/apercu/", offer_preview, name="offer_preview"),
    path("offres/<int:pk>/soumettre/", offer_submit, name="offer_submit"),
]

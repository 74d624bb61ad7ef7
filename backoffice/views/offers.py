"""The organisation's offers: list, create, edit, duplicate, archive, preview, submit for validation, mark as
reviewed. A published offer is never edited in place: its change waits for an animator (`Offer.propose_changes`).

Every offer is fetched through `_offers(request)`, scoped to the professional's organisation: another
organisation's offer is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Case, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backoffice.access import member_view
from backoffice.offer_forms import SHOW_QUESTIONS, SHOWN_THEME, TEXT_FIELDS, OfferForm
from backoffice.plain_language import advice
from core.pagination import CountedPaginator
from offers import revisions
from offers.eligibility import youth_page_context
from offers.enums import OfferEventKind, OfferStatus, YouthState
from offers.models import Offer

OFFERS_PER_PAGE = 20
HISTORY_LENGTH = 10
# More than any text of an offer: the advice is never asked for a whole book.
TEXT_MAX_LENGTH = 10_000


def _offers(request):
    return Offer.objects.filter(organisation=request.professional.organisation)


@require_safe
@member_view
def offer_list(request):
    offers = (
        _offers(request)
        .select_related("theme")
        .with_youth_state()
        .annotate(archived=Case(When(status=OfferStatus.ARCHIVED, then=Value(1)), default=Value(0)))
        .order_by("archived", "title", "pk")
    )
    page = CountedPaginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    page.pages_list = page.paginator.get_elided_page_range(page.number)
    context = {
        "page_obj": page,
        "review_months": settings.OFFER_REVIEW_AFTER_MONTHS,
        "hidden_months": settings.OFFER_HIDDEN_AFTER_MONTHS,
        "title": "Vos offres",
    }
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
    is_published = offer.status == OfferStatus.PUBLISHED
    # Read before the form writes the typed values on the instance.
    youth_state = None if is_new else offer.youth_state()
    pending_diff = revisions.describe(offer, offer.pending_changes) if offer.has_pending_changes else []
    # A change the animator sent back: the form shows what the organisation wrote, not the published text.
    sent_back = offer.sent_back_change() if is_published else None
    form = OfferForm(
        data=request.POST or None,
        organisation=request.professional.organisation,
        instance=offer,
        pending=(offer.pending_changes or (sent_back.changes if sent_back else None)) if is_published else None,
    )
    if request.method == "POST":
        if form.wants_theme_questions():
            form = form.with_theme_questions()
        elif form.is_valid():
            if is_published:
                _propose_changes(request, offer, form)
            else:
                offer = form.save(by=request.user)
                messages.success(request, _saved_message(is_new, offer))
            return redirect("backoffice:offer_edit", pk=offer.pk)
    context = {
        "form": form,
        "offer": offer,
        "is_new": is_new,
        "is_published": is_published,
        "youth_state": youth_state,
        "last_decision": None if is_new else sent_back or _last_decision(offer),
        "pending_diff": pending_diff,
        "sent_back_diff": revisions.describe(offer, sent_back.changes or {}) if sent_back else [],
        "events": [] if is_new else offer.events.select_related("actor")[:HISTORY_LENGTH],
        "shown_theme_name": SHOWN_THEME,
        "show_questions_name": SHOW_QUESTIONS,
        "title": title,
    }
    return render(request, "backoffice/offers/offer_form.html", context)


def _propose_changes(request, offer, form):
    """A published offer stays as it is for youths: the change waits for an animator."""
    live = Offer.objects.get(pk=offer.pk)  # the form wrote the proposed values on `offer`, in memory only
    had_pending, had_sent_back = live.has_pending_changes, live.sent_back_change() is not None
    if live.propose_changes(values=form.proposed_values(), by=request.user):
        messages.success(
            request,
            "Modification envoyée pour validation. Les jeunes voient toujours la version publiée ; "
            "la nouvelle version la remplacera dès que l’animation territoriale l’aura validée.",
        )
    elif had_pending:
        messages.success(
            request, "Vous avez repris la version publiée : la modification qui attendait la validation est retirée."
        )
    elif had_sent_back:
        messages.success(
            request, "Vous avez repris la version publiée : la modification renvoyée par l’animation est abandonnée."
        )
    else:
        messages.success(
            request, "Enregistré. Ce que voient les jeunes ne change pas : l’offre publiée est notée à jour."
        )


def _saved_message(is_new, offer) -> str:
    if is_new:
        return "L’offre est enregistrée en brouillon. Les jeunes ne la voient pas encore."
    if offer.status == OfferStatus.SUBMITTED:
        return "Modifications enregistrées. L’offre attend toujours la validation de l’animation territoriale."
    return "Modifications enregistrées. Les jeunes ne voient pas cette offre."


def _last_decision(offer):
    """The animator's last word on the offer, when it sent something back and nothing was sent since."""
    event = offer.events.select_related("actor").first()
    sent_back = {OfferEventKind.SENT_BACK, OfferEventKind.CHANGE_SENT_BACK}
    return event if event and event.kind in sent_back else None


@require_POST
@member_view
def offer_duplicate(request, pk):
    offer = get_object_or_404(_offers(request), pk=pk)
    copy = offer.duplicate(by=request.user)
    messages.success(request, "Voici la copie, en brouillon : modifiez-la puis enregistrez.")
    return redirect("backoffice:offer_edit", pk=copy.pk)


@require_http_methods(["GET", "POST"])
@member_view
def offer_archive(request, pk):
    """Asks first (GET), then archives (POST): youths no longer see the offer, and only a copy brings it back."""
    offer = get_object_or_404(_offers(request), pk=pk)
    if request.method == "GET" and offer.status != OfferStatus.ARCHIVED:
        context = {"offer": offer, "youth_state": offer.youth_state(), "title": f"Archiver l’offre « {offer.title} » ?"}
        return render(request, "backoffice/offers/offer_archive.html", context)
    if request.method == "POST" and offer.archive(by=request.user):
        messages.success(request, f"L’offre « {offer.title} » est archivée : les jeunes ne la voient plus.")
    else:
        messages.info(request, "Cette offre était déjà archivée.")
    return redirect("backoffice:offers")


@require_POST
@member_view
def offer_submit(request, pk):
    offer = get_object_or_404(_offers(request), pk=pk)
    if offer.submit(by=request.user):
        messages.success(
            request,
            "L’offre est envoyée pour validation. L’animation territoriale la relit : elle la publie, ou vous la "
            "renvoie avec un commentaire. Vous recevrez un e-mail dans les deux cas.",
        )
    else:
        messages.error(request, "Seule une offre en brouillon peut être envoyée pour validation.")
    return redirect("backoffice:offer_edit", pk=offer.pk)


@require_POST
@member_view
def offer_mark_reviewed(request, pk):
    """ "Cette offre est à jour": one click, and a stale offer is shown to youths again."""
    offer = get_object_or_404(_offers(request), pk=pk)
    if offer.mark_reviewed(by=request.user):
        messages.success(
            request,
            f"Merci : l’offre est notée à jour aujourd’hui. Nous vous redemanderons de la relire "
            f"le {offer.review_due_on:%d/%m/%Y}.",
        )
    else:
        messages.error(request, "Seule une offre publiée peut être déclarée à jour.")
    return redirect("backoffice:offer_edit", pk=offer.pk)


@require_POST
@member_view
def offer_plain_language(request):
    """The plain-language advice on the offer's texts as they are typed (the offer form's script asks): no saving."""
    return JsonResponse({name: advice(request.POST.get(name, "")[:TEXT_MAX_LENGTH]) for name in TEXT_FIELDS})


@require_safe
@member_view
def offer_preview(request, pk):
    """The youth's offer page, same template and same context, under a banner saying it is a preview."""
    offer = get_object_or_404(_offers(request).with_page_data(), pk=pk)
    state = offer.youth_state()
    context = {
        **youth_page_context(offer),
        "youth_state": state,
        "is_live": state == YouthState.LIVE,
        "title": f"Aperçu : {offer.title}",
    }
    return render(request, "backoffice/offers/offer_preview.html", context)


urlpatterns = [
    path("offres/", offer_list, name="offers"),
    path("offres/nouvelle/", offer_create, name="offer_create"),
    path("offres/conseils/", offer_plain_language, name="offer_plain_language"),
    path("offres/<int:pk>/modifier/", offer_edit, name="offer_edit"),
    path("offres/<int:pk>/dupliquer/", offer_duplicate, name="offer_duplicate"),
    path("offres/<int:pk>/archiver/", offer_archive, name="offer_archive"),
    path("offres/<int:pk>/apercu/", offer_preview, name="offer_preview"),
    path("offres/<int:pk>/soumettre/", offer_submit, name="offer_submit"),
    path("offres/<int:pk>/a-jour/", offer_mark_reviewed, name="offer_mark_reviewed"),
]

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backoffice.access import act_for, professional_for, professional_view
from contact_requests.enums import RequestStatus
from contact_requests.models import due_today_condition, overdue_condition
from contact_requests.undelivered import undelivered_alerts
from core.french import with_preposition
from core.templatetags.boussole import pluralize_fr
from offers.models import Offer
from organisations.models import AttachmentRequest, CharterVersion, Organisation
from organisations.onboarding import sign_charter

# Requests whose alert bounced, listed on the animator's home (the count says how many in all).
UNDELIVERED_ALERTS_SHOWN = 10


@dataclass
class Tile:
    """One thing that needs action, counted, leading to its list."""

    count: int
    title: str
    detail: str
    url: str


def attachment_tile(waiting: int) -> Tile:
    return Tile(
        waiting,
        f"{waiting} demande{pluralize_fr(waiting)} de rattachement à décider",
        "L’animation d’un autre territoire veut y accueillir une structure : acceptez ou refusez.",
        reverse("backoffice:attachment_requests"),
    )


def animation_tiles(professional) -> list[Tile]:
    """What needs the animator's action in their territories."""
    organisations = Organisation.objects.active().in_territories(professional.territories().values("pk"))
    unsigned = organisations.not_signed_current_charter().count()
    this_month = professional.territory_requests().received_this_month().count()
    to_validate = professional.animated_offers().awaiting_validation().count()
    to_refresh = professional.animated_offers().stale().count()
    slipped = professional.territory_requests().slipped().count()
    return [
        Tile(
            slipped,
            f"{slipped} demande{pluralize_fr(slipped)} en retard ou signalée{pluralize_fr(slipped)}",
            "Le délai promis est dépassé, ou le ou la jeune dit que personne ne l’a contacté·e.",
            reverse("backoffice:slipped_requests"),
        ),
        Tile(
            to_validate,
            f"{to_validate} offre{pluralize_fr(to_validate)} à valider",
            "Nouvelles offres et modifications d’offres publiées qui attendent votre décision.",
            reverse("backoffice:offer_validation_list"),
        ),
        Tile(
            to_refresh,
            f"{to_refresh} offre{pluralize_fr(to_refresh)} à actualiser",
            f"Pas relues par leur structure depuis {settings.OFFER_REVIEW_AFTER_MONTHS} mois : "
            f"les jeunes ne les voient plus après {settings.OFFER_HIDDEN_AFTER_MONTHS} mois.",
            reverse("backoffice:offer_freshness_list"),
        ),
        Tile(
            unsigned,
            f"{unsigned} structure{pluralize_fr(unsigned)} sans charte signée",
            "Leurs offres ne sont pas visibles des jeunes tant qu’elles n’ont pas signé la charte en vigueur.",
            reverse("backoffice:territory_organisations") + "?charte=non",
        ),
        Tile(
            this_month,
            f"{this_month} demande{pluralize_fr(this_month)} ce mois-ci",
            "Reçues depuis le 1er du mois par les structures de vos territoires.",
            reverse("backoffice:requests") + "?onglet=toutes&recues=mois",
        ),
    ]


# The offers the home lists by name, each with its reason; the offers list has them all.
OFFERS_ON_HOME = 5


def offer_tasks(organisation) -> dict:
    """What the organisation's offers ask of it: those to review, those sent back, or a first one to create."""
    offers = Offer.objects.filter(organisation=organisation).order_by("title", "pk")
    to_review = list(offers.stale().order_by("reviewed_at", "pk")[:OFFERS_ON_HOME])
    sent_back = list(offers.sent_back()[:OFFERS_ON_HOME])
    return {
        "to_review": to_review,
        "sent_back": sent_back,
        "has_offers": bool(to_review or sent_back) or offers.exists(),
        "today": timezone.localdate(),
    }


@require_safe
@professional_view
def home(request):
    """What needs action now, with counters: the animator's territories first, then the organisation's requests."""
    professional = request.professional
    context = {"title": "Espace professionnel"}
    if professional.is_animator or any(membership.is_admin for membership in professional.memberships):
        # Shown only when something waits: an attachment request is rare.
        waiting = AttachmentRequest.objects.pending().decidable_by(request.user).count()
        context["attachment_tile"] = attachment_tile(waiting) if waiting else None
    if professional.is_animator:
        context["animation_tiles"] = animation_tiles(professional)
        context["undelivered_count"], context["undelivered_alerts"] = undelivered_alerts(
            professional.territory_requests(), limit=UNDELIVERED_ALERTS_SHOWN
        )
        if context["attachment_tile"]:
            context["animation_tiles"].insert(0, context.pop("attachment_tile"))
    if professional.membership or not professional.is_animator:
        now = timezone.now()
        context["counts"] = professional.visible_requests().aggregate(
            new=Count("pk", filter=Q(status=RequestStatus.NEW)),
            due_today=Count("pk", filter=due_today_condition(now)),
            overdue=Count("pk", filter=overdue_condition(now)),
        )
        # "Signalée" means one thing across the space: the youth said nobody contacted them (the animator's filter).
        context["counts"]["reported"] = professional.visible_requests().reported_not_contacted().count()
    if professional.membership:
        context["offer_tasks"] = offer_tasks(professional.organisation)
    return render(request, "backoffice/home.html", context)


@require_http_methods(["GET", "POST"])
def charter(request):
    """The current charter; an organisation administrator signs it for the organisation."""
    professional = professional_for(request)
    current = CharterVersion.current()
    organisation = professional.organisation
    signed = organisation is None or current is None or organisation.has_signed_current_charter()
    if request.method == "POST" and professional.is_admin and not signed:
        sign_charter(organisation=organisation, charter=current, by=request.user)
        messages.success(request, f"Merci : {with_preposition(organisation.name)} a signé la charte de partenariat.")
        return redirect("backoffice:home")
    context = {"charter": current, "professional": professional, "signed": signed, "title": "Charte de partenariat"}
    if organisation is None and professional.is_animator:
        territories = professional.territories().values("pk")
        context["unsigned_count"] = (
            Organisation.objects.active().in_territories(territories).not_signed_current_charter().count()
        )
    return render(request, "backoffice/charter.html", context)


# Where someone lands after choosing another organisation: the list they were on, since a page of one organisation's
# request or offer is not the other's.
SWITCH_LANDINGS = ("backoffice:requests", "backoffice:offers")


@require_POST
def switch_organisation(request):
    """The person chooses which of their organisations they act for: its requests and offers are shown from now on."""
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = None
    if organisation_id is None or not act_for(request, organisation_id):
        raise Http404("Vous n’êtes pas membre de cette structure.")
    came_from = request.POST.get("depuis", "")
    for name in SWITCH_LANDINGS:
        if came_from.startswith(reverse(name)):
            return redirect(name)
    return redirect("backoffice:home")


@require_safe
def no_access(request):
    return render(request, "backoffice/no_access.html", {"title": "Accès non ouvert"})

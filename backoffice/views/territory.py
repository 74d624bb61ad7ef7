"""The territorial animator's pages about their territories and the organisations in them."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backoffice.access import animator_view
from backoffice.organisation_forms import ExistingOrganisationForm, NewOrganisationForm
from backoffice.territory_forms import OrganisationFilterForm, TerritorySettingsForm
from contact_requests.models import ContactRequest
from core.french import as_subject
from core.pagination import CountedPaginator
from offers.models import Offer
from offers.opening import missing_for_opening
from organisations.models import INVITATION_DAYS, Organisation
from organisations.onboarding import (
    attach_to_territory,
    invite_organisation,
    reactivate_organisation,
    withdraw_from_territories,
)
from territories.enums import TerritoryStatus

ORGANISATIONS_PER_PAGE = 50


def territory_organisations_queryset(professional):
    """The organisations of the animator's territories, with what the directory shows of each."""
    live_offers = (
        Offer.objects.live()
        .filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Organisation.objects.in_territories(professional.territories().values("pk"))
        .with_charter_status()
        .with_member_data()
        .annotate(live_offer_count=Coalesce(Subquery(live_offers), 0))
        .select_related("commune")
        .order_by("name", "pk")
    )


@require_safe
@animator_view
def territory_organisations(request):
    organisations = territory_organisations_queryset(request.professional)
    unsigned_only = OrganisationFilterForm(data=request.GET).unsigned_only
    if unsigned_only:
        organisations = organisations.filter(signed_charter=False, deactivated_at__isnull=True)
    page = CountedPaginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "territories": list(request.professional.territories().order_by("name")),
        "unsigned_only": unsigned_only,
        "title": "Structures du territoire",
    }
    return render(request, "backoffice/animation/organisations.html", context)


def _invite_page(request, *, new_form=None, existing_form=None, status=200):
    territories = request.professional.territories().order_by("name")
    context = {
        "new_form": new_form or NewOrganisationForm(territories=territories, prefix="new"),
        "existing_form": existing_form or ExistingOrganisationForm(territories=territories, prefix="existing"),
        "invitation_days": INVITATION_DAYS,
        "title": "Ajouter une structure au territoire",
    }
    return render(request, "backoffice/animation/organisation_invite.html", context, status=status)


@require_http_methods(["GET", "POST"])
@animator_view
def territory_organisation_invite(request):
    """A new partner organisation, invited with its first administrator."""
    if request.method == "GET":
        return _invite_page(request)
    territories = request.professional.territories().order_by("name")
    form = NewOrganisationForm(data=request.POST, territories=territories, prefix="new")
    if not form.is_valid():
        return _invite_page(request, new_form=form, status=400)
    invitation = invite_organisation(
        organisation=form.save(commit=False),
        territory=form.cleaned_data["territory"],
        administrator_email=form.cleaned_data["administrator_email"],
        invited_by=request.user,
    )
    messages.success(
        request,
        f"{as_subject(invitation.organisation.name)} est ajoutée à {form.cleaned_data['territory'].name}. "
        f"{invitation.email} a reçu une invitation valable {INVITATION_DAYS} jours pour créer son compte "
        "et signer la charte ; d’ici là, la structure n’est pas visible des jeunes.",
    )
    return redirect("backoffice:territory_organisation", pk=invitation.organisation_id)


@require_POST
@animator_view
def territory_organisation_add(request):
    """A partner organisation joins one of the animator's territories: at once if it belongs to no territory yet,
    else once its administrators or the animators of its territories accept (`attach_to_territory`)."""
    territories = request.professional.territories().order_by("name")
    form = ExistingOrganisationForm(data=request.POST, territories=territories, prefix="existing")
    if not form.is_valid():
        return _invite_page(request, existing_form=form, status=400)
    organisation, territory = form.cleaned_data["organisation"], form.cleaned_data["territory"]
    attachment = attach_to_territory(organisation=organisation, territory=territory, by=request.user)
    if attachment.is_accepted:
        messages.success(request, f"{as_subject(organisation.name)} fait maintenant partie de {territory.name}.")
        return redirect("backoffice:territory_organisation", pk=organisation.pk)
    messages.info(
        request,
        f"{as_subject(organisation.name)} fait déjà partie d’un autre territoire : votre demande de rattachement à "
        f"{territory.name} est envoyée à ses administrateurs et à l’animation de ses territoires. Tant qu’elle "
        "n’est pas acceptée, vous voyez seulement son profil public.",
    )
    return redirect("backoffice:attachment_request", pk=attachment.pk)


def _territory_organisation(request, pk, *, wholly=False):
    """An organisation of the animator's territories; `wholly`: one that belongs to no other territory, which the
    animator deactivates and reactivates as a whole."""
    territories = request.professional.territories().values("pk")
    organisations = (
        Organisation.objects.wholly_in_territories(territories)
        if wholly
        else Organisation.objects.in_territories(territories)
    )
    return get_object_or_404(organisations.with_charter_status().select_related("commune"), pk=pk)


@require_safe
@animator_view
def territory_organisation(request, pk):
    """One organisation as the animation sees it: people, offers, and the requests still waiting for a contact."""
    professional = request.professional
    organisation = _territory_organisation(request, pk)
    open_requests = (
        professional.territory_requests()
        .filter(organisation=organisation)
        .open()
        .select_related("offer", "commune", "organisation__commune")
        .order_by("due_at", "pk")
    )
    territories = list(organisation.territories.order_by("name"))
    context = {
        "organisation": organisation,
        "own_territories": [t for t in territories if professional.is_staff or t.pk in professional.animated],
        "other_territories": [t for t in territories if not (professional.is_staff or t.pk in professional.animated)],
        "attachment_requests": organisation.attachment_requests.pending()
        .select_related("territory")
        .order_by("created_at"),
        "members": organisation.memberships.select_related("user").order_by("-role", "user__last_name"),
        "invitations": organisation.invitations.pending().order_by("-created_at"),
        "offers": Offer.objects.filter(organisation=organisation).select_related("theme").order_by("title"),
        "live_offer_ids": set(Offer.objects.live().filter(organisation=organisation).values_list("pk", flat=True)),
        "open_requests": open_requests,
        "title": organisation.name,
    }
    return render(request, "backoffice/animation/organisation.html", context)


def _names(territories) -> str:
    return ", ".join(territory.name for territory in territories)


@require_POST
@animator_view
def territory_organisation_deactivate(request, pk):
    """Out of the animator's territories only; deactivated when these were all its territories
    (`withdraw_from_territories`)."""
    organisation = _territory_organisation(request, pk)
    withdrawal = withdraw_from_territories(
        organisation=organisation, territories=request.professional.territories().values("pk"), by=request.user
    )
    if withdrawal.left:
        messages.success(
            request,
            f"{as_subject(organisation.name)} ne fait plus partie de {_names(withdrawal.left)}. Elle garde ses autres "
            "territoires, ses membres et ses offres ; ses administrateurs et l’animation de ses territoires "
            "sont prévenus par e-mail.",
        )
        return redirect("backoffice:territory_organisations")
    waiting = ContactRequest.objects.filter(organisation=organisation).open().count()
    messages.success(
        request,
        f"{as_subject(organisation.name)} est désactivée : ses offres ne sont plus visibles des jeunes et elle ne "
        "reçoit plus de demande. "
        + (
            f"{waiting} demande{'s' if waiting > 1 else ''} en attente de contact : réattribuez-les depuis leur page."
            if waiting
            else "Aucune demande n’attend de contact."
        ),
    )
    return redirect("backoffice:territory_organisation", pk=organisation.pk)


@require_POST
@animator_view
def territory_organisation_reactivate(request, pk):
    """Only by who runs every territory of the organisation: reactivating it acts in all of them."""
    organisation = _territory_organisation(request, pk, wholly=True)
    reactivate_organisation(organisation=organisation, by=request.user)
    messages.success(request, f"{as_subject(organisation.name)} est de nouveau active.")
    return redirect("backoffice:territory_organisation", pk=organisation.pk)


@require_safe
@animator_view
def territory_list(request):
    territories = request.professional.territories().order_by("name")
    if len(territories) == 1:
        return redirect("backoffice:territory_settings", pk=territories[0].pk)
    context = {"territories": territories, "title": "Vos territoires"}
    return render(request, "backoffice/animation/territories.html", context)


@require_http_methods(["GET", "POST"])
@animator_view
def territory_settings(request, pk):
    """What youths of the territory read about it, and the themes they may choose there."""
    territory = get_object_or_404(request.professional.territories(), pk=pk)
    form = TerritorySettingsForm(data=request.POST or None, instance=territory)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            f"Les réglages de {territory.name} sont enregistrés. Thèmes que les jeunes du territoire peuvent choisir : "
            f"{form.themes_in_words() or 'aucun'}.",
        )
        return redirect("backoffice:territory_settings", pk=territory.pk)
    context = {
        "territory": territory,
        "form": form,
        "youth_page": territory.communes.order_by("-population").first(),
        # An engaged territory: what it lacks to open, and who waits for it (`territory_opening.html`).
        "missing_for_opening": missing_for_opening(territory) if territory.status == TerritoryStatus.ENGAGED else None,
        "waiting_youths": territory.opening_alerts.count() if territory.status == TerritoryStatus.ENGAGED else 0,
        "title": f"Réglages de {territory.name}",
    }
    return render(request, "backoffice/animation/territory_settings.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("animation/territoires/", territory_list, name="territory_list"),
    path("animation/territoires/<int:pk>/", territory_settings, name="territory_settings"),
    path("animation/structures/", territory_organisations, name="territory_organisations"),
    path("animation/structures/ajouter/", territory_organisation_invite, name="territory_organisation_invite"),
    path("animation/structures/rattacher/", territory_organisation_add, name="territory_organisation_add"),
    path("animation/structures/<int:pk>/", territory_organisation, name="territory_organisation"),
    path(
        "animation/structures/<int:pk>/desactiver/",
        territory_organisation_deactivate,
        name="territory_organisation_deactivate",
    ),
    path(
        "animation/structures/<int:pk>/reactiver/",
        territory_organisation_reactivate,
        name="territory_organisation_reactivate",
    ),
]

"""An organisation's profile and members, invitations, and the directory of the territory's partners."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import proconnect
from backoffice.access import ACTIVE_ORGANISATION_KEY, member_view, organisation_admin_view
from backoffice.organisation_forms import (
    AcceptInvitationForm,
    InvitationForm,
    OrganisationForm,
)
from core.french import with_preposition
from offers.models import Offer
from organisations import onboarding
from organisations.models import INVITATION_DAYS, Invitation, InvitationNotValid, Organisation

# Accepting an invitation logs the person in without a password check: name the backend that holds accounts.
ACCOUNTS_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _organisation_page(request, *, profile_form=None, invitation_form=None):
    organisation = request.professional.organisation
    members = list(
        organisation.memberships.select_related("user").order_by("user__last_name", "user__first_name", "user__email")
    )
    admin_count = sum(member.is_admin for member in members)
    pending = organisation.invitations.pending().select_related("invited_by").order_by("-created_at")
    context = {
        "title": "Votre structure et ses membres",
        "organisation": organisation,
        "profile_form": profile_form
        or OrganisationForm(instance=Organisation.objects.get(pk=organisation.pk), prefix="profile"),
        "invitation_form": invitation_form
        or InvitationForm(organisation=organisation, invited_by=request.user, prefix="invitation"),
        "members": [(member, not (member.is_admin and admin_count == 1)) for member in members],
        "invitations": pending,
        "invitation_days": INVITATION_DAYS,
        "territories": organisation.territories.order_by("name"),
        "attachment_requests": organisation.attachment_requests.pending()
        .select_related("territory", "requested_by")
        .order_by("created_at"),
    }
    return render(request, "backoffice/organisation/organisation.html", context)


@require_http_methods(["GET", "POST"])
@organisation_admin_view
def organisation(request):
    # A copy of the organisation: a refused change must not show in the menu, which uses request.professional's.
    instance = Organisation.objects.get(pk=request.professional.organisation.pk)
    form = OrganisationForm(data=request.POST or None, instance=instance, prefix="profile")
    if form.is_valid():
        form.save()
        messages.success(request, "Les informations de la structure sont enregistrées.")
        return redirect("backoffice:organisation")
    return _organisation_page(request, profile_form=form)


@require_POST
@organisation_admin_view
def invite(request):
    form = InvitationForm(
        data=request.POST, organisation=request.professional.organisation, invited_by=request.user, prefix="invitation"
    )
    if form.is_valid():
        invitation = form.save()
        messages.success(
            request, f"Invitation envoyée à {invitation.email}. Le lien reçu est valable {INVITATION_DAYS} jours."
        )
        return redirect("backoffice:organisation")
    return _organisation_page(request, invitation_form=form)


@require_POST
@organisation_admin_view
def remove_member(request, pk):
    organisation = request.professional.organisation
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    user = membership.user
    try:
        onboarding.remove_member(membership=membership)
    except onboarding.LastAdministrator:
        messages.error(
            request,
            "Vous êtes le dernier administrateur ou la dernière administratrice de la structure : "
            "invitez quelqu’un avec ce rôle avant de partir.",
        )
        return redirect("backoffice:organisation")
    if user == request.user:
        request.session.pop(ACTIVE_ORGANISATION_KEY, None)
        messages.success(request, f"Vous ne faites plus partie {with_preposition(organisation.name, 'de')}.")
        return redirect("backoffice:home")
    messages.success(request, f"{user} ne fait plus partie de la structure.")
    return redirect("backoffice:organisation")


@require_POST
@organisation_admin_view
def cancel_invitation(request, pk):
    invitation = get_object_or_404(
        request.professional.organisation.invitations.filter(accepted_at__isnull=True), pk=pk
    )
    onboarding.cancel_invitation(invitation=invitation)
    messages.success(request, f"L’invitation de {invitation.email} est annulée : son lien ne fonctionne plus.")
    return redirect("backoffice:organisation")


def _invitation_problem(invitation: Invitation | None) -> str:
    if invitation is None:
        return "unknown"
    if invitation.accepted_at is not None:
        return "accepted"
    if not invitation.is_valid:
        return "expired"
    return ""


def _invalid_invitation(request, problem):
    context = {"problem": problem, "title": "Invitation non valable", "invitation_days": INVITATION_DAYS}
    return render(request, "backoffice/organisation/invitation_invalid.html", context, status=404)


def _joined(request, invitation):
    request.session[ACTIVE_ORGANISATION_KEY] = invitation.organisation_id
    messages.success(
        request, f"Bienvenue dans l’espace professionnel {with_preposition(invitation.organisation.name, 'de')} !"
    )
    return redirect("backoffice:home")


def _join_with_proconnect(request, invitation, identity, context):
    """ProConnect vouched for the invited address: the account is created without a password, linked to ProConnect."""
    if request.method == "POST":
        try:
            with transaction.atomic():
                user = proconnect.create_account(identity, email=invitation.email.lower())
                invitation.accept(user=user)
        except InvitationNotValid:
            return _invalid_invitation(request, "expired")
        proconnect.Identity.forget(request.session)
        login(request, user, backend=proconnect.BACKEND)
        return _joined(request, invitation)
    return render(request, "backoffice/organisation/invitation_proconnect.html", {**context, "identity": identity})


@login_not_required
@require_http_methods(["GET", "POST"])
def join(request, token):
    """The link of an invitation email: a new person creates an account, someone logged in just joins."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    if problem := _invitation_problem(invitation):
        return _invalid_invitation(request, problem)
    context = {"invitation": invitation, "organisation": invitation.organisation, "title": "Rejoindre la structure"}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "backoffice/organisation/invitation_other_account.html", context)
        if request.method == "POST":
            try:
                with transaction.atomic():
                    invitation.accept(user=user)
            except InvitationNotValid:
                return _invalid_invitation(request, "expired")
            return _joined(request, invitation)
        return render(request, "backoffice/organisation/invitation_join.html", context)
    if get_user_model().objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('login')}?next={request.path}"
        return render(request, "backoffice/organisation/invitation_login.html", context)
    identity = proconnect.Identity.recalled(request.session) if proconnect.is_enabled() else None
    if identity and identity.email.lower() == invitation.email.lower():
        return _join_with_proconnect(request, invitation, identity, context)
    form = AcceptInvitationForm(data=request.POST or None, invitation=invitation)
    if form.is_valid():
        try:
            user = form.save()
        except InvitationNotValid:
            return _invalid_invitation(request, "expired")
        login(request, user, backend=ACCOUNTS_BACKEND)
        return _joined(request, invitation)
    return render(request, "backoffice/organisation/invitation_signup.html", {**context, "form": form})


@require_safe
@member_view
def directory(request):
    """The other partners of the organisation's territories, with their live offers; contacts only if they agree."""
    organisation = request.professional.organisation
    territories = list(organisation.territories.order_by("name"))
    peers = (
        Organisation.objects.filter(territories__in=territories)
        .exclude(pk=organisation.pk)
        .distinct()
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=Offer.objects.live().select_related("theme").order_by("title"),
                to_attr="live_offers",
            )
        )
        .order_by("name")
    )
    context = {"title": "Annuaire du territoire", "territories": territories, "peers": peers}
    return render(request, "backoffice/directory.html", context)


urlpatterns = [
    path("structure/", organisation, name="organisation"),
    path("structure/inviter/", invite, name="organisation_invite"),
    path("structure/membres/<int:pk>/retirer/", remove_member, name="organisation_member_remove"),
    path("structure/invitations/<int:pk>/annuler/", cancel_invitation, name="organisation_invitation_cancel"),
    path("invitation/<str:token>/", join, name="invitation"),
    path("annuaire/", directory, name="directory"),
]

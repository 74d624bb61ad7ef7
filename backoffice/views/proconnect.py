"""After a ProConnect login that matched no account: the person's invitation, or whom to ask for one."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_safe

from accounts.proconnect import Identity
from organisations.models import Invitation, Organisation
from territories.models import Territory


@login_not_required
@require_safe
def unknown_identity(request):
    """Nothing is created here: an account comes only with an invitation, which the animators or the structure send."""
    identity = Identity.recalled(request.session)
    if identity is None:
        return redirect("login")
    invitation = Invitation.objects.pending().filter(email__iexact=identity.email).order_by("-created_at").first()
    if invitation is not None:
        return redirect("backoffice:invitation", token=invitation.token)
    organisation = None
    if identity.siret:
        organisation = (
            Organisation.objects.filter(siret=identity.siret)
            .prefetch_related(
                Prefetch(
                    "territories",
                    queryset=Territory.objects.order_by("name").prefetch_related("animators"),
                    to_attr="territory_list",
                )
            )
            .first()
        )
    context = {
        "identity": identity,
        "organisation": organisation,
        "title": "Vous n’avez pas encore de compte" if organisation else "Votre structure n’est pas encore partenaire",
    }
    return render(request, "backoffice/proconnect_unknown.html", context)


urlpatterns = [
    path("proconnect/inconnu/", unknown_identity, name="proconnect_unknown"),
]

"""National staff open an engaged territory to its youths, from its page, once it is ready (`offers.opening`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from backoffice.access import animator_view
from offers.opening import Outcome, open_territory
from territories.models import Territory


@require_POST
@animator_view
def territory_open(request, pk):
    """Only national staff open a territory: the animators prepare it, the ministry decides when youths see it."""
    if not request.professional.is_staff:
        raise Http404("Réservé à l’équipe nationale.")
    territory = get_object_or_404(Territory, pk=pk)
    opening = open_territory(territory.pk, today=timezone.localdate())
    if opening.outcome is Outcome.OPENED:
        count, plural = opening.emails_queued, "s" if opening.emails_queued > 1 else ""
        told = (
            f" {count} jeune{plural} inscrit{plural} pour être prévenu{plural} "
            f"{'reçoivent' if plural else 'reçoit'} un e-mail ; leurs adresses sont effacées."
            if count
            else ""
        )
        messages.success(request, f"{territory.name} est ouvert aux jeunes depuis aujourd’hui.{told}")
    elif opening.outcome is Outcome.NOT_READY:
        messages.error(
            request, f"{territory.name} n’est pas encore prêt à ouvrir : {' '.join(opening.missing)} Rien n’a changé."
        )
    else:
        messages.info(request, f"{territory.name} n’est pas un territoire engagé : il n’a pas été ouvert à nouveau.")
    return redirect("backoffice:territory_settings", pk=territory.pk)


urlpatterns = [
    path("animation/territoires/<int:pk>/ouvrir/", territory_open, name="territory_open"),
]

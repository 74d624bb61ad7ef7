"""The territorial animator's pages about their territories and the organisations in them."""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from backoffice.access import animator_view
from offers.models import Offer
from organisations.models import Organisation

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
    unsigned_only = request.GET.get("charte") == "non"
    if unsigned_only:
        organisations = organisations.filter(signed_charter=False, deactivated_at__isnull=True)
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "territories": list(request.professional.territories().order_by("name")),
        "unsigned_only": unsigned_only,
        "title": "Structures du territoire",
    }
    return render(request, "backoffice/animation/organisations.html", context)


urlpatterns = [
    path("animation/structures/", territory_organisations, name="territory_organisations"),
]

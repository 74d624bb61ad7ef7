"""The offer's public page beyond its view: when its cached copy is stale, and the page of an offer youths no longer
see, which the contact form shows as well."""

from django.shortcuts import render

from core.cache import SITE_VERSION_KEY, cache_bump
from offers.models import Offer
from organisations.models import CharterSignature, CharterVersion, Organisation
from questionnaires.models import Theme
from territories.models import Commune


def offer_page_version_key(offer_pk) -> str:
    """The version of what an offer's public page shows: the offer and its organisation."""
    return f"offers:offer:{offer_pk}:version"


def forget_offer_pages(sender, instance, **kwargs):
    """An offer, its coverage, its organisation or the organisation's charter signature changed: its page is stale."""
    if isinstance(instance, Offer):
        offer_pks = [instance.pk]
    elif isinstance(instance, Organisation):
        offer_pks = list(instance.offers.values_list("pk", flat=True))
    elif isinstance(instance, CharterSignature):
        offer_pks = list(Offer.objects.filter(organisation_id=instance.organisation_id).values_list("pk", flat=True))
    elif isinstance(instance, CharterVersion):
        # A new charter to sign hides the offers of every organisation that has not signed it yet.
        cache_bump(SITE_VERSION_KEY)
        return
    else:  # the other side of a coverage link (a commune's offers…)
        offer_pks = kwargs.get("pk_set") or []
    for offer_pk in offer_pks:
        cache_bump(offer_page_version_key(offer_pk))


def offer_unavailable(request, pk):
    """A kind 404 for an offer youths no longer see (ended, not reviewed, organisation off the service): it helps
    the youth back to their results rather than leaving them on an error.
    """
    commune = Commune.objects.filter(insee_code=request.GET.get("commune", "")).first()
    theme = Theme.objects.filter(offers__pk=pk).first() if commune else None
    context = {"commune": commune, "theme": theme, "title": "Cette offre n’est plus proposée"}
    return render(request, "offers/offer_unavailable.html", context, status=404)

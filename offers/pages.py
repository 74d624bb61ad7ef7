"""The offer's public page beyond its view: when its cached copy is stale, and the page of an offer youths no longer
see, which the contact form shows as well."""

import datetime
import functools

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.utils import timezone

from core.cache import SITE_VERSION_KEY, cache_bump
from offers.models import Offer
from organisations.models import CharterSignature, CharterVersion, Organisation
from questionnaires.models import Theme
from territories.models import Commune


def offer_page_version_key(offer_pk) -> str:
    """The version of what an offer's public page shows: the offer and its organisation."""
    return f"offers:offer:{offer_pk}:version"


@functools.lru_cache(maxsize=2)
def _live_offers_statement(vendor: str, day: datetime.date) -> tuple[str, tuple]:
    """The SQL of `Offer.objects.live(day)`'s ids, built once a day by each process.

    The ORM takes longer to build the liveness conditions (charter, organisation, dates) than the database takes to
    run them: a few milliseconds on each page whose cached copy misses. The statement still comes from `live`, the
    one definition, and reads the charters and organisations when it runs.
    """
    return Offer.objects.live(day).order_by().values("pk").query.sql_with_params()


def seen_by_youths(day: datetime.date | None = None) -> RawSQL:
    """For a query on offers: whether youths see the offer on `day` (today by default), as `Offer.objects.live`."""
    sql, params = _live_offers_statement(connection.vendor, day or timezone.localdate())
    return RawSQL(f'EXISTS (SELECT 1 FROM ({sql}) AS live WHERE live.pk = "offers_offer"."id")', params, BooleanField())


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

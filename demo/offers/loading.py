"""Loads the demo partners and their offers (data in the modules beside this one), then reports what youths see.

Eligibility varies from one offer to the next so that different answers to the questionnaire visibly change the
results. Criteria use the question keys of each theme's questionnaire (migration questionnaires 0004).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from demo.offers import essonne, grand_reims, not_shown
from demo.offers.organisations import ORGANISATIONS
from offers import revisions
from offers.enums import OfferStatus
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.enums import MAX_AGE, MIN_AGE
from questionnaires.models import Theme
from territories.models import Commune, Department, Epci, Territory

# Created in this order, which is that of their ids (the demo requests go to the first offers of Grand Reims).
OFFERS = [*grand_reims.OFFERS, *essonne.OFFERS, *not_shown.OFFERS]


def load(stdout):
    today = timezone.localdate()
    organisations = {data["ref"]: _save_organisation(data) for data in ORGANISATIONS}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    missing = {data["theme"] for data in OFFERS} - set(themes)
    if missing:
        raise RuntimeError(
            f"Thèmes absents : {', '.join(sorted(missing))}. Lance d’abord « python manage.py migrate »."
        )
    for data in OFFERS:
        _save_offer(data, organisation=organisations[data["organisation"]], theme=themes[data["theme"]], today=today)


def report(stdout):
    """What youths see of each demo organisation, once every loader ran (the charter is signed by the accounts')."""
    today = timezone.localdate()
    for organisation in Organisation.objects.filter(siret__in=[data["siret"] for data in ORGANISATIONS]):
        offers = organisation.offers.all()
        total, live = offers.count(), offers.live(today).count()
        stdout.write(
            f"  structure {organisation.name} : {total} offre{'s' if total > 1 else ''}, "
            f"{live} visible{'s' if live > 1 else ''} aujourd’hui"
        )


def _save_organisation(data: dict) -> Organisation:
    data = dict(data)
    del data["ref"]
    territory_slugs = data.pop("territories")
    commune = Commune.objects.get(insee_code=data.pop("commune"))
    organisation = Organisation.objects.filter(siret=data["siret"]).first() or Organisation(siret=data["siret"])
    for field, value in data.items():
        setattr(organisation, field, value)
    organisation.commune = commune
    organisation.full_clean()
    organisation.save()
    organisation.territories.set(Territory.objects.filter(slug__in=territory_slugs))
    return organisation


def _save_offer(data: dict, *, organisation: Organisation, theme: Theme, today: datetime.date) -> Offer:
    data = dict(data)
    del data["organisation"], data["theme"]
    coverage = data.pop("coverage")
    expired = data.pop("expired", False)
    pending = data.pop("pending", None)
    reviewed_months_ago = data.pop("reviewed_months_ago", 0)
    offer = Offer.objects.filter(organisation=organisation, title=data["title"]).first() or Offer(
        organisation=organisation, title=data["title"]
    )
    offer.theme = theme
    offer.status = OfferStatus.PUBLISHED
    offer.age_min, offer.age_max = MIN_AGE, MAX_AGE
    offer.answers_urgent_need = False
    offer.valid_from = offer.valid_until = None
    for field, value in data.items():
        setattr(offer, field, value)
    if expired:
        offer.valid_from, offer.valid_until = today - datetime.timedelta(days=90), today - datetime.timedelta(days=30)
    offer.is_national = coverage.get("is_national", False)
    offer.reviewed_at = today - relativedelta(months=reviewed_months_ago)
    offer.review_requested_at = offer.review_reminded_at = None
    offer.pending_changes = None
    offer.submitted_at = timezone.now() - datetime.timedelta(days=1) if offer.status == OfferStatus.SUBMITTED else None
    offer.full_clean()
    offer.save()
    offer.territories.set(Territory.objects.filter(slug__in=coverage.get("territories", [])))
    offer.epcis.set(Epci.objects.filter(code__in=coverage.get("epcis", [])))
    offer.departments.set(Department.objects.filter(code__in=coverage.get("departments", [])))
    offer.communes.set(Commune.objects.filter(insee_code__in=coverage.get("communes", [])))
    if pending:
        offer.pending_changes = revisions.changes_between(offer.snapshot(), revisions.normalise(pending))
        offer.submitted_at = timezone.now() - datetime.timedelta(days=2)
        offer.save(update_fields=["pending_changes", "submitted_at"])
    return offer

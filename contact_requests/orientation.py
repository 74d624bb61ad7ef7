"""A professional orients a youth they accompany to another organisation's offer: the request is the youth's own,
filed for them with their consent, and lives the same life (due date, alerts, reminders, escalation)."""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest
from contact_requests.submission import Contact, Orientation, Submission, submit_request, territory_for
from offers.matching import open_territories_for
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.journey import questionnaire_for
from territories.models import Commune

OWN_ORGANISATION = (
    "Cette offre est celle de votre propre structure : prenez le ou la jeune en charge directement, sans l’orienter."
)
NO_CONSENT = "Cochez cette case : sans l’accord du ou de la jeune, ses coordonnées ne peuvent pas être transmises."
NOT_COVERED = "Cette offre ne s’adresse pas aux jeunes de cette commune : choisissez une autre offre."


class OrientationRefused(Exception):
    """Why the orientation cannot be made, in the professional's words."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def day_cap_message() -> str:
    cap = settings.ORIENTATIONS_PER_PROFESSIONAL_PER_DAY
    return (
        f"Vous avez déjà orienté {cap} jeunes aujourd’hui, le maximum par jour et par professionnel·le : "
        "vous pourrez en orienter d’autres demain. Pour un besoin plus large, contactez l’animation territoriale."
    )


def orientations_today(user: User, now: datetime.datetime) -> int:
    """The youths this person oriented since midnight, in the site's time zone (duplicates made no request)."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return ContactRequest.objects.filter(oriented_by=user, created_at__gte=midnight).count()


def orient_youth(
    *,
    by: User,
    organisation: Organisation,
    offer: Offer,
    commune: Commune,
    contact: Contact,
    consent: bool,
    submission_key: uuid.UUID,
    from_request: ContactRequest | None = None,
    now: datetime.datetime | None = None,
) -> Submission:
    """Files the youth's request to `offer` as `submit_request` does, the same form sent twice or the same youth
    oriented to the same offer within 7 days making one request. Refused (`OrientationRefused`) without the youth's
    consent, to one's own organisation, outside the offer's coverage, and past the day's cap."""
    now = now or timezone.now()
    if not consent:
        raise OrientationRefused(NO_CONSENT, field="consent")
    if offer.organisation_id == organisation.pk:
        raise OrientationRefused(OWN_ORGANISATION)
    territories = list(open_territories_for(commune, offer.theme).values_list("pk", flat=True))
    if not Offer.objects.reaching(commune, territories).filter(pk=offer.pk).exists():
        raise OrientationRefused(NOT_COVERED, field="commune")
    with transaction.atomic():
        # One orientation at a time per professional: two tabs sent at once cannot pass the day's cap together.
        list(User.objects.select_for_update().filter(pk=by.pk).values_list("pk"))
        sent_again = ContactRequest.objects.filter(submission_key=submission_key).exists()
        if not sent_again and orientations_today(by, now) >= settings.ORIENTATIONS_PER_PROFESSIONAL_PER_DAY:
            raise OrientationRefused(day_cap_message())
        submission = submit_request(
            offer=offer,
            commune=commune,
            territory_id=territory_for(offer, territories),
            questionnaire=questionnaire_for(offer.theme),
            answers={},
            contact=contact,
            submission_key=submission_key,
            orientation=Orientation(by=by, organisation=organisation),
            now=now,
        )
        if submission.created and from_request is not None:
            # The request the professional handles goes on: its history says where else the youth was sent.
            from_request.log(
                EventKind.ORIENTED_ELSEWHERE,
                by=by,
                at=now,
                to_organisation=offer.organisation.name,
                to_offer=offer.title,
            )
    return submission

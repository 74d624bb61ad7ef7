"""A youth's request, from the form to the database and the outbox, in one transaction."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from contact_requests.emails import RequestAcknowledgement, RequestAlert
from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest
from offers.models import Offer
from questionnaires.journey import Questionnaire
from territories.models import Commune


@dataclass(frozen=True)
class Contact:
    first_name: str
    email: str
    phone: str | None
    preferred_channel: str
    message: str


def submit_request(
    *,
    offer: Offer,
    commune: Commune,
    territory_id: int | None,
    questionnaire: Questionnaire,
    answers: dict,
    contact: Contact,
    submission_key: uuid.UUID,
    now: datetime.datetime | None = None,
) -> tuple[ContactRequest, bool]:
    """Saves the request, its history and its emails; returns (request, created).

    The same form sent twice (double click, reload) returns the first request, and so does the same person asking
    for the same offer again within 7 days: nobody gets two alerts for one need.
    """
    now = now or timezone.now()
    existing = ContactRequest.objects.filter(submission_key=submission_key).first()
    if existing is None:
        existing = (
            ContactRequest.objects.duplicate_of(offer=offer, email=contact.email, phone=contact.phone, now=now)
            .order_by("-created_at")
            .first()
        )
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            request = _create(offer, commune, territory_id, questionnaire, answers, contact, submission_key, now)
    except IntegrityError:
        # The same form, sent twice at the same instant: the other submission won.
        return ContactRequest.objects.get(submission_key=submission_key), False
    return request, True


def _create(offer, commune, territory_id, questionnaire, answers, contact, submission_key, now):
    relevant = questionnaire.relevant_answers(answers)
    request = ContactRequest(
        submission_key=submission_key,
        offer=offer,
        organisation=offer.organisation,
        territory_id=territory_id,
        commune=commune,
        theme_id=offer.theme_id,
        first_name=contact.first_name,
        email=contact.email,
        phone=contact.phone or "",
        preferred_channel=contact.preferred_channel,
        message=contact.message,
        consent_at=now,
        answers=relevant,
        answers_in_words=[[criterion, answer] for criterion, answer in questionnaire.describe(relevant)],
        created_at=now,
    )
    request.schedule(received_at=now, delay=offer.delay_days)
    request.save()
    request.log(EventKind.SUBMITTED, at=now, due_at=request.due_at.isoformat())
    RequestAlert(contact_request=request).queue()
    if request.email:
        RequestAcknowledgement(contact_request=request).queue()
    return request

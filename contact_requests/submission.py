"""A youth's request, from the form to the database and the outbox, in one transaction."""

import datetime
import enum
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from contact_requests import sms
from contact_requests.emails import RequestAcknowledgement, RequestAlert
from contact_requests.enums import EscalationReason, EventKind
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


class SubmissionOutcome(enum.Enum):
    CREATED = "created"
    # The same form sent again (double click, reload): the sender is the one who made the request.
    SAME_FORM = "same_form"
    # Someone gave the email or mobile of an existing request for this offer: it may not be its owner.
    DUPLICATE = "duplicate"


class Submission(NamedTuple):
    request: ContactRequest
    outcome: SubmissionOutcome

    @property
    def created(self) -> bool:
        return self.outcome is SubmissionOutcome.CREATED


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
) -> Submission:
    """Saves the request, its history and its emails.

    The same form sent twice (double click, reload) returns the first request. A request for the same offer with
    the same email or mobile within 7 days is not made again, unless the first one went nowhere (see `duplicate_of`):
    nobody gets two alerts for one need. Whoever sent it
    may not be the owner of that contact, so the private link is only sent again to the contact stored on the request.
    Both are checked with the offer's row locked: submissions sent at the same instant are made one after the other,
    and the later ones find the first.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One submission at a time per offer: the same form or the same request sent at once finds the first.
            list(Offer.objects.select_for_update().filter(pk=offer.pk).values_list("pk"))
            same_form = ContactRequest.objects.filter(submission_key=submission_key).first()
            if same_form is not None:
                return Submission(same_form, SubmissionOutcome.SAME_FORM)
            duplicate = (
                ContactRequest.objects.duplicate_of(offer=offer, email=contact.email, phone=contact.phone, now=now)
                .order_by("-created_at")
                .first()
            )
            if duplicate is not None:
                # Each to the contact of the request that was typed again.
                duplicate.resend_tracking_link(
                    by_email=bool(contact.email) and contact.email.lower() == duplicate.email.lower(),
                    by_sms=bool(contact.phone) and contact.phone == duplicate.phone,
                )
                return Submission(duplicate, SubmissionOutcome.DUPLICATE)
            request = _create(offer, commune, territory_id, questionnaire, answers, contact, submission_key, now)
    except IntegrityError:
        # Without row locks (SQLite), the same form sent twice at the same instant: the other submission won.
        return Submission(ContactRequest.objects.get(submission_key=submission_key), SubmissionOutcome.SAME_FORM)
    return Submission(request, SubmissionOutcome.CREATED)


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
    if request.organisation_recipients():
        RequestAlert(contact_request=request).queue()
    else:
        # Nobody at the organisation can hear of it: the territory's animators do, at once.
        request.escalate(at=now, because=EscalationReason.ORGANISATION_UNREACHABLE)
    if request.email:
        RequestAcknowledgement(contact_request=request).queue()
    sms.Acknowledgement(contact_request=request).queue()
    return request

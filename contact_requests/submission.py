"""A youth's request, from the form to the database and the outbox, in one transaction."""

import datetime
import enum
import uuid
from dataclasses import dataclass
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from contact_requests import sms
from contact_requests.emails import RequestAcknowledgement, RequestAlert
from contact_requests.enums import EscalationReason, EventKind
from contact_requests.models import ContactRequest
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.journey import Questionnaire
from territories.models import Commune


@dataclass(frozen=True)
class Contact:
    first_name: str
    email: str
    phone: str | None
    preferred_channel: str
    message: str


@dataclass(frozen=True)
class Orientation:
    """A professional of another organisation files the request for the youth, who agreed to it (see orientation.py)."""

    by: User
    organisation: Organisation


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
    orientation: Orientation | None = None,
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
            request = _create(
                offer, commune, territory_id, questionnaire, answers, contact, submission_key, orientation, now
            )
    except IntegrityError:
        # Without row locks (SQLite), the same form sent twice at the same instant: the other submission won.
        return Submission(ContactRequest.objects.get(submission_key=submission_key), SubmissionOutcome.SAME_FORM)
    return Submission(request, SubmissionOutcome.CREATED)


def territory_for(offer: Offer, territories: list[int]) -> int | None:
    """The territory whose animators watch the request: the organisation's, among the commune's open ones."""
    if not territories:
        return None  # a national offer asked for outside the open territories: no animator watches there
    own = set(offer.organisation.territories.values_list("pk", flat=True))
    return next((pk for pk in territories if pk in own), territories[0])


def _create(offer, commune, territory_id, questionnaire, answers, contact, submission_key, orientation, now):
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
        oriented_by=orientation and orientation.by,
        oriented_from=orientation and orientation.organisation,
    )
    request.schedule(received_at=now, delay=offer.delay_days)
    request.save()
    if orientation is None:
        request.log(EventKind.SUBMITTED, at=now, due_at=request.due_at.isoformat())
    else:
        # Who stated the youth's consent, and when: the professional, as they oriented the youth.
        request.log(
            EventKind.ORIENTED,
            by=orientation.by,
            at=now,
            due_at=request.due_at.isoformat(),
            from_organisation=orientation.organisation.name,
            from_organisation_id=orientation.organisation.pk,
            consent="stated_by_professional",
        )
    if request.organisation_recipients():
        RequestAlert(contact_request=request).queue()
    else:
        # Nobody at the organisation can hear of it: the territory's animators do, at once.
        request.escalate(at=now, because=EscalationReason.ORGANISATION_UNREACHABLE)
    if request.email:
        RequestAcknowledgement(contact_request=request).queue()
    sms.Acknowledgement(contact_request=request).queue()
    return request

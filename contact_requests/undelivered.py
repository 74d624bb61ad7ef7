"""When a message about a request never arrived (the providers' webhooks, through notifications' `message_undelivered`
signal, connected in apps.py).

- An alert to the organisation that reached nobody (its address bounced) goes at once to the next people who can
  act: the organisation's members who did not get it, or else the territory's animators. The request's history says
  so, and the animators' home lists it while the youth waits for a first contact.
- A youth's e-mail is noted on the request, for the professional ("l'e-mail du ou de la jeune n'a pas été remis"), and
  when the youth gave a mobile, its SMS leaves instead (from then on, SMS is one of their channels).
- A youth's SMS that never arrived is noted on the request: the number may be wrong.
"""

import logging

from django.db.models import Exists, OuterRef

from contact_requests import sms
from contact_requests.emails import (
    AlertRerouted,
    AnimatorReminder,
    RequestAcknowledgement,
    RequestAlert,
    RequestClosedWithoutContact,
    RequestFollowUp,
    RequestHandedOver,
    RequestReminder,
    RequestTransferred,
    TrackingLinkAgain,
)
from contact_requests.enums import EventKind
from contact_requests.events import RequestEvent
from contact_requests.models import ContactRequest
from notifications.models import Email, Sms

logger = logging.getLogger(__name__)

# The e-mails that ask the organisation to act on the request.
ORGANISATION_ALERTS = {
    RequestAlert.kind,
    RequestHandedOver.kind,
    RequestReminder.kind,
    AnimatorReminder.kind,
    AlertRerouted.kind,
}
YOUTH_EMAILS = {
    RequestAcknowledgement.kind,
    TrackingLinkAgain.kind,
    RequestFollowUp.kind,
    RequestClosedWithoutContact.kind,
    RequestTransferred.kind,
}


def message_undelivered(sender, message, recipient, **kwargs):
    """Receiver of `notifications.signals.message_undelivered`, in the transaction that recorded the report."""
    if message.related_type != ContactRequest._meta.label_lower or message.related_id is None:
        return
    contact_request = (
        ContactRequest.objects.select_for_update()
        .select_related("organisation__commune", "territory")
        .filter(pk=message.related_id)
        .first()
    )
    if contact_request is None or contact_request.anonymised_at is not None:
        return
    if sender is Email and message.kind in ORGANISATION_ALERTS:
        alert_undelivered(contact_request, email=message, address=recipient)
    elif sender is Email and message.kind in YOUTH_EMAILS:
        contact_request.log(EventKind.YOUTH_UNDELIVERED, channel="email", message_kind=message.kind)
        sms.instead_of_email(message.kind, contact_request)
    elif sender is Sms:
        contact_request.log(EventKind.YOUTH_UNDELIVERED, channel="sms", message_kind=message.kind)


def alert_undelivered(contact_request, *, email: Email, address: str):
    """The alert reached none of its recipients: the next ones receive it, while the youth waits for a contact."""
    rerouted_to, to_animators = [], False
    reached_nobody = {one.lower() for one in email.recipients} <= {one.lower() for one in email.undelivered_to}
    if contact_request.is_open and reached_nobody:
        rerouted_to, to_animators = next_recipients(contact_request)
        if rerouted_to:
            AlertRerouted(
                contact_request=contact_request,
                recipients=rerouted_to,
                undelivered_address=address,
                to_animators=to_animators,
            ).queue()
        else:
            logger.error("Alert of request %s undelivered, and nobody left to tell.", contact_request.pk)
    contact_request.log(
        EventKind.ALERT_UNDELIVERED, address=address, rerouted_to=rerouted_to, to_animators=to_animators
    )


def next_recipients(contact_request) -> tuple[list[str], bool]:
    """Who has not received an alert about the request yet: its organisation's active members, else its territory's
    animators (with whether they are the animators)."""
    tried = set()
    alerts = Email.objects.related_to(contact_request).filter(kind__in=ORGANISATION_ALERTS)
    for recipients in alerts.values_list("recipients", flat=True):
        tried.update(address.lower() for address in recipients)
    members = contact_request.organisation.member_addresses()
    untried = [address for address in members if address.lower() not in tried]
    if untried:
        return untried, False
    return [address for address in contact_request.animator_recipients() if address.lower() not in tried], True


def undelivered_alerts(requests, *, limit: int):
    """Among `requests`, those still waiting for a first contact whose alert never reached the organisation, the
    soonest due first, with the count of them all: (count, [(request, the alert's last undelivered event)…])."""
    undelivered = RequestEvent.objects.filter(request=OuterRef("pk"), kind=EventKind.ALERT_UNDELIVERED)
    waiting = requests.open().filter(Exists(undelivered))
    count = waiting.count()
    if not count:
        return 0, []
    shown = list(waiting.select_related("organisation").order_by("due_at", "pk")[:limit])
    events = RequestEvent.objects.filter(request__in=shown, kind=EventKind.ALERT_UNDELIVERED).order_by("at", "pk")
    last_event = {event.request_id: event for event in events}
    return count, [(request, last_event[request.pk]) for request in shown]

"""Corrections of a request by national staff in the site's administration: the professional's words are kept, the
history says what changed (old and new values of what happened, never the youth's data) and why."""

import datetime

from contact_requests.enums import OPEN_STATUSES, EventKind, RequestStatus
from territories import working_days

# What a correction shows in the history, old and new: what happened to the request, nothing that identifies the youth.
TRACED_FIELDS = ["status", "contacted_at", "contact_channel", "outcome", "finished_at"]


def in_words(contact_request, name: str) -> str:
    value = getattr(contact_request, name)
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.datetime):
        local = value.astimezone(working_days.time_zone(contact_request.department))
        return local.strftime("%d/%m/%Y %H:%M")
    if contact_request._meta.get_field(name).choices:
        return getattr(contact_request, f"get_{name}_display")()
    return str(value)


def follow_contact_change(contact_request):
    """After its contact moment was corrected: the working days it took, and the state that follows from it."""
    contact_request.set_contacted_at(contact_request.contacted_at)
    if contact_request.contacted_at is not None and contact_request.status in OPEN_STATUSES:
        contact_request.status = RequestStatus.CONTACTED
    elif contact_request.contacted_at is None and contact_request.status == RequestStatus.CONTACTED:
        contact_request.status = RequestStatus.TAKEN if contact_request.handler_id else RequestStatus.NEW


def record_correction(contact_request, *, before, fields, by, note: str):
    """The correction in the history, read by the organisation and the animators, not by the youth (`public()`)."""
    changes = {
        name: [in_words(before, name), in_words(contact_request, name)]
        for name in TRACED_FIELDS
        if getattr(before, name) != getattr(contact_request, name)
    }
    return contact_request.log(EventKind.EDITED, by=by, fields=sorted(fields), changes=changes, note=note)

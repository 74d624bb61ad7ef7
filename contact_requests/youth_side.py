"""What the youth does from the private tracking page, and what that page may truthfully say: a part of
`ContactRequest`, kept apart so that the rules of the youth's answers read in one place."""

import datetime

from django.db import transaction
from django.utils import timezone

from contact_requests.enums import (
    OPEN_STATUSES,
    YOUTH_STATUS_LABELS,
    EscalationReason,
    EventKind,
    Outcome,
    RequestStatus,
)
from territories import working_days

# How long "On m'a contacté·e" can be taken back, for a youth who tapped it by mistake or confused two calls.
CONTACT_CONFIRMATION_UNDO_WINDOW = datetime.timedelta(hours=48)
# The working days the territory's team gives itself to act once a youth says nobody called.
TEAM_ACTION_DAYS = 2
# What ends the youth's right to take back "On m'a contacté·e": a professional acted on the request since.
SETTLING_KINDS = [
    EventKind.CONTACTED,
    EventKind.CLOSED,
    EventKind.TRANSFERRED,
    EventKind.TAKEN_OVER,
    EventKind.WITHDRAWN,
]


class YouthSide:
    """Mixed into `ContactRequest`."""

    @property
    def status_for_youth(self) -> str:
        return YOUTH_STATUS_LABELS[self.status]

    @property
    def can_report_no_contact(self) -> bool:
        return self.is_open and timezone.now() > self.due_at

    @property
    def youth_reported_no_contact(self) -> bool:
        """Said to the organisation that holds the request now: a hand-over starts the wait again."""
        return self.no_contact_reported_at is not None

    @property
    def team_action_date(self) -> datetime.date | None:
        """The last day the territory's team has to act once the youth said nobody called, where the organisation
        is: TEAM_ACTION_DAYS working days after the day the report counts from."""
        if self.no_contact_reported_at is None:
            return None
        first_day = working_days.first_counted_day(self.no_contact_reported_at, self.department)
        return working_days.add_working_days(first_day, TEAM_ACTION_DAYS, self.department)

    @property
    def team_is_late(self) -> bool:
        """The team's own date is over and the request still waits: the page must not show it as a deadline."""
        return self.team_action_date is not None and self.team_action_date < self.local_today()

    @transaction.atomic
    def withdraw(self, *, at=None) -> bool:
        """Returns False, changing nothing, when it no longer waits for a contact (a second click)."""
        from contact_requests import sms
        from contact_requests.emails import RequestWithdrawn

        self._lock()
        if not self.is_open:
            return False
        at = at or timezone.now()
        self.status, self.finished_at, self.outcome = RequestStatus.WITHDRAWN, at, Outcome.NO_LONGER_NEEDED
        self.save(update_fields=["status", "finished_at", "outcome"])
        self.log(EventKind.WITHDRAWN, at=at)
        RequestWithdrawn(contact_request=self).queue()
        sms.Withdrawn(contact_request=self).queue()
        return True

    @transaction.atomic
    def report_no_contact(self, *, at=None) -> bool:
        """The youth says nobody called: the animators hear of it at once. Said twice to the same organisation, it
        counts once; said again after a hand-over, it counts again. Returns whether it counted."""
        self._lock()
        if self.youth_reported_no_contact:
            return False
        at = at or timezone.now()
        self.no_contact_reported_at = at
        self.save(update_fields=["no_contact_reported_at"])
        self.log(EventKind.YOUTH_NOT_CONTACTED, at=at)
        if self.escalated_at is None:
            self.escalate(at=at, because=EscalationReason.YOUTH_SAID_SO)
        return True

    def _standing_contact_confirmation(self):
        """The youth's "On m'a contacté·e" that has not been taken back, if any."""
        return self.events.youth_said_contacted().order_by("-at", "-pk").first()

    @transaction.atomic
    def confirm_contact_by_youth(self, *, at=None) -> bool:
        """The youth says someone called: an open request shows as contacted. Said twice, it counts once. What the
        request was before is kept in the event, so that `undo_contact_confirmation` can put it back."""
        self._lock()
        if self.status == RequestStatus.WITHDRAWN or self._standing_contact_confirmation() is not None:
            return False
        at = at or timezone.now()
        before = {"status": self.status, "contacted_at": self.contacted_at and self.contacted_at.isoformat()}
        if self.is_open:
            self.status = RequestStatus.CONTACTED
            self.set_contacted_at(self.contacted_at or at)
            self.save(update_fields=["status", "contacted_at", "working_days_to_contact"])
        self.log(EventKind.YOUTH_CONTACTED, at=at, previous=before)
        return True

    def contact_confirmation_undo_deadline(self, now=None) -> datetime.datetime | None:
        """Until when the youth may take back their "On m'a contacté·e": None when they cannot (never said it, too
        late, or a professional acted on the request since)."""
        confirmation = self._standing_contact_confirmation()
        if confirmation is None or self.status != RequestStatus.CONTACTED:
            return None
        deadline = confirmation.at + CONTACT_CONFIRMATION_UNDO_WINDOW
        settled = self.events.filter(kind__in=SETTLING_KINDS, at__gte=confirmation.at).exists()
        return None if settled or deadline < (now or timezone.now()) else deadline

    @transaction.atomic
    def undo_contact_confirmation(self, *, at=None) -> bool:
        """ "Je me suis trompé·e": the request goes back to where it was before the youth's confirmation, and the
        statistics stop counting that contact. Returns False, changing nothing, when it can no longer be undone."""
        self._lock()
        at = at or timezone.now()
        if self.contact_confirmation_undo_deadline(at) is None:
            return False
        confirmation = self._standing_contact_confirmation()
        previous = confirmation.data.get("previous", {})
        if previous.get("status") in OPEN_STATUSES:
            # A professional may have taken the request meanwhile: it goes back to being taken.
            self.status = RequestStatus.TAKEN if self.taken_at else RequestStatus.NEW
            contacted_at = previous.get("contacted_at")
            self.set_contacted_at(contacted_at and datetime.datetime.fromisoformat(contacted_at))
            self.save(update_fields=["status", "contacted_at", "working_days_to_contact"])
        self.log(EventKind.YOUTH_CONTACT_UNDONE, at=at, undoes=confirmation.pk)
        return True

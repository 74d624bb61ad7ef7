"""Reads of the requests: who sees which, what is late, due, signalled, to remind, to purge. Each rule is one
condition or one method, used by lists, counters, sweeps and statistics alike."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from contact_requests.enums import (
    ACTIVE_STATUSES,
    FINISHED_STATUSES,
    OPEN_STATUSES,
    EventKind,
    Outcome,
    RequestStatus,
)
from contact_requests.events import RequestEvent


def overdue_condition(now: datetime.datetime) -> models.Q:
    """Still waiting for a first contact after its due day, in the organisation's time zone.

    `due_at` is the end of the due day where the organisation is (working_days.due_at): comparing instants counts
    days in that zone, whatever the zone of whoever asks. For lists (`overdue()`) and counters (`Count(filter=…)`).
    """
    return models.Q(status__in=OPEN_STATUSES, due_at__lt=now)


def due_today_condition(now: datetime.datetime) -> models.Q:
    """Waiting for a first contact, and its due day is today in the organisation's time zone.

    `due_at` is the end of that local day, so it falls within the next 24 hours (on the two days a year when the
    clocks change, within the hour around midnight, a request may count for the neighbouring day).
    """
    return models.Q(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lt=now + datetime.timedelta(days=1))


def went_nowhere_condition() -> models.Q:
    """Closed without anything done for the youth: nobody reached them, they were unreachable, or no longer needed
    help."""
    return models.Q(status=RequestStatus.CLOSED) & (
        models.Q(contacted_at__isnull=True) | models.Q(outcome__in=[Outcome.NOT_REACHABLE, Outcome.NO_LONGER_NEEDED])
    )


def contacted_condition() -> models.Q:
    """Marked as contacted, by a professional or by the youth, whatever became of the request since."""
    return models.Q(contacted_at__isnull=False)


def escalated_condition() -> models.Q:
    """Signalled to the territory's animators, whatever became of the request since."""
    return models.Q(escalated_at__isnull=False)


def still_escalated_condition() -> models.Q:
    """Signalled to the territory's animators, and still waiting for a first contact."""
    return models.Q(status__in=OPEN_STATUSES) & escalated_condition()


class ContactRequestQuerySet(models.QuerySet):
    def seen_by(self, *, organisations, territories, is_staff=False):
        """Who reads which request: an organisation's members, its requests; an animator, those received in their
        territories; staff, all."""
        if is_staff:
            return self
        # Plain id lists: the database then walks its (organisation, due date) index.
        organisations, territories = list(organisations), list(territories)
        if not territories:
            return self.filter(organisation__in=organisations)
        return self.filter(models.Q(organisation__in=organisations) | models.Q(territory__in=territories))

    def open(self):
        """Waiting for a first contact: what reminders and escalations watch."""
        return self.filter(status__in=OPEN_STATUSES)

    def active(self):
        """Not over yet: a professional may still act on it. Named by its statuses (not "not finished"), so that the
        database reads them from the index of active requests."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def finished(self):
        """Over: closed by a professional or withdrawn by the youth."""
        return self.filter(status__in=FINISHED_STATUSES)

    def still_escalated(self):
        return self.filter(still_escalated_condition())

    def search(self, text):
        """By reference (with or without its "BJ-") or by the youth's first name."""
        text = text.strip()
        return self.filter(models.Q(reference__icontains=text) | models.Q(first_name__icontains=text))

    def with_deadline_flags(self, now=None):
        """`is_overdue` and `is_due_today` on each row, by the same rules as `overdue()` and `due_today()`."""
        now = now or timezone.now()
        return self.annotate(
            is_overdue=models.ExpressionWrapper(overdue_condition(now), output_field=models.BooleanField()),
            is_due_today=models.ExpressionWrapper(due_today_condition(now), output_field=models.BooleanField()),
        )

    def received_this_month(self):
        """Received since the first day of the current month, in the site's time zone."""
        start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return self.filter(created_at__gte=start)

    def handed_over_by(self, user):
        """The requests this person handed over to another offer, whoever holds them now."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=RequestEvent.objects.filter(kind=EventKind.TRANSFERRED, actor=user).values("request"))

    def overdue(self, now=None):
        return self.filter(overdue_condition(now or timezone.now()))

    def due_today(self, now=None):
        return self.filter(due_today_condition(now or timezone.now()))

    def reported_not_contacted(self):
        """Still waiting, and the youth said "personne ne m’a contacté·e" since it reached its current offer."""
        return self.open().filter(no_contact_reported_at__isnull=False)

    def slipped(self, now=None):
        """What the animators must catch: overdue, or reported by the youth as not contacted."""
        return self.overdue(now) | self.reported_not_contacted()

    def to_remind(self, now):
        return self.open().filter(remind_at__lte=now, reminded_at__isnull=True)

    def to_escalate(self, now):
        return self.open().filter(escalate_at__lte=now, escalated_at__isnull=True)

    def to_follow_up(self, now):
        return self.open().filter(follow_up_at__lte=now, followed_up_at__isnull=True).exclude(email="", phone="")

    def to_anonymise(self, now):
        """Requests whose personal data is kept no longer: over for REQUEST_RETENTION_MONTHS, or never closed and
        without news for as long (the last event of its history, not counting professionals reading it)."""
        cutoff = now - datetime.timedelta(days=30 * settings.REQUEST_RETENTION_MONTHS)
        last_news = (
            RequestEvent.objects.filter(request=models.OuterRef("pk"))
            .exclude(kind=EventKind.VIEWED)
            .order_by("-at")
            .values("at")[:1]
        )
        over = models.Q(status__in=FINISHED_STATUSES, finished_at__lt=cutoff)
        # The status first: the last news is looked up for the few active requests only, not for a year of others.
        forgotten = models.Q(status__in=ACTIVE_STATUSES) & models.Q(last_news__lt=cutoff)
        return (
            self.filter(anonymised_at__isnull=True).alias(last_news=models.Subquery(last_news)).filter(over | forgotten)
        )

    def duplicate_of(self, *, offer, email, phone, now):
        """A request of the same person for the same offer in the last 7 days that still stands: open, or ended after
        a real contact. One withdrawn, or that went nowhere (`went_nowhere_condition`), does not block a new one: the
        closing email invites the youth to ask again."""
        same_person = models.Q()
        if email:
            same_person |= models.Q(email__iexact=email)
        if phone:
            same_person |= models.Q(phone=phone)
        if not same_person:
            return self.none()
        return (
            self.filter(same_person, offer=offer, created_at__gte=now - datetime.timedelta(days=7))
            .exclude(status=RequestStatus.WITHDRAWN)
            .exclude(went_nowhere_condition())
        )

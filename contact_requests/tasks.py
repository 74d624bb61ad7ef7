"""Periodic jobs that keep the promise made to each youth: reminders, escalations, questions, retention purge (of
requests, and of the addresses left to be told when a territory opens)."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from contact_requests.models import ContactRequest
from territories.models import OpeningAlert

logger = logging.getLogger(__name__)


def _each_locked(queryset, action, now):
    """Runs `action` on each request, locked and checked again, so that two sweeps never act twice."""
    done = 0
    for pk in list(queryset.values_list("pk", flat=True)):
        with transaction.atomic():
            request = queryset.select_for_update().filter(pk=pk).first()
            if request is not None:
                action(request, now)
                done += 1
    return done


def sweep(*, now) -> dict[str, int]:
    """Reminders on the due day, a question to the youth a working day later, escalation two working days later."""
    return {
        "rappels": _each_locked(ContactRequest.objects.to_remind(now), lambda r, at: r.remind(at=at), now),
        "questions": _each_locked(ContactRequest.objects.to_follow_up(now), lambda r, at: r.follow_up(at=at), now),
        "signalements": _each_locked(ContactRequest.objects.to_escalate(now), lambda r, at: r.escalate(at=at), now),
    }


def purge(*, now) -> int:
    """Anonymises the requests past the retention period (see `to_anonymise`), and their emails."""
    return _each_locked(ContactRequest.objects.to_anonymise(now), lambda request, at: request.anonymise(at=at), now)


@shared_task
def sweep_requests():
    done = sweep(now=timezone.now())
    logger.info("Relances des demandes : %s", done)
    return done


def purge_opening_alerts(*, now) -> int:
    """Deletes the "prévenez-moi" addresses of territories that did not open within their retention period: the
    nightly purge of youths' personal data, which runs here, takes them too."""
    count, _ = OpeningAlert.objects.to_purge(now).delete()
    return count


@shared_task
def purge_requests():
    now = timezone.now()
    count = purge(now=now)
    logger.info("Demandes anonymisées : %s", count)
    logger.info("Inscriptions « prévenez-moi » effacées : %s", purge_opening_alerts(now=now))
    return count

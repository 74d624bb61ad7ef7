"""The periodic job that keeps offers fresh: review requests to organisations, then a reminder."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from offers.models import Offer

logger = logging.getLogger(__name__)


def _each_locked(queryset, action):
    """Runs `action` on each offer, locked and checked again, so that two sweeps never send twice."""
    done = 0
    for pk in list(queryset.values_list("pk", flat=True)):
        with transaction.atomic():
            offer = queryset.select_for_update().filter(pk=pk).first()
            if offer is not None:
                action(offer)
                done += 1
    return done


def sweep(*, now) -> dict[str, int]:
    """Asks the organisations of stale offers to review them, and reminds them a month later."""
    day = timezone.localdate(now)
    return {
        "demandes de relecture": _each_locked(
            Offer.objects.to_request_review(day), lambda offer: offer.request_review(at=now)
        ),
        "rappels de relecture": _each_locked(
            Offer.objects.to_remind_review(day, now), lambda offer: offer.remind_review(at=now)
        ),
    }


@shared_task
def sweep_offers():
    done = sweep(now=timezone.now())
    logger.info("Relecture des offres : %s", done)
    return done

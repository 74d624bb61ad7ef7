"""The nightly refresh of the statistics' daily summary, after which the searches it counted leave the search log."""

import logging

from celery import shared_task

from stats import summary

logger = logging.getLogger(__name__)


@shared_task
def refresh_summary():
    days = summary.refresh_and_forget_searches()
    logger.info("Jours recomptés pour les statistiques : %s", len(days))
    return len(days)

"""The statistics' daily summary: counted again every night, after which the searches it counted leave the search log,
and the days of the requests changed since, every quarter of an hour."""

import logging

from celery import shared_task

from stats import summary

logger = logging.getLogger(__name__)


@shared_task
def refresh_summary():
    days = summary.refresh_and_forget_searches()
    logger.info("Jours recomptés pour les statistiques : %s", len(days))
    return len(days)


@shared_task
def recount_changed_days():
    """The days whose requests changed since the last count (contacted, closed, answered…), counted again: the
    statistics read live only the last quarter of an hour's changes, not every day a professional touched since the
    night (a national day is thousands of requests). The search log is left to the nightly refresh."""
    days = summary.refresh()
    logger.info("Jours recomptés pour les statistiques : %s", len(days))
    return len(days)

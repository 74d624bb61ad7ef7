"""Periodic jobs of the project itself (declared in CELERY_BEAT_SCHEDULE with the others)."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(name="boussole.tasks.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    """Deletes expired sessions, and with them the questionnaire answers a youth left on the server."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()

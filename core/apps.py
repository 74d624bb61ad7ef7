from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class CoreConfig(AppConfig):
    """The ground floor every app may import: it imports no app of ours."""

    name = "core"
    verbose_name = "Socle commun"

    def ready(self):
        from core.cache import defer_writes_during_requests, write_deferred

        request_started.connect(defer_writes_during_requests, dispatch_uid="core.defer_cache_writes")
        request_finished.connect(write_deferred, dispatch_uid="core.write_deferred_cache_writes")

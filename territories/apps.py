from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = "Communes et territoires"

    def ready(self):
        from territories import lookups  # noqa: F401 — registers the LIKE lookup

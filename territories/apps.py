from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = "Communes et territoires"

    def ready(self):
        from territories import lookups  # noqa: F401 — registers the LIKE lookup
        from territories.models import Commune, Department, Territory, forget_territories

        for sender in (Territory, Commune, Department):
            post_save.connect(forget_territories, sender=sender)
            post_delete.connect(forget_territories, sender=sender)
        for field in ("communes", "themes", "experimental_themes"):
            m2m_changed.connect(forget_territories, sender=getattr(Territory, field).through)

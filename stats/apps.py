from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class StatsConfig(AppConfig):
    """Read models: statistics, exports and open data, computed from the domain apps (nobody imports this app).

    Not named `statistics`: a top-level package of that name would shadow the standard library module that
    Django's SQLite backend imports.
    """

    name = "stats"
    verbose_name = "statistiques"

    def ready(self):
        from stats.areas import follow_territory_communes
        from territories.models import Territory

        m2m_changed.connect(follow_territory_communes, sender=Territory.communes.through)

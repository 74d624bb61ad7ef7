from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Read models: statistics, exports and open data, computed from the domain apps (nobody imports this app).

    Not named `statistics`: a top-level package of that name would shadow the standard library module that
    Django's SQLite backend imports.
    """

    name = "stats"
    verbose_name = "statistiques"

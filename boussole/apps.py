from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BoussoleConfig(AppConfig):
    name = "boussole"
    verbose_name = "Boussole des jeunes"

    def ready(self):
        from dsfr.models import DsfrConfig

        from boussole import checks  # noqa: F401 — registers the deployment checks
        from boussole.context_processors import forget_site_config

        post_save.connect(forget_site_config, sender=DsfrConfig)
        post_delete.connect(forget_site_config, sender=DsfrConfig)

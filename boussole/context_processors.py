from django.core.cache import cache
from dsfr.models import DsfrConfig

SITE_CONFIG_CACHE_KEY = "boussole:dsfr-site-config"


def site_config(request):
    """The DSFR site configuration, cached so that rendering the layout costs no query."""
    config = cache.get(SITE_CONFIG_CACHE_KEY)
    if config is None:
        config = DsfrConfig.objects.filter(language="fr").first() or DsfrConfig.objects.first()
        cache.set(SITE_CONFIG_CACHE_KEY, config, timeout=600)
    return {"SITE_CONFIG": config}


def forget_site_config(**kwargs):
    cache.delete(SITE_CONFIG_CACHE_KEY)

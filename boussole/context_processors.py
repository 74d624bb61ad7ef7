from dsfr.models import DsfrConfig

from boussole.cache import SITE_VERSION_KEY, cache_bump, cache_delete, cache_get, cache_set

SITE_CONFIG_CACHE_KEY = "boussole:dsfr-site-config"


def site_config(request):
    """The DSFR site configuration, cached so that rendering the layout costs no query."""
    config = cache_get(SITE_CONFIG_CACHE_KEY)
    if config is None:
        config = DsfrConfig.objects.filter(language="fr").first() or DsfrConfig.objects.first()
        cache_set(SITE_CONFIG_CACHE_KEY, config, timeout=600)
    return {"SITE_CONFIG": config}


def forget_site_config(**kwargs):
    cache_delete(SITE_CONFIG_CACHE_KEY)
    cache_bump(SITE_VERSION_KEY)

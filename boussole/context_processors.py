import time

from dsfr.models import DsfrConfig

from core.cache import SITE_VERSION_KEY, cache_bump, cache_delete, cache_get, cache_set

SITE_CONFIG_CACHE_KEY = "boussole:dsfr-site-config"


def site_config(request):
    """The DSFR site configuration, cached so that rendering the layout costs no query.

    LAYOUT_VERSION changes whenever the configuration is read again: the header and footer fragments cached under
    it (base.html) are rendered anew.
    """
    cached = cache_get(SITE_CONFIG_CACHE_KEY)
    if cached is None:
        config = DsfrConfig.objects.filter(language="fr").first() or DsfrConfig.objects.first()
        cached = (config, time.time_ns())
        cache_set(SITE_CONFIG_CACHE_KEY, cached, timeout=600)
    config, layout_version = cached
    return {"SITE_CONFIG": config, "LAYOUT_VERSION": layout_version}


def forget_site_config(**kwargs):
    cache_delete(SITE_CONFIG_CACHE_KEY)
    cache_bump(SITE_VERSION_KEY)

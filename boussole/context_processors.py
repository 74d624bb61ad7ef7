import time

from dsfr.models import DsfrConfig

from core.cache import SITE_VERSION_KEY, cache_bump, cache_delete, cache_get, cache_set, page_version

SITE_CONFIG_CACHE_KEY = "boussole:dsfr-site-config"
# Public pages (`cached_page`) know the site's version number: each process keeps the configuration read under it.
_kept = {"site_version": None, "context": None}


def site_config(request):
    """The DSFR site configuration, cached so that rendering the layout costs no query.

    LAYOUT_VERSION changes whenever the configuration is read again: the header and footer fragments cached under
    it (base.html) are rendered anew. A change of the configuration moves the site's version (`forget_site_config`).
    """
    site_version = page_version(SITE_VERSION_KEY)
    if site_version is not None and _kept["site_version"] == site_version:
        return _kept["context"]
    cached = cache_get(SITE_CONFIG_CACHE_KEY)
    if cached is None:
        config = DsfrConfig.objects.filter(language="fr").first() or DsfrConfig.objects.first()
        cached = (config, time.time_ns())
        cache_set(SITE_CONFIG_CACHE_KEY, cached, timeout=600)
    config, layout_version = cached
    context = {"SITE_CONFIG": config, "LAYOUT_VERSION": layout_version}
    if site_version is not None:
        _kept.update(site_version=site_version, context=context)
    return context


def forget_site_config(**kwargs):
    cache_delete(SITE_CONFIG_CACHE_KEY)
    cache_bump(SITE_VERSION_KEY)

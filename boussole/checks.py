from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def static_files_collected(app_configs, **kwargs):
    """Production serves the collected static files: hashed, compressed, cached for a year."""
    if settings.DEBUG or settings.STATIC_COLLECTED:
        return []
    return [
        Warning(
            "Les fichiers statiques sont servis depuis les applications, sans compression ni cache long.",
            hint="Lancer collectstatic à la construction avec STATIC_COLLECTED=true, et servir avec la même valeur.",
            id="boussole.W001",
        )
    ]

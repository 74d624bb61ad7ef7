from django.conf import settings
from django.core.checks import Error, Warning, register


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


@register(deploy=True)
def messages_really_sent(app_configs, **kwargs):
    """In production, e-mails and SMS leave for real: a console backend would only print them, and nobody would know."""
    if settings.DEBUG:
        return []
    errors = []
    if settings.EMAIL_PROVIDER == "console":
        errors.append(
            Error(
                "Les e-mails sont seulement affichés dans la console (EMAIL_PROVIDER=console).",
                hint="Choisir un fournisseur : EMAIL_PROVIDER=brevo et ANYMAIL_BREVO_API_KEY, par exemple.",
                id="boussole.E001",
            )
        )
    if settings.SMS_PROVIDER == "console":
        errors.append(
            Error(
                "Les SMS sont seulement affichés dans la console (SMS_PROVIDER=console).",
                hint="Choisir un fournisseur : SMS_PROVIDER=brevo et SMS_BREVO_API_KEY.",
                id="boussole.E002",
            )
        )
    elif settings.SMS_PROVIDER == "brevo" and not settings.SMS_BREVO_API_KEY:
        errors.append(
            Error(
                "SMS_PROVIDER=brevo sans clé d’API : aucun SMS ne partirait.",
                hint="Donner SMS_BREVO_API_KEY (ou ANYMAIL_BREVO_API_KEY, la même clé).",
                id="boussole.E003",
            )
        )
    return errors


@register(deploy=True)
def delivery_reports(app_configs, **kwargs):
    """Without their webhooks, a bounced e-mail or an SMS to a dead number looks sent."""
    if settings.DEBUG:
        return []
    warnings = []
    if settings.EMAIL_PROVIDER == "brevo" and not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        warnings.append(
            Warning(
                "Sans ANYMAIL_WEBHOOK_SECRET, le webhook des e-mails refuse tout : un e-mail non remis semble envoyé.",
                hint="Poser ANYMAIL_WEBHOOK_SECRET (utilisateur:secret), déclarer le webhook chez Brevo (README).",
                id="boussole.W002",
            )
        )
    if settings.SMS_PROVIDER == "brevo" and not settings.SMS_WEBHOOK_TOKEN:
        warnings.append(
            Warning(
                "Sans SMS_WEBHOOK_TOKEN, Brevo ne dit pas ce que deviennent les SMS : un SMS non remis semble envoyé.",
                hint="Poser SMS_WEBHOOK_TOKEN, un secret long et aléatoire (README).",
                id="boussole.W003",
            )
        )
    return warnings

import re

from django.conf import settings
from django.core.checks import Error, register

# What an SMS sender may be, for Brevo: a name of 3 to 11 letters or digits, or a number of up to 15 digits.
SENDER = re.compile(r"[A-Za-z0-9]{3,11}|[0-9]{3,15}")


@register()
def sms_sender(app_configs, **kwargs):
    if SENDER.fullmatch(settings.SMS_SENDER):
        return []
    return [
        Error(
            f"SMS_SENDER « {settings.SMS_SENDER} » ne peut pas être l’expéditeur d’un SMS.",
            hint="De 3 à 11 lettres ou chiffres, sans espace ni accent (par exemple BOUSSOLE), ou un numéro.",
            id="notifications.E001",
        )
    ]

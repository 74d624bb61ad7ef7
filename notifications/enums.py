from django.db import models


class MessageStatus(models.TextChoices):
    """Where an outbox message (e-mail or SMS) stands on our side: to send, being handed over, handed over, given up."""

    QUEUED = "queued", "à envoyer"
    # Handed to the provider, its answer not yet recorded: a worker killed here leaves it so (see deliver_email).
    SENDING = "sending", "en cours d’envoi"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"


# The e-mail outbox's name for it, older than the SMS.
EmailStatus = MessageStatus


class DeliveryStatus(models.TextChoices):
    """What the provider reported afterwards, through its webhook (blank: no report yet)."""

    DELIVERED = "delivered", "remis"
    BOUNCED = "bounced", "non remis (adresse ou numéro refusé)"
    REJECTED = "rejected", "refusé par le fournisseur"
    COMPLAINED = "complained", "signalé comme indésirable"

    @classmethod
    def undelivered(cls) -> set[str]:
        """The reports that say the message never reached its recipient."""
        return {cls.BOUNCED, cls.REJECTED}


class SmsEncoding(models.TextChoices):
    GSM7 = "gsm7", "GSM 7 bits (160 caractères par segment)"
    UCS2 = "ucs2", "UCS-2 (70 caractères par segment)"

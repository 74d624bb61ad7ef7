from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "à envoyer"
    # Handed to the provider, its answer not yet recorded: a worker killed here leaves it so (see deliver_email).
    SENDING = "sending", "en cours d’envoi"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"

from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "à envoyer"
    SENT = "sent", "envoyé"
    FAILED = "failed", "échec"

from django.db import models


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "commune"
    ARRONDISSEMENT = "arrondissement", "arrondissement municipal"


class TerritoryStatus(models.TextChoices):
    PREPARING = "preparing", "en préparation"
    OPEN = "open", "ouvert"
    CLOSED = "closed", "fermé"

from django.db import models


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "commune"
    ARRONDISSEMENT = "arrondissement", "arrondissement municipal"


class TerritoryStatus(models.TextChoices):
    # Engaged: the consortium is preparing the territory; it serves no offer until it opens.
    ENGAGED = "engaged", "engagé, ouverture prochaine"
    OPEN = "open", "ouvert"
    CLOSED = "closed", "fermé"

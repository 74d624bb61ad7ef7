from django.db import models


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    SUBMITTED = "submitted", "à valider"
    PUBLISHED = "published", "publiée"
    ARCHIVED = "archived", "archivée"


class OfferFormat(models.TextChoices):
    ON_SITE = "on_site", "sur place"
    REMOTE = "remote", "à distance"
    BOTH = "both", "sur place ou à distance"


class Closeness(models.IntegerChoices):
    """How near an offer is to the youth's commune, nearest first."""

    COMMUNE = 0, "dans ta commune"
    EPCI = 1, "dans ton intercommunalité"
    DEPARTMENT = 2, "dans ton département"
    TERRITORY = 3, "sur ton territoire"
    NATIONAL = 4, "partout en France"

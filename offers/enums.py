from django.db import models


class OrganisationKind(models.TextChoices):
    MISSION_LOCALE = "mission_locale", "Mission locale"
    INFO_JEUNES = "info_jeunes", "Info Jeunes"
    CAF = "caf", "CAF"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CROUS = "crous", "CROUS"
    CPAM = "cpam", "CPAM"
    ASSOCIATION = "association", "association"
    COLLECTIVITY = "collectivite", "collectivité"
    TRAINING = "formation", "organisme de formation"
    HEALTH = "sante", "structure de santé"
    HOUSING = "logement", "structure logement"
    STATE = "etat", "service de l’État"
    OTHER = "autre", "autre"


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


class MemberRole(models.TextChoices):
    MEMBER = "member", "membre"
    ADMIN = "admin", "administrateur ou administratrice"

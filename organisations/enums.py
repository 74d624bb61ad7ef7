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


class MemberRole(models.TextChoices):
    MEMBER = "member", "membre"
    ADMIN = "admin", "administrateur ou administratrice"


class AttachmentDecision(models.TextChoices):
    ACCEPTED = "accepted", "acceptée"
    REFUSED = "refused", "refusée"

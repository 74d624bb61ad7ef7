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
    EPCI = 1, "dans les communes autour de la tienne"
    DEPARTMENT = 2, "dans ton département"
    TERRITORY = 3, "sur ton territoire"
    NATIONAL = 4, "partout en France"


class OfferEventKind(models.TextChoices):
    """What happened to an offer, in its history."""

    CREATED = "created", "créée en brouillon"
    COPIED = "copied", "créée par copie d’une autre offre"
    EDITED = "edited", "modifiée"
    SUBMITTED = "submitted", "envoyée pour validation"
    PUBLISHED = "published", "publiée"
    SENT_BACK = "sent_back", "renvoyée à la structure"
    CHANGE_SUBMITTED = "change_submitted", "modification envoyée pour validation"
    CHANGE_PUBLISHED = "change_published", "modification publiée"
    CHANGE_SENT_BACK = "change_sent_back", "modification renvoyée à la structure"
    CHANGE_WITHDRAWN = "change_withdrawn", "modification retirée par la structure"
    REVIEWED = "reviewed", "déclarée à jour"
    REVIEW_REQUESTED = "review_requested", "relecture demandée à la structure"
    REVIEW_REMINDED = "review_reminded", "relecture rappelée à la structure"
    ARCHIVED = "archived", "archivée"


# The steps of validation, of a new offer and of a change to a published one: the last says where the offer stands.
VALIDATION_STEPS = (
    OfferEventKind.SUBMITTED,
    OfferEventKind.PUBLISHED,
    OfferEventKind.SENT_BACK,
    OfferEventKind.CHANGE_SUBMITTED,
    OfferEventKind.CHANGE_PUBLISHED,
    OfferEventKind.CHANGE_SENT_BACK,
    OfferEventKind.CHANGE_WITHDRAWN,
    OfferEventKind.ARCHIVED,
)


class YouthState(models.TextChoices):
    """What youths see of an offer, as its organisation and the animators read it."""

    LIVE = "live", "publiée"
    DRAFT = "draft", "brouillon"
    SUBMITTED = "submitted", "à valider"
    ARCHIVED = "archived", "archivée"
    NOT_YET = "not_yet", "pas encore visible"
    EXPIRED = "expired", "expirée"
    STALE = "stale", "masquée : à actualiser"
    ORGANISATION_HIDDEN = "organisation_hidden", "masquée : charte non signée ou structure désactivée"

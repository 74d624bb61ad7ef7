from django.db import models


class RequestStatus(models.TextChoices):
    NEW = "new", "nouvelle"
    TAKEN = "taken", "prise en charge"
    CONTACTED = "contacted", "jeune contacté·e"
    CLOSED = "closed", "clôturée"
    WITHDRAWN = "withdrawn", "annulée par le ou la jeune"


# The status as the youth reads it on the tracking page, in their words.
YOUTH_STATUS_LABELS = {
    RequestStatus.NEW: "Envoyée : un·e professionnel·le va te contacter",
    RequestStatus.TAKEN: "Un·e professionnel·le s’occupe de ta demande",
    RequestStatus.CONTACTED: "Tu as été contacté·e",
    RequestStatus.CLOSED: "Terminée",
    RequestStatus.WITHDRAWN: "Annulée",
}

# Where the youth answers "has someone called?" on the tracking page (its id): the question's e-mail and SMS lead there.
ANSWER_ANCHOR = "ta-reponse"

OPEN_STATUSES = [RequestStatus.NEW, RequestStatus.TAKEN]
# Not over yet: a professional may still act on it.
ACTIVE_STATUSES = [*OPEN_STATUSES, RequestStatus.CONTACTED]
FINISHED_STATUSES = [RequestStatus.CLOSED, RequestStatus.WITHDRAWN]


class ContactChannel(models.TextChoices):
    EMAIL = "email", "par e-mail"
    PHONE = "phone", "par téléphone"
    SMS = "sms", "par SMS"
    MEETING = "meeting", "en rendez-vous"


class Outcome(models.TextChoices):
    SERVICE_MOBILISED = "service_mobilised", "service mobilisé"
    REDIRECTED = "redirected", "orienté·e vers une autre structure"
    NOT_REACHABLE = "not_reachable", "injoignable"
    NO_LONGER_NEEDED = "no_longer_needed", "n’en a plus besoin"
    OTHER = "other", "autre"


# What cannot be said of a request unless someone talked with the youth: closing so records when and how.
CONTACT_OUTCOMES = [Outcome.SERVICE_MOBILISED, Outcome.REDIRECTED]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "demande envoyée"
    TAKEN = "taken", "prise en charge"
    CONTACTED = "contacted", "jeune contacté·e"
    CLOSED = "closed", "demande clôturée"
    WITHDRAWN = "withdrawn", "demande annulée par le ou la jeune"
    REMINDED = "reminded", "rappel envoyé à la structure"
    ESCALATED = "escalated", "signalée à l’animation territoriale"
    FOLLOWED_UP = "followed_up", "question envoyée au ou à la jeune"
    YOUTH_NOT_CONTACTED = "youth_not_contacted", "le ou la jeune dit ne pas avoir été contacté·e"
    YOUTH_CONTACTED = "youth_contacted", "le ou la jeune dit avoir été contacté·e"
    YOUTH_CONTACT_UNDONE = "youth_contact_undone", "le ou la jeune revient sur sa réponse : pas de contact"
    TRANSFERRED = "transferred", "transmise à une autre offre"
    ORGANISATION_REMINDED = "organisation_reminded", "relance de l’animation territoriale envoyée à la structure"
    NOTE = "note", "note de l’animation territoriale"
    TAKEN_OVER = "taken_over", "reprise par l’animation territoriale"
    VIEWED = "viewed", "coordonnées consultées"
    ANONYMISED = "anonymised", "données personnelles effacées"
    EDITED = "edited", "corrigée dans l’administration du site"
    ALERT_UNDELIVERED = "alert_undelivered", "alerte non remise à la structure"
    YOUTH_UNDELIVERED = "youth_undelivered", "message au ou à la jeune non remis"
    ORIENTED = "oriented", "demande faite par un·e partenaire qui a orienté le ou la jeune"
    ORIENTED_ELSEWHERE = "oriented_elsewhere", "jeune orienté·e aussi vers l’offre d’une autre structure"


class EscalationReason(models.TextChoices):
    OVERDUE = "overdue", "toujours sans contact après l’échéance"
    YOUTH_SAID_SO = "youth_said_so", "le ou la jeune dit que personne ne l’a contacté·e"
    ORGANISATION_UNREACHABLE = "organisation_unreachable", "la structure n’a aucune adresse pour recevoir les demandes"


# What the youth reads of the history on the private page, in their words: one for every event they see
# (`RequestEventQuerySet.public`).
YOUTH_EVENT_LABELS = {
    EventKind.SUBMITTED: "tu as envoyé ta demande",
    EventKind.TAKEN: "un·e professionnel·le a pris ta demande en main",
    EventKind.CONTACTED: "un·e professionnel·le a indiqué t’avoir contacté·e",
    EventKind.CLOSED: "un·e professionnel·le a clôturé ta demande",
    EventKind.WITHDRAWN: "tu as annulé ta demande",
    EventKind.REMINDED: "nous avons rappelé ta demande à la structure",
    EventKind.ESCALATED: "nous avons prévenu l’équipe de la Boussole de ton territoire",
    EventKind.FOLLOWED_UP: "nous t’avons demandé si quelqu’un t’avait contacté·e",
    EventKind.YOUTH_NOT_CONTACTED: "tu nous as dit que personne ne t’a contacté·e",
    EventKind.YOUTH_CONTACTED: "tu nous as dit avoir été contacté·e",
    EventKind.YOUTH_CONTACT_UNDONE: "tu nous as dit t’être trompé·e : personne ne t’a contacté·e",
    EventKind.TRANSFERRED: "ta demande a été confiée à une autre structure",
    EventKind.ORGANISATION_REMINDED: "l’équipe de la Boussole de ton territoire a relancé la structure",
    EventKind.TAKEN_OVER: "l’équipe de la Boussole de ton territoire a repris ta demande",
    EventKind.ANONYMISED: "tes coordonnées ont été effacées",
    EventKind.ORIENTED: "un·e professionnel·le t’a orienté·e vers cette structure, avec ton accord",
    EventKind.ORIENTED_ELSEWHERE: "un·e professionnel·le t’a aussi orienté·e vers une autre structure",
}

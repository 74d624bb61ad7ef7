"""Opening an engaged territory to its youths: national staff open it in one action once it is ready, and the youths
who asked to be told ("prévenez-moi") get their one email.

It lives with the offers because readiness is about them: a territory opens when at least one of its organisations
reaches youths (active, current charter signed) and each of its active themes has a live local offer, so that no
youth of the territory picks a theme and finds nothing there.
"""

import datetime
import enum
from dataclasses import dataclass, field

from django.db import transaction

from offers.models import Offer
from organisations.models import Organisation
from territories.emails import TerritoryOpened
from territories.enums import TerritoryStatus
from territories.models import Territory


def missing_for_opening(territory: Territory) -> list[str]:
    """What the territory lacks to open, in French, one sentence each; empty when it is ready."""
    missing = []
    if not Organisation.objects.in_territories([territory.pk]).reaching_youths().exists():
        missing.append("Aucune structure active du territoire n’a signé la charte de partenariat en vigueur.")
    themes = list(territory.themes.ordered())
    if not themes:
        missing.append("Aucun thème n’est activé sur le territoire.")
    covered = set(Offer.objects.relying_on_themes(territory.pk, themes).values_list("theme_id", flat=True))
    bare = [theme.name for theme in themes if theme.pk not in covered]
    if bare:
        missing.append(
            f"Aucune offre visible des jeunes pour {'le thème' if len(bare) == 1 else 'les thèmes'} {', '.join(bare)}."
        )
    return missing


class Outcome(enum.Enum):
    OPENED = "opened"
    NOT_READY = "not_ready"
    NOT_ENGAGED = "not_engaged"


@dataclass
class Opening:
    outcome: Outcome
    missing: list[str] = field(default_factory=list)
    emails_queued: int = 0


def open_territory(territory_pk: int, *, today: datetime.date) -> Opening:
    """Opens an engaged territory that is ready: status open, `opening_date` today, one email queued through the
    outbox to each address registered for its opening, and the registrations deleted.

    The territory's row is locked for the whole action: two clicks on "open" (two staff members, or a double submit)
    run one after the other, and the second finds the territory open already and sends nothing.
    """
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory_pk)
        if territory.status != TerritoryStatus.ENGAGED:
            return Opening(Outcome.NOT_ENGAGED)
        missing = missing_for_opening(territory)
        if missing:
            return Opening(Outcome.NOT_READY, missing=missing)
        territory.status = TerritoryStatus.OPEN
        territory.opening_date = today
        territory.save(update_fields=["status", "opening_date"])
        alerts = list(territory.opening_alerts.order_by("pk"))
        for alert in alerts:
            TerritoryOpened(territory=territory, email=alert.email).queue()
        territory.opening_alerts.filter(pk__in=[alert.pk for alert in alerts]).delete()
    return Opening(Outcome.OPENED, emails_queued=len(alerts))

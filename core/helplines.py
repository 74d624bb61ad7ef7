"""The national numbers a youth can call at once, free, wherever they live: shown first to a youth in urgent need,
in the order of the need they expressed."""

import re
from dataclasses import dataclass

from django.db import models


class UrgentNeed(models.TextChoices):
    """What an urgent answer of the questionnaire says the youth needs now; it decides which number comes first."""

    DANGER = "danger", "en danger, ou pense à se faire du mal"
    MEDICAL = "medical", "urgence médicale"
    SHELTER = "shelter", "nulle part où dormir ce soir"


@dataclass(frozen=True)
class Helpline:
    number: str
    name: str
    when: str
    by_sms: bool = False

    @property
    def href(self) -> str:
        return f"{'sms' if self.by_sms else 'tel'}:{phone_digits(self.number)}"


def phone_digits(number: str) -> str:
    """What a tel: link dials: "0 800 235 236" → "0800235236", "+33 1 23…" keeps its "+"."""
    return re.sub(r"[^\d+]", "", number)


HELPLINES = [
    Helpline("115", "Samu social", "Pour trouver où dormir ce soir. Gratuit, jour et nuit."),
    Helpline(
        "119",
        "Allô Enfance en danger",
        "Si tu as moins de 18 ans et que tu es en danger, ou si tu t’inquiètes pour un ou une jeune. "
        "Gratuit, jour et nuit.",
    ),
    Helpline(
        "3114",
        "Numéro national de prévention du suicide",
        "Si tu penses à te faire du mal, ou si tu t’inquiètes pour quelqu’un. Gratuit, jour et nuit.",
    ),
    Helpline("15", "Samu", "Pour une urgence médicale."),
    Helpline("112", "Numéro d’urgence européen", "Si ta vie ou celle de quelqu’un est en danger."),
    Helpline("114", "Urgences par SMS", "Si tu ne peux pas parler ou entendre : écris un SMS au 114.", by_sms=True),
    Helpline("3919", "Violences Femmes Info", "Si tu subis des violences, ou si tu en es témoin. Gratuit et anonyme."),
    Helpline(
        "0 800 235 236",
        "Fil Santé Jeunes",
        "Pour parler de ta santé, de ton corps, de ton moral avec quelqu’un qui t’écoute. "
        "Gratuit et anonyme, tous les jours de 9 h à 23 h.",
    ),
]
BY_NUMBER = {helpline.number: helpline for helpline in HELPLINES}

# The numbers that answer each need, the one to call first first. A life in danger comes before a night outside.
FIRST_NUMBERS = {
    UrgentNeed.DANGER: ["3114", "119"],
    UrgentNeed.MEDICAL: ["15", "112"],
    UrgentNeed.SHELTER: ["115"],
}


def first_helplines(needs) -> list[Helpline]:
    """The numbers that answer these needs, most vital need first: 3114 and 119, then 15 and 112, then 115."""
    numbers = [number for need in FIRST_NUMBERS if need in needs for number in FIRST_NUMBERS[need]]
    return [BY_NUMBER[number] for number in dict.fromkeys(numbers)]


def helplines_for(needs=()) -> list[Helpline]:
    """Every national number, those that answer the youth's needs first (`first_helplines`), then the others."""
    first = first_helplines(needs)
    return first + [helpline for helpline in HELPLINES if helpline not in first]

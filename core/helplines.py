"""The national numbers a youth can call at once, free, wherever they live: shown first to a youth in urgent need."""

import re
from dataclasses import dataclass


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

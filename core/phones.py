"""Phone numbers written in French text, made tappable: "appelle le 0 800 235 236" calls it from a phone.

Browsers are told not to guess numbers themselves (the DSFR layout turns that off), so every number a youth may call
is a link of ours.
"""

import html
import re

from django.utils.safestring import SafeString

from core.helplines import phone_digits

SEPARATOR = r"[ .\-\u00a0\u202f]?"
# Ten digits from 0 ("03 26 00 11 20", "0326001120", "03.26.00.11.20"), their international form ("+33 3 26 …"),
# and the free numbers written in three groups ("0 800 235 236").
LONG_NUMBER = (
    rf"(?:(?:\+33|0033){SEPARATOR}(?:\(0\))?{SEPARATOR}[1-9]|0[1-9])(?:{SEPARATOR}\d{{2}}){{4}}"
    rf"|0{SEPARATOR}[89]\d\d(?:{SEPARATOR}\d{{3}}){{2}}"
)
# The national short numbers, only where a sentence gives them as numbers ("appelle le 115", "écris au 114"):
# "le 15 mars", "le 15 à 10 h", "les 15 ans", "au 112 avenue…" stay text.
SHORT_NUMBERS = ["3114", "3919", "112", "114", "115", "119", "15", "17", "18"]
NOT_PHONE_WORDS = (
    r"ans?|h|heures?|min|minutes?|jours?|mois|euros?|km|janvier|février|mars|avril|mai|juin|juillet|août|septembre"
    r"|octobre|novembre|décembre|rue|av|avenue|bd|boulevard|place|chemin|allée|impasse|route|quai|cours|bis|ter"
)
NOT_A_PHONE_AFTER = rf"(?![\d,]|\s*(?:[%€]|à\s*\d|(?:{NOT_PHONE_WORDS})\b))"
PHONE_IN_TEXT = re.compile(
    rf"(?<![\w+])(?P<long>{LONG_NUMBER})(?!\d)"
    rf"|(?P<lead>\b(?:le|au)[ \u00a0\u202f]+)(?P<short>{'|'.join(SHORT_NUMBERS)}){NOT_A_PHONE_AFTER}",
    re.IGNORECASE,
)
# A number the text invites to call: the offer is then first a number to call ("appelle le 0 800 235 236").
CALL_INVITATION = re.compile(
    r"\b(?:appel\w*|compose\w*|contacte\w*)(?:[ \u00a0]+(?:directement|gratuitement|vite|tout de suite))?"
    r"[ \u00a0]+(?:le|au)[ \u00a0]+"
    rf"(?P<number>{LONG_NUMBER}|{'|'.join(SHORT_NUMBERS)}){NOT_A_PHONE_AFTER}",
    re.IGNORECASE,
)
SMS_ONLY = {"114"}


def phone_href(number: str) -> str:
    digits = phone_digits(number)
    return f"{'sms' if digits in SMS_ONLY else 'tel'}:{digits}"


def link_phone_numbers(text) -> SafeString:
    """The text, escaped, with each phone number in it a tel: link (an SMS link for the 114), never cut at a line's
    end."""
    # The standard library's escape, as Django's does, without the latter's checks for lazy text on each piece: an
    # offer's page links four texts.
    text = str(text)
    parts, position = [], 0
    for found in PHONE_IN_TEXT.finditer(text):
        number = found.group("long") or found.group("short")
        parts.append(html.escape(text[position : found.start()]))
        parts.append(html.escape(found.group("lead") or ""))
        parts.append(f'<a class="boussole-nowrap" href="{html.escape(phone_href(number))}">{html.escape(number)}</a>')
        position = found.end()
    parts.append(html.escape(text[position:]))
    return SafeString("".join(parts))


def number_to_call(*texts: str) -> str | None:
    """The first number these texts invite to call, as written there: a hotline's number."""
    for text in texts:
        found = CALL_INVITATION.search(text or "")
        if found:
            return found.group("number")
    return None

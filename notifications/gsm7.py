"""SMS written for SMS: the GSM 03.38 alphabet, what to write instead of the characters it lacks, and segment counts.

An SMS in the GSM 7-bit alphabet holds 160 characters in one segment (153 per segment once split); the characters of its
extension table (€, [, ], {, }, |, ~, ^, backslash) take two. A single character outside it (a name in another script,
an emoji) makes the whole message UCS-2: 70 characters in one segment, 67 once split. So French typography that GSM-7
lacks ("’", "œ", "·", non-breaking spaces, "â", "ç"…) is written with its nearest GSM-7 equivalent, and only a text that
cannot be written so (a name in Cyrillic or Arabic) is sent in UCS-2, untouched.
"""

import math
import unicodedata
from typing import NamedTuple

from notifications.enums import SmsEncoding

# The basic character set (without the escape character, which only introduces the extension table).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Each of these costs two characters: the escape character, then its code.
GSM7_EXTENSION = frozenset("\f^{}\\[]~|€")

SINGLE_SEGMENT = {SmsEncoding.GSM7: 160, SmsEncoding.UCS2: 70}
# A split message carries a header in each segment (the user data header) that leaves this much room.
PER_SEGMENT_WHEN_SPLIT = {SmsEncoding.GSM7: 153, SmsEncoding.UCS2: 67}

# What GSM-7 lacks and French writes often. Accented letters that GSM-7 lacks (â, ê, î, ô, û, ë, ï, ç, À, È…) lose
# their accent through Unicode decomposition (see `gsm7_equivalent`); those listed here have no such decomposition.
TRANSLITERATIONS = {
    "·": ".",  # the inclusive middle dot: "contacté·e" becomes "contacté.e"
    "•": "-",
    "’": "'",
    "‘": "'",
    "‛": "'",
    "′": "'",
    "`": "'",
    "´": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‹": "'",
    "›": "'",
    "œ": "oe",
    "Œ": "OE",
    "–": "-",
    "—": "-",
    "‒": "-",
    "―": "-",
    "−": "-",
    "\u2011": "-",  # non-breaking hyphen
    "…": "...",
    "°": "o",
    "×": "x",
    "\t": " ",
    # Spaces of every width, non-breaking ones included, are spaces.
    "\u00a0": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    # Invisible characters are left out.
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}


class SmsText(NamedTuple):
    """A text as the network carries it."""

    text: str
    encoding: str
    # Characters as the network counts them: GSM-7 septets (2 for the extension table), or UTF-16 code units.
    length: int
    segments: int


def gsm7_equivalent(character: str) -> str | None:
    """The GSM-7 characters that stand for `character`, or None when there are none."""
    if character in GSM7_BASIC or character in GSM7_EXTENSION:
        return character
    if character in TRANSLITERATIONS:
        return TRANSLITERATIONS[character]
    without_accents = "".join(
        part for part in unicodedata.normalize("NFD", character) if not unicodedata.combining(part)
    )
    if without_accents and all(part in GSM7_BASIC for part in without_accents):
        return without_accents
    return None


def to_gsm7(text: str) -> str | None:
    """`text` in the GSM 7-bit alphabet, or None when one of its characters has no GSM-7 equivalent."""
    written = []
    for character in text:
        equivalent = gsm7_equivalent(character)
        if equivalent is None:
            return None
        written.append(equivalent)
    return "".join(written)


def count_segments(length: int, encoding: str) -> int:
    if length <= SINGLE_SEGMENT[encoding]:
        return 1
    return math.ceil(length / PER_SEGMENT_WHEN_SPLIT[encoding])


def encode(text: str) -> SmsText:
    """The text to send: in GSM-7 when it can be written so, else in UCS-2 as it is; with its length and segments."""
    gsm7 = to_gsm7(text)
    if gsm7 is not None:
        length = sum(2 if character in GSM7_EXTENSION else 1 for character in gsm7)
        return SmsText(gsm7, SmsEncoding.GSM7, length, count_segments(length, SmsEncoding.GSM7))
    length = len(text.encode("utf-16-le")) // 2
    return SmsText(text, SmsEncoding.UCS2, length, count_segments(length, SmsEncoding.UCS2))

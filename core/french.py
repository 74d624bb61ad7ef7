"""French grammar around names that come from the database: "chez la Mission locale", "au nom d’Info Jeunes"."""

import unicodedata

from django.utils.formats import date_format

# The first words of the kinds of structures that take an article in a sentence, with that article.
# Names that are brands or acronyms said as such (Info Jeunes, France Travail, Eurodesk) take none.
ARTICLES = {
    "agence": "la",
    "antenne": "la",
    "association": "la",
    "bij": "le",
    "bureau": "le",
    "caf": "la",
    "centre": "le",
    "cidj": "le",
    "club": "le",
    "comité": "le",
    "communauté": "la",
    "conseil": "le",
    "cpam": "la",
    "crous": "le",
    "département": "le",
    "direction": "la",
    "école": "la",
    "espace": "le",
    "fédération": "la",
    "foyer": "le",
    "maison": "la",
    "mairie": "la",
    "mission": "la",
    "msa": "la",
    "pij": "le",
    "planning": "le",
    "plateforme": "la",
    "point": "le",
    "pôle": "le",
    "réseau": "le",
    "résidence": "la",
    "service": "le",
    "ville": "la",
}
CONTRACTIONS = {("à", "le"): "au", ("de", "le"): "du", ("à", "les"): "aux", ("de", "les"): "des"}
ELIDED = {"de": "d’", "le": "l’", "la": "l’", "que": "qu’", "jusque": "jusqu’"}
VOWELS = set("aeiouy")


def _starts_with_vowel(word: str) -> bool:
    first = unicodedata.normalize("NFD", word[:1].casefold())[:1]
    return first in VOWELS


def _join(word: str, following: str) -> str:
    if word in ELIDED and _starts_with_vowel(following):
        return ELIDED[word] + following
    return f"{word} {following}"


def with_preposition(name: str, preposition: str = "") -> str:
    """The name after a preposition, with its article and elisions.

    `with_preposition("Mission locale de Reims", "chez")` → "chez la Mission locale de Reims";
    `with_preposition("Info Jeunes Essonne", "au nom de")` → "au nom d’Info Jeunes Essonne";
    `with_preposition("CROUS de Versailles", "à")` → "au CROUS de Versailles".
    """
    name = str(name).strip()
    if not name:
        return preposition
    *leading, last = preposition.split() or [""]
    first_word, _, rest = name.partition(" ")
    if first_word.casefold() in ("le", "les") and rest and (last, first_word.casefold()) in CONTRACTIONS:
        # A name written with its article: "Le Point Jeunes" → "au Point Jeunes".
        return " ".join([*leading, f"{CONTRACTIONS[(last, first_word.casefold())]} {rest}"])
    if first_word.casefold() in ("la", "le", "les") or first_word.casefold().startswith(("l’", "l'")):
        return " ".join([*leading, last, name]) if last else name
    article = ARTICLES.get(first_word.casefold().rstrip(","))
    if article and not _starts_with_vowel(name):
        if (last, article) in CONTRACTIONS:
            last, phrase = CONTRACTIONS[(last, article)], name
            return " ".join([*leading, f"{last} {phrase}"])
        phrase = f"{article} {name}"
    elif article:
        phrase = f"l’{name}"
    else:
        phrase = name
    if not last:
        return phrase
    return " ".join([*leading, _join(last, phrase)])


def as_subject(name: str) -> str:
    """The name opening a sentence, with its article: "La Mission locale de Reims", "Info Jeunes Essonne"."""
    phrase = with_preposition(name)
    return phrase[:1].upper() + phrase[1:]


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def long_date(day, pattern: str = "j F Y") -> str:
    """A date as French writes it, the first of the month as an ordinal: "1er mars 2027", "mardi 1er décembre" (Django's
    date format otherwise writes "1 mars"). The usual patterns, made of Django's letters l (weekday), j (day), F
    (month) and Y (year), are written here rather than by Django's date format, which looks each name up in the
    translations, each time (the contact promise of every offer page); any other goes to Django's."""
    letters = pattern.split()
    if set(letters) <= {"l", "j", "F", "Y"}:
        parts = {
            "l": WEEKDAYS[day.weekday()],
            "j": "1er" if day.day == 1 else str(day.day),
            "F": MONTHS[day.month - 1],
            "Y": str(day.year),
        }
        return " ".join(parts[letter] for letter in letters)
    if day.day == 1:
        pattern = pattern.replace("j", "j\\e\\r", 1)
    return date_format(day, pattern)

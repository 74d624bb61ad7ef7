"""Commune search: forgiving normalisation of names and codes, and the terms that the search index stores."""

import re
import unicodedata

# Abbreviations people type, expanded the way names are written.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# A name is also found from its later words ("havre" finds Le Havre), except from these small words.
SMALL_WORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "s", "sous", "sur"}
DEPARTMENT_IN_LABEL = re.compile(r"\((\d[\dab]\d?)\)\s*$")
DEPARTMENT_CODE = re.compile(r"^(\d\d\d?|2[ab])$")


def normalize(text: str) -> str:
    """Lower case, no accents, words separated by one space: "Saint-Étienne-du-Rouvray" → "saint etienne du rouvray"."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")  # ligatures that NFKD does not split
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def name_terms(name: str) -> list[str]:
    """The full normalised name, then the same from each later significant word."""
    words = normalize(name).split()
    return [" ".join(words[start:]) for start in range(len(words)) if start == 0 or words[start] not in SMALL_WORDS]


def split_department(query: str) -> tuple[str, str]:
    """Reads a label such as "Saint-Denis (93)" back into ("Saint-Denis", "93")."""
    match = DEPARTMENT_IN_LABEL.search(query.lower())
    if not match:
        return query, ""
    return query[: match.start()], match.group(1)


def split_codes(words: list[str]) -> tuple[list[str], str, str]:
    """Reads the codes people type after a name: (name words, postal code, département).

    "marseille 13001" → (["marseille"], "13001", ""); "saint denis 93" → (["saint", "denis"], "", "93");
    "51 100" → (["51100"], "", ""): a postal code typed in two parts is one code.
    """
    digits_from = len(words)
    while digits_from > 0 and (words[digits_from - 1].isdigit() or DEPARTMENT_CODE.match(words[digits_from - 1])):
        digits_from -= 1
    names, codes = words[:digits_from], "".join(words[digits_from:])
    if not names:
        return ([codes] if codes.isdigit() else words), "", ""
    if len(codes) == 5 and codes.isdigit():
        return names, codes, ""
    if DEPARTMENT_CODE.match(codes):
        return names, "", codes
    return words, "", ""


# A name typed with one letter wrong, missing, doubled or swapped ("rheims", "marsseille", "bordaux") is found once
# it has this many letters: shorter, one edit away is half the communes of France.
TYPO_MIN_LENGTH = 5
LETTERS = "abcdefghijklmnopqrstuvwxyz "


def one_edit_away(text: str) -> set[str]:
    """Every normalised text one edit from `text`: a letter removed, swapped with the next, replaced or added (a
    space counts as a letter: "saintetienne"). Looked up by equality, each one is a probe of the terms' index."""
    splits = [(text[:index], text[index:]) for index in range(len(text) + 1)]
    removed = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaced = {left + letter + right[1:] for left, right in splits if right for letter in LETTERS}
    added = {left + letter + right for left, right in splits for letter in LETTERS}
    variants = {" ".join(variant.split()) for variant in removed | swapped | replaced | added}
    return variants - {text, ""}

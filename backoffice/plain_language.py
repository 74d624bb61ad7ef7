"""Plain-language advice on what professionals write for the youth: long sentences and administrative jargon.

Pure functions, no database: the edit page shows their advice next to the texts the youth will read.
"""

import re
from dataclasses import dataclass

MAX_SENTENCE_WORDS = 25
# How much of a long sentence the advice quotes, so that the professional finds it in the text.
QUOTED_WORDS = 10


@dataclass(frozen=True)
class Jargon:
    """A word of administrative jargon and the plain words to use instead."""

    word: str
    simpler: tuple[str, ...]
    # Regular expression of the forms to find (plural, conjugations); by default the word and its plural.
    forms: str = ""

    @property
    def pattern(self) -> re.Pattern:
        forms = self.forms or re.escape(self.word) + "s?"
        return re.compile(rf"(?<!\w)(?:{forms})(?!\w)", re.IGNORECASE)


JARGON = [
    Jargon("bénéficiaire", ("personne aidée", "toi")),
    Jargon("bénéficier", ("avoir droit à", "profiter de"), r"bénéfici(?:er|ez|e|ent|ant)"),
    Jargon("dispositif", ("aide",)),
    Jargon("accompagnement", ("aide", "suivi")),
    Jargon("insertion professionnelle", ("trouver un travail",)),
    Jargon("insertion", ("trouver sa place", "trouver un travail")),
    Jargon("modalités", ("comment ça marche",), r"modalités?"),
    Jargon("orientation", ("trouver sa voie",)),
    Jargon("démarches", ("étapes",), r"démarches?"),
    Jargon("solliciter", ("demander",), r"sollicit(?:er|ez|e|es|ent|é|ée|és|ées|ant)"),
    Jargon("percevoir", ("recevoir",), r"perçoi[st]|perçoivent|percev(?:oir|ez|ons)|perçue?s?"),
    Jargon("éligible", ("qui peut en profiter",), r"éligibles?|éligibilité"),
    Jargon("structure", ("association", "équipe", "lieu")),
    Jargon("public cible", ("pour qui",), r"publics? cibles?"),
    Jargon("prestation", ("aide", "service")),
    Jargon("justificatif", ("papier", "document"), r"(?:pièces? )?justificati(?:f|fs|ve|ves)"),
    Jargon("usager", ("toi", "personne"), r"usag(?:er|ère)s?"),
    Jargon("afin de", ("pour",)),
    Jargon("en amont", ("avant",)),
    Jargon("préalablement", ("avant",)),
    Jargon("à l’issue de", ("à la fin de",), r"à l[’'] ?issue de"),
    Jargon("dans le cadre de", ("avec", "pour")),
    Jargon("effectuer", ("faire",), r"effectu(?:er|ez|e|es|ent|é|ée|és|ées)"),
    Jargon("mobiliser", ("utiliser",), r"mobilis(?:er|ez|e|es|ent|é|ée|és|ées)"),
    Jargon("octroyer", ("donner",), r"octroi|octroy(?:er|ez|é|ée|és|ées)|octroie(?:nt)?"),
    Jargon("allocation", ("argent versé chaque mois", "aide en argent")),
    Jargon("domicilié", ("qui habite",), r"domicilié(?:e|s|es)?"),
    Jargon("NEET", ("ni en emploi, ni en études, ni en formation",), r"NEET"),
]

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class LongSentence:
    words: int
    text: str

    @property
    def advice(self) -> str:
        words = self.text.split()
        quote = " ".join(words[:QUOTED_WORDS]) + ("…" if len(words) > QUOTED_WORDS else "")
        return f"Phrase longue ({self.words} mots) : « {quote} ». Coupez-la en deux phrases plus courtes."


@dataclass(frozen=True)
class JargonFound:
    found: str
    jargon: Jargon

    @property
    def advice(self) -> str:
        simpler = " ou ".join(f"« {words} »" for words in self.jargon.simpler)
        return f"« {self.found} » : dites plutôt {simpler}."


def sentences(text: str) -> list[str]:
    return [sentence.strip() for sentence in SENTENCE_END.split(text) if sentence.strip()]


def word_count(sentence: str) -> int:
    """Words as a reader counts them: "l’aide" is one word, a lone dash is none."""
    return sum(1 for token in sentence.split() if WORD.search(token))


def long_sentences(text: str, *, max_words: int = MAX_SENTENCE_WORDS) -> list[LongSentence]:
    found = []
    for sentence in sentences(text):
        count = word_count(sentence)
        if count > max_words:
            found.append(LongSentence(words=count, text=sentence))
    return found


def jargon_in(text: str) -> list[JargonFound]:
    """Each jargon word found, once, in the order of the text; a longer expression hides the shorter one inside it."""
    hits, taken = [], []
    for jargon in sorted(JARGON, key=lambda entry: -len(entry.word)):
        for match in jargon.pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            hits.append((match.start(), JargonFound(found=match.group(0), jargon=jargon)))
            break
    return [hit for _, hit in sorted(hits, key=lambda item: item[0])]


def advice(text: str) -> list[str]:
    """What to change so that a 15-year-old understands the text: long sentences first, then jargon."""
    return [sentence.advice for sentence in long_sentences(text)] + [hit.advice for hit in jargon_in(text)]

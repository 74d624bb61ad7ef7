"""A likely typo in the domain of an e-mail address ("gmial.com", "hotmial.fr", "gmail.con"), and its correction.

An address typed wrong bounces, and the youth never gets the link to their request. The form suggests the common
domain that the typed one is one slip away from, without refusing it: the youth confirms or corrects.
The rule: the typed domain is not a common one, and is at most one edit away from one (a letter added, missing,
changed, or two neighbours swapped), or two for a long domain (10 characters or more). The page's script applies the
same rule as the youth types (static/boussole/email-suggestion.js, reading the lists from the page).
"""

# The domains most French youths have, most common first: a tie goes to the first.
COMMON_DOMAINS = (
    "gmail.com",
    "hotmail.fr",
    "hotmail.com",
    "outlook.fr",
    "outlook.com",
    "yahoo.fr",
    "yahoo.com",
    "icloud.com",
    "live.fr",
    "live.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "laposte.net",
    "msn.com",
    "gmx.fr",
    "aol.com",
    "neuf.fr",
    "bbox.fr",
    "protonmail.com",
    "proton.me",
)
# Real domains one slip away from a common one: never corrected.
OTHER_REAL_DOMAINS = frozenset(
    {
        "mail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "live.be",
        "live.ca",
        "msn.fr",
        *(
            f"{name}.{country}"
            for name in ("hotmail", "outlook", "yahoo")
            for country in ("be", "ca", "ch", "de", "es", "it")
        ),
    }
)
# Mistakes too far from their domain for the rule, yet common.
KNOWN_TYPOS = {"gmail.fr": "gmail.com", "gmaill.fr": "gmail.com"}
LONG_DOMAIN = 10


def distance(one: str, other: str) -> int:
    """Edits from one text to the other: insertions, deletions, substitutions, and swaps of two neighbours."""
    previous_row, row = None, list(range(len(other) + 1))
    for i, letter in enumerate(one, start=1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(other)
        for j, other_letter in enumerate(other, start=1):
            cost = 0 if letter == other_letter else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and letter == other[j - 2] and one[i - 2] == other_letter:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]


def suggested_domain(domain: str) -> str:
    """The common domain `domain` is likely a typo of, or ""."""
    domain = domain.strip().lower()
    if not domain or domain in COMMON_DOMAINS or domain in OTHER_REAL_DOMAINS:
        return ""
    if domain in KNOWN_TYPOS:
        return KNOWN_TYPOS[domain]
    best, best_distance = "", 3
    for common in COMMON_DOMAINS:
        allowed = 2 if len(common) >= LONG_DOMAIN else 1
        found = distance(domain, common)
        if found <= allowed and found < best_distance:
            best, best_distance = common, found
    return best


def suggested_address(address: str) -> str:
    """The address with the common domain it likely meant ("prenom@gmial.com": "prenom@gmail.com"), or ""."""
    mailbox, at, domain = address.strip().rpartition("@")
    if not (mailbox and at):
        return ""
    suggestion = suggested_domain(domain)
    return f"{mailbox}@{suggestion}" if suggestion else ""

"""CSV files that partners open in a French spreadsheet: UTF-8 with a BOM, `;` between cells, dates as dates.

Files are streamed, a batch of rows at a time, so memory stays flat however many rows they hold. Youths type some of
the text that lands in them: a cell that a spreadsheet would read as a formula is neutralised.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone

from contact_requests.enums import ContactChannel, Outcome, RequestStatus
from contact_requests.models import RequestEvent
from stats.figures import Figures
from stats.gaps import as_gap, gaps

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 2000


def neutralised(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show `=HYPERLINK(…)` as text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    return neutralised(str(value))


class _Echo:
    """The file `csv.writer` writes to: it hands each line back instead of keeping it."""

    def write(self, line):
        return line


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """The encoded file, a batch of lines at a time."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield (BOM + writer.writerow(header)).encode()
    batch = []
    for row in rows:
        batch.append(writer.writerow([cell(value) for value in row]))
        if len(batch) == 200:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


REQUEST_COLUMNS = [
    ("reference", "Référence"),
    ("created_at", "Reçue le"),
    ("due_at", "À contacter avant le"),
    ("contacted_at", "Contacté·e le"),
    ("working_days_to_contact", "Jours ouvrés avant le contact"),
    ("status", "État"),
    ("theme__name", "Thème"),
    ("offer__title", "Offre"),
    ("organisation__name", "Structure"),
    ("commune__insee_code", "Code INSEE de la commune"),
    ("commune__name", "Commune"),
    ("escalated_at", "Signalée à l’animation le"),
    ("outcome", "Suite donnée"),
    ("finished_at", "Terminée le"),
]
PERSONAL_COLUMNS = [
    ("first_name", "Prénom"),
    ("email", "E-mail"),
    ("phone", "Téléphone"),
    ("preferred_channel", "Préfère être contacté·e"),
]
LABELS = {"status": RequestStatus, "outcome": Outcome, "preferred_channel": ContactChannel}


def _label(name, value):
    if name in LABELS:
        return LABELS[name](value).label if value else ""
    if name == "phone":
        return value.as_national if value else ""
    return value


def request_rows(requests: QuerySet, *, with_personal_data: bool, reader=None) -> tuple[list[str], Iterator[list]]:
    """The requests, one line each; with the youth's contact details when the reader may see them.

    Each request whose contact details go into the file is recorded as viewed by the reader, batch by batch as the
    file is sent: the audit says exactly who took a copy of whose data. Anonymised requests have none left.
    """
    columns = REQUEST_COLUMNS + (PERSONAL_COLUMNS if with_personal_data else [])
    header = [label for _, label in columns] + ["Dans le délai promis"]
    fields = ["pk", "anonymised_at", *[name for name, _ in columns]]

    def rows():
        pending = []
        for values in requests.order_by("created_at", "pk").values_list(*fields).iterator(chunk_size=BATCH):
            record = dict(zip(fields, values, strict=True))
            if with_personal_data and record["anonymised_at"] is None:
                pending.append(record["pk"])
            on_time = record["contacted_at"] <= record["due_at"] if record["contacted_at"] else None
            yield [_label(name, record[name]) for name, _ in columns] + [on_time]
            if len(pending) == BATCH:
                RequestEvent.objects.record_views(pending, by=reader, export=True)
                pending = []
        if pending:
            RequestEvent.objects.record_views(pending, by=reader, export=True)

    return header, rows()


def figure_rows(figures: Figures) -> tuple[list[str], list[list]]:
    """Every table of the statistics page, one line per figure: table, line, value."""
    rows = [
        ["Chiffres clés", "Demandes reçues", figures.received],
        ["Chiffres clés", "Jeunes contacté·es", figures.contacted],
        ["Chiffres clés", "Demandes dont le délai est échu ou qui ont eu un contact", figures.settled],
        ["Chiffres clés", "Contacté·es dans le délai promis", figures.on_time],
        ["Chiffres clés", "Délai médian avant le premier contact (jours ouvrés)", figures.median_days],
        ["Chiffres clés", "Délai au 90e centile avant le premier contact (jours ouvrés)", figures.p90_days],
        ["Chiffres clés", "Demandes signalées à l’animation territoriale", figures.escalated],
        ["Chiffres clés", "Jeunes ayant dit « personne ne m’a contacté·e »", figures.reported_not_contacted],
    ]
    for title, bars in [
        ("Demandes par mois", figures.per_month),
        ("Demandes par thème", figures.per_theme),
        ("Demandes par structure", figures.per_organisation),
        ("Suites données", figures.outcomes),
    ]:
        rows += [[title, bar.label, bar.value] for bar in bars]
    for answers in figures.youth_answers:
        rows.append(["Jeunes disant avoir été contacté·es", answers.outcome, answers.said_contacted])
        rows.append(["Jeunes disant ne pas avoir été contacté·es", answers.outcome, answers.said_not_contacted])
    for searches in figures.searches:
        rows.append(["Recherches", searches.theme, searches.total])
        rows.append(["Recherches sans aucune offre", searches.theme, searches.no_result])
        rows.append(["Recherches avec une seule offre", searches.theme, searches.one_result])
    return ["Tableau", "Ligne", "Valeur"], rows


def gap_rows(searches: QuerySet) -> tuple[list[str], Iterator[list]]:
    header = ["Commune", "Code INSEE", "Thème", "Profil", "Recherches", "Aucune offre", "Une offre"]

    def rows():
        for gap in map(as_gap, gaps(searches).iterator(chunk_size=BATCH)):
            yield [
                gap.commune,
                gap.insee_code,
                gap.theme,
                gap.profile_in_words,
                gap.searches,
                gap.without_result,
                gap.with_one_result,
            ]

    return header, rows()

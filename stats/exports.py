"""CSV files that partners open in a French spreadsheet: UTF-8 with a BOM, `;` between cells, dates as dates.

Files are streamed, a batch of rows at a time, so memory stays flat however many rows they hold. Youths type some of
the text that lands in them: a cell that a spreadsheet would read as a formula is neutralised.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

import phonenumbers
from django.db import connections
from django.db.models import BooleanField, Case, CharField, F, Func, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from contact_requests.enums import ContactChannel, Outcome, RequestStatus
from contact_requests.models import RequestEvent
from stats.figures import Figures, all_organisations
from stats.gaps import protected_gaps
from stats.scopes import Searches
from stats.summary import ON_TIME

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST_CHARACTERS = frozenset(FORMULA_STARTS)
BATCH = 5000


def neutralised(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show `=HYPERLINK(…)` as text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value, zone=None) -> str:
    """A value as a French spreadsheet reads it; `zone` (the site's time zone) saves looking it up for every cell."""
    if type(value) is str:  # most cells: tested first
        return "'" + value if value[:1] in FORMULA_FIRST_CHARACTERS else value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(zone or timezone.get_current_timezone()).strftime("%d/%m/%Y %H:%M")
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
    zone = timezone.get_current_timezone()
    yield (BOM + writer.writerow(header)).encode()
    batch = []
    for row in rows:
        batch.append(writer.writerow([cell(value, zone) for value in row]))
        if len(batch) == 500:
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
    # Empty for a youth's own request; for an orientation, the partner who sent the youth (never the professional).
    ("oriented_from__name", "Orienté·e par la structure"),
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
# The label of each stored value, looked up once rather than an enum built per cell.
LABELS = {
    name: {value: label for value, label in choices.choices}
    for name, choices in {"status": RequestStatus, "outcome": Outcome, "preferred_channel": ContactChannel}.items()
}


DATETIME_COLUMNS = {"created_at", "due_at", "contacted_at", "escalated_at", "finished_at"}


class LocalDateTimeText(Func):
    """A moment as the file writes it (`cell`), in the site's time zone, formatted by PostgreSQL: 100,000 rows then
    cost no date object in Python."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        zone = timezone.get_current_timezone_name()
        return f"TO_CHAR({sql} AT TIME ZONE %s, 'DD/MM/YYYY HH24:MI')", (*params, zone)


def _national(phone: str) -> str:
    """A stored E.164 number as a French reader writes it: "06 12 34 56 78"."""
    if not phone:
        return ""
    if phone.startswith("+33") and len(phone) == 12:
        digits = "0" + phone[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL)


def _selected(names: list[str], vendor: str) -> dict:
    """What to read for each column: dates formatted by the database where it can, the phone as stored."""
    selected = {name: name for name in names}
    if "phone" in selected:
        selected["phone"] = Cast("phone", CharField())
    if vendor == "postgresql":
        selected |= {name: LocalDateTimeText(name) for name in names if name in DATETIME_COLUMNS}
    return selected


def _labelled(columns: list[str]):
    """A function turning a row of stored values into the cells of these columns."""
    labels = [LABELS.get(name) for name in columns]
    phone = columns.index("phone") if "phone" in columns else None

    def cells(values):
        row = [labels[i].get(value, "") if labels[i] is not None and value else value for i, value in enumerate(values)]
        if phone is not None:
            row[phone] = _national(values[phone])
        return row

    return cells


def request_rows(requests: QuerySet, *, with_personal_data: bool, reader=None) -> tuple[list[str], Iterator[list]]:
    """The requests, one line each; with the youth's contact details when the reader may see them.

    Each request whose contact details go into the file is recorded as viewed by the reader, in one statement as the
    file starts: the audit says who took a copy of whose data. Anonymised requests have none left.
    """
    columns = REQUEST_COLUMNS + (PERSONAL_COLUMNS if with_personal_data else [])
    header = [label for _, label in columns] + ["Dans le délai promis"]
    names = [name for name, _ in columns]
    cells = _labelled(names)
    selected = _selected(names, connections[requests.db].vendor)
    on_time = Case(
        When(contacted_at__isnull=True, then=Value(None)),
        When(ON_TIME, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    fields = {
        f"column_{index}": F(selected[name]) if isinstance(selected[name], str) else selected[name]
        for index, name in enumerate(names)
    }

    def rows():
        if with_personal_data:
            RequestEvent.objects.record_views_of(requests.filter(anonymised_at__isnull=True), by=reader, export=True)
        lines = (
            requests.annotate(**fields, on_time=on_time).order_by("created_at", "pk").values_list(*fields, "on_time")
        )
        for *values, kept in lines.iterator(chunk_size=BATCH):
            yield [*cells(values), kept]

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
        ("Demandes par structure", all_organisations(figures)),
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


def gap_rows(searches: Searches, *, area: str) -> tuple[list[str], Iterator[list]]:
    """The gap table as on its page (`protected_gaps`), every row."""
    header = ["Commune", "Code INSEE", "Thème", "Profil", "Recherches", "Aucune offre", "Une offre"]

    def rows():
        for gap in protected_gaps(searches, area=area):
            yield [gap.commune, gap.insee_code, gap.theme, gap.profile_in_words, *gap.counts_text()]

    return header, rows()

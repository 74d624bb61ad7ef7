"""The state a night of the national benchmark starts from, the same at each run: yesterday's requests and searches
not counted yet (its searches in the search log), and the requests past their retention period not anonymised."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from contact_requests.enums import EventKind
from contact_requests.models import ContactRequest, RequestEvent
from demo.bench.national import REFERENCE_PREFIX
from offers.models import SearchLog
from stats import summary
from stats.models import GapDay, RequestDay, SearchDay, SummarisedDay


def year_not_counted() -> bool:
    return not RequestDay.objects.exists()


def year_days(*, now) -> list[datetime.date]:
    """From the first request's month to the day before yesterday: yesterday is left to the night."""
    first = summary.first_day()
    yesterday = timezone.localdate(now) - datetime.timedelta(days=1)
    return summary.all_days(first.replace(day=1), yesterday - datetime.timedelta(days=1))


@transaction.atomic
def prepare(*, now):
    restore_anonymised()
    forget_yesterday(timezone.localdate(now) - datetime.timedelta(days=1))


def restore_anonymised():
    """The requests a run before anonymised get back their (made-up) personal data, for the purge to erase again."""
    requests = ContactRequest.objects.filter(reference__startswith=REFERENCE_PREFIX, anonymised_at__isnull=False)
    RequestEvent.objects.filter(request__in=requests, kind=EventKind.ANONYMISED).delete()
    table = ContactRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET first_name = 'Jeune', "
            f"email = 'jeune' || ltrim(substr(reference, %s), '0') || '@banc.example.fr', "
            'answers_in_words = \'[["Âge", "20 ans"]]\'::jsonb, anonymised_at = NULL '
            "WHERE reference LIKE %s AND anonymised_at IS NOT NULL",
            [len(REFERENCE_PREFIX) + 1, f"{REFERENCE_PREFIX}%"],
        )


def forget_yesterday(yesterday: datetime.date):
    """Yesterday as before the night: its searches back in the search log, out of the summary with its requests."""
    if not SummarisedDay.objects.filter(day=yesterday).exists():
        return
    if not SearchLog.objects.filter(day=yesterday).exists():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SearchLog._meta.db_table} (day, commune_id, theme_id, result_count, age_band, answers) "
                "SELECT day, commune_id, theme_id, CASE WHEN i <= without_result THEN 0 ELSE 1 END, age_band, answers "
                f"FROM {GapDay._meta.db_table}, generate_series(1, searches) i WHERE day = %s "
                "UNION ALL SELECT day, commune_id, theme_id, 2, NULL, '{}'::jsonb "
                f"FROM {SearchDay._meta.db_table}, "
                "generate_series(1, searches - without_result - with_one_result) i WHERE day = %s",
                [yesterday, yesterday],
            )
    for model in (SearchDay, GapDay, RequestDay, SummarisedDay):
        model.objects.filter(day=yesterday).delete()
    summary.refresh_months({yesterday.replace(day=1)})

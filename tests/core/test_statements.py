import datetime
from zoneinfo import ZoneInfo

import pytest

from core.statements import KeptStatement, instance, unique_samples
from stats import kept
from stats.models import SummarisedDay
from territories.models import Commune, Department

pytestmark = pytest.mark.django_db


def communes_of(department_code, population):
    return (
        Commune.objects.filter(department__code=department_code, population__gte=population)
        .order_by("-population", "insee_code")
        .values_list("insee_code", "name")[:5]
    )


def run(statement, **values):
    return [tuple(row) for row in statement.rows(**values)]


def test_a_kept_statement_reads_what_its_queryset_reads_with_the_values_given():
    statement = KeptStatement.of(communes_of("00", 123_456), department="00", population=123_456)

    for department, population in [("51", 0), ("51", 10_000), ("75", 0), ("2A", 5_000), ("51", 10_000_000)]:
        assert run(statement, department=department, population=population) == list(communes_of(department, population))
    assert run(statement, department="51", population=10_000)  # not only empty results alike


def test_rows_changed_after_the_statement_was_kept_are_read_as_they_are():
    statement = KeptStatement.of(Department.objects.filter(code="00").values_list("name"), code="00")
    assert run(statement, code="51") == [("Marne",)]

    Department.objects.filter(code="51").update(name="Marne (renommée)")

    assert run(statement, code="51") == [("Marne (renommée)",)]


@pytest.mark.parametrize("sample", ["51", "nowhere"])
def test_a_sample_must_be_exactly_one_parameter_of_the_statement(sample):
    # "51" is two parameters of it, "nowhere" none: its place would be a guess.
    queryset = Commune.objects.filter(department__code="51", epci__communes__department__code="51")

    with pytest.raises(ValueError, match="parameters of the statement"):
        KeptStatement.of(queryset, department=sample)


def test_a_value_the_orm_would_change_is_no_sample():
    # `startswith` reads "rei%": the value given would not be the one the statement needs.
    with pytest.raises(ValueError, match="parameters of the statement"):
        KeptStatement.of(Commune.objects.filter(search_name__startswith="rei"), start="rei")


def test_every_value_of_a_kept_statement_is_given():
    statement = KeptStatement.of(communes_of("00", 123_456), department="00", population=123_456)

    with pytest.raises(ValueError, match="department, population"):
        statement.params_for(department="51")
    with pytest.raises(ValueError, match="department, population"):
        statement.params_for(department="51", population=0, other="x")


def test_a_value_is_given_as_the_orm_gives_it():
    queryset = communes_of("00", 123_456)
    statement = KeptStatement.of(queryset, department="00", population=123_456)

    assert [type(param) for param in statement.params_for(department="51", population=10)] == [
        type(param) for param in queryset.query.sql_with_params()[1]
    ]


def test_an_instance_of_the_rows_read_has_the_values_the_orm_reads():
    fields = ("id", "insee_code", "name", "postal_codes", "department_id", "population")
    statement = KeptStatement.of(Commune.objects.filter(insee_code="00000").values_list(*fields), code="00000")
    (row,) = statement.rows(code="51454")

    reims = instance(Commune, fields, row, using=statement.using)

    expected = Commune.objects.get(insee_code="51454")
    assert [getattr(reims, field) for field in fields] == [getattr(expected, field) for field in fields]
    assert reims.postal_codes == ["51100"]  # JSON, read as a list
    assert reims.get_deferred_fields() == {"search_name", "kind", "parent_id", "epci_id"}


def test_a_repeated_sample_takes_its_value_in_every_place():
    def communes(code):
        return Commune.objects.filter(department__code=code, epci__communes__department__code=code).values_list("name")

    sql, params = communes("00").query.sql_with_params()
    statement = KeptStatement.of_sql(sql, params, "default", {"department": "00"}, repeated=True)

    assert len(statement.slots["department"]) == 2
    assert sorted(run(statement, department="51")) == sorted(communes("51"))


def test_days_and_moments_are_given_as_the_orm_gives_them():
    # SQLite takes them as text, in UTC for a moment.
    paris = ZoneInfo("Europe/Paris")
    for day in [3, 4, 5]:
        SummarisedDay.objects.create(
            day=datetime.date(2025, 11, day), refreshed_at=datetime.datetime(2025, 11, day + 1, 2, tzinfo=paris)
        )

    def days(first, since):
        return SummarisedDay.objects.filter(day__gte=first, refreshed_at__gte=since).order_by("day").values_list("day")

    day, moment = unique_samples([datetime.date(2025, 1, 1), datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)])
    statement = KeptStatement.of(days(day, moment), first=day, since=moment)

    for first, since in [
        (datetime.date(2025, 11, 4), datetime.datetime(2025, 11, 1, tzinfo=paris)),
        (datetime.date(2025, 11, 1), datetime.datetime(2025, 11, 5, 2, tzinfo=paris)),
        (datetime.date(2025, 11, 1), datetime.datetime(2025, 11, 5, 1, 0, 1, tzinfo=datetime.UTC)),
    ]:
        read = [kept.as_date(value) for (value,) in statement.rows(first=first, since=since)]
        assert read == [value for (value,) in days(first, since)] and read


def test_an_instance_reads_days_and_moments_as_the_orm_does():
    # SQLite gives both as text: the ORM converts them on its side, and so does `instance`.
    SummarisedDay.objects.create(
        day=datetime.date(2025, 11, 3), refreshed_at=datetime.datetime(2025, 11, 4, 2, tzinfo=ZoneInfo("Europe/Paris"))
    )
    fields = ("id", "day", "refreshed_at")
    (day,) = unique_samples([datetime.date(2025, 1, 1)])
    statement = KeptStatement.of(SummarisedDay.objects.filter(day=day).values_list(*fields), day=day)
    (row,) = statement.rows(day=datetime.date(2025, 11, 3))

    read = instance(SummarisedDay, fields, row, using=statement.using)

    expected = SummarisedDay.objects.get(day=datetime.date(2025, 11, 3))
    assert (read.pk, read.day, read.refreshed_at) == (expected.pk, expected.day, expected.refreshed_at)
    assert isinstance(read.refreshed_at, datetime.datetime) and read.refreshed_at.tzinfo is not None

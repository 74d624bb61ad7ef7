import pytest
from django.core.paginator import Paginator

from core.pagination import CountedPaginator
from territories.models import Department

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "number", ["1", "3", "11", "12", "999", "0", "-2", "deux", None, "99999999999999999999", "²", "١"]
)
def test_pages_and_totals_are_those_of_django_s_paginator(number):
    departments = Department.objects.order_by("code")
    expected = Paginator(departments, 10).get_page(number)
    page = CountedPaginator(departments, 10).get_page(number)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count > 100
    assert page.paginator.num_pages == expected.paginator.num_pages
    assert [department.code for department in page] == [department.code for department in expected]


def test_a_page_and_its_total_are_read_in_one_query(django_assert_num_queries):
    total = Department.objects.count()
    with django_assert_num_queries(1):
        page = CountedPaginator(Department.objects.order_by("code"), 10).get_page("2")
        assert (page.paginator.count, len(page), page.has_next()) == (total, 10, True)


def test_plain_values_are_paginated_too(django_assert_num_queries):
    total = Department.objects.count()
    with django_assert_num_queries(1):
        page = CountedPaginator(Department.objects.order_by("code").values("code", "name"), 20).get_page(1)
        rows = list(page)
    assert (page.paginator.count, len(rows), rows[0]["code"]) == (total, 20, "01")


def test_an_empty_list_has_one_empty_page():
    page = CountedPaginator(Department.objects.none(), 10).get_page("3")
    assert (page.number, page.paginator.count, list(page)) == (1, 0, [])


def test_a_distinct_list_is_counted_apart(django_assert_num_queries):
    """A window counts rows before DISTINCT: such a list keeps Django's count then page."""
    regions = Department.objects.order_by("region_id").values("region_id").distinct()
    total = len(set(Department.objects.values_list("region_id", flat=True)))
    with django_assert_num_queries(2):
        page = CountedPaginator(regions, 5).get_page(1)
        assert (page.paginator.count, len(page)) == (total, 5)

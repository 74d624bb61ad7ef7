from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers.models import SearchLog
from stats.public import grouped, grouped_share
from tests.stats.fixtures import NOW, make_november


def copy_request(request, times):
    for number in range(times):
        request.pk, request.reference, request.submission_key = None, f"BJ-C{number:04d}", f"{number + 1:032x}"
        request.save()


def test_small_counts_are_grouped():
    assert [grouped(0), grouped(1), grouped(9), grouped(10), grouped(12345)] == [
        "0",
        "moins de 10",
        "moins de 10",
        "10",
        "12 345",
    ]
    assert grouped_share(3, 9) == "trop peu de demandes"
    assert grouped_share(8, 11) == "73 %"


@pytest.mark.django_db
def test_the_public_page_groups_small_counts_so_that_no_youth_can_be_singled_out(client):
    november = make_november()
    # Five more requests contacted on the day, as r4: 12 in Grand Reims. Read today, all but r5, r6 (late) and r7
    # (withdrawn before its due date) are settled: 11, of which on time r1, r3, r4 and the five copies: 8 → 73 %.
    copy_request(november.requests["r4"], 5)
    reims = SearchLog.objects.filter(commune__insee_code="51454", result_count__lte=1).first()

    html = client.get(reverse("stats:public")).content.decode()

    assert "12</p>" in html and "73 %" in html
    assert "Demandes de contact : 12" in html
    assert "Recherches : moins de 10" in html  # 5 searches in Reims, 1 in Évry
    assert "Demandes de contact : 0" in html  # Essonne
    assert "Contacté·es dans le délai promis : trop peu de demandes" in html
    assert reims.answers["situation"] not in html


@pytest.mark.django_db
def test_the_public_page_runs_as_many_queries_for_more_rows(client):
    november = make_november()
    client.get(reverse("stats:public"))
    cache.clear()  # computed again, not read from the page kept by the first visit
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("stats:public"))
    copy_request(november.requests["r4"], 20)
    SearchLog.objects.bulk_create(
        [
            SearchLog(commune_id=row.commune_id, theme_id=row.theme_id, day=row.day, result_count=0)
            for row in SearchLog.objects.all()
        ]
        * 3
    )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("stats:public"))

    assert len(many.captured_queries) == len(few.captured_queries) > 0
    assert len(few.captured_queries) <= 8


@pytest.mark.django_db
def test_the_public_page_is_computed_once_for_every_visitor_for_a_few_minutes(client, django_assert_num_queries):
    november = make_november()
    first = client.get(reverse("stats:public"))
    copy_request(november.requests["r4"], 5)

    with django_assert_num_queries(0):
        again = client.get(reverse("stats:public"))
    cache.clear()  # as when the page's few minutes are over
    later = client.get(reverse("stats:public"))

    assert again.content == first.content
    assert "public" in again["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in again.cookies
    assert "Demandes de contact : 12" not in first.content.decode()
    assert "Demandes de contact : 12" in later.content.decode()


@pytest.mark.django_db
def test_the_public_page_links_to_the_open_data_and_its_licence(client):
    html = client.get(reverse("stats:public")).content.decode()

    assert reverse("stats:open_structures") in html and reverse("stats:open_services") in html
    assert "Licence Ouverte 2.0" in html


@pytest.mark.django_db
def test_the_public_page_says_since_when_when_it_was_computed_and_what_each_figure_counts(client):
    make_november()

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        html = client.get(reverse("stats:public")).content.decode()

    # The first search or request of the fixture: Friday 7 November 2025.
    assert "depuis le 7 novembre 2025" in html
    assert "Chiffres calculés le 17 novembre 2025 à 12 h 00" in html
    for definition in [
        "Le nombre de fois où un·e jeune a répondu à toutes les questions d’un thème",
        "Le nombre de fois où un·e jeune a laissé ses coordonnées sur une offre",
        "Parmi les demandes dont le délai a été mis à l’épreuve, la part de celles où un·e professionnel·le a contacté",
    ]:
        assert definition in html
    assert f'href="{reverse("stats:open_data")}"' in html

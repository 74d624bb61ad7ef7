import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contact_requests.models import ContactRequest
from offers.models import SearchLog
from stats import figures
from territories.models import Commune
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.stats.fixtures import add_searches, make_november

NOVEMBER = {"start": "2025-11-01", "end": "2025-11-30"}


def statistics_url(scope):
    return reverse("backoffice:statistics", kwargs={"scope": scope})


@pytest.mark.django_db
def test_an_animator_reads_the_figures_of_their_territory(client):
    november = make_november()
    client.force_login(november.animator)

    response = client.get(statistics_url(f"territoire-{november.territory.pk}"), NOVEMBER)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Statistiques — Grand Reims" in html
    # Read today, r6's due date has passed too: 3 on time of 6.
    assert "50 %" in html and "(3 sur 6)" in html
    assert "1,5 jour ouvré" in html and "2,7 jours ouvrés" in html
    assert "Mission locale de Reims" in html
    # Every chart has its table: the seven requests of November, by month and by theme.
    assert html.count('<th scope="row" class="fr-cell--multiline">nov. 2025</th>') == 1
    assert "<caption>Demandes reçues par thème</caption>" in html


@pytest.mark.django_db
def test_the_statistics_home_leads_to_the_first_scope_of_the_person(client):
    november = make_november()
    client.force_login(november.admin)

    response = client.get(reverse("backoffice:statistics_home"))

    assert response.url == statistics_url(f"structure-{november.organisation.pk}")


@pytest.mark.django_db
def test_a_period_ending_before_it_starts_is_refused_with_a_message(client):
    november = make_november()
    client.force_login(november.animator)

    response = client.get(
        statistics_url(f"territoire-{november.territory.pk}"), {"start": "2025-11-30", "end": "2025-11-01"}
    )

    assert response.status_code == 400
    assert "La fin de la période doit venir après son début." in response.content.decode()


@pytest.mark.django_db
def test_the_statistics_page_runs_as_many_queries_for_more_rows(client, monkeypatch):
    monkeypatch.setattr(figures, "FIGURES_TIMEOUT", 0)  # computed at each visit, not read back from the cache
    november = make_november()
    client.force_login(november.animator)
    url = statistics_url(f"territoire-{november.territory.pk}")
    client.get(url, NOVEMBER)  # What a first visit caches (the charter, the questionnaires) is not the page's cost.

    with CaptureQueriesContext(connection) as few:
        client.get(url, NOVEMBER)
    request = november.requests["r4"]
    for number in range(30):
        request.pk, request.reference, request.submission_key = None, f"BJ-T{number:04d}", f"{number:032x}"
        request.created_at = request.created_at + datetime.timedelta(days=number % 5)
        request.save()
        request.events.model.objects.create(request=request, kind="youth_contacted")
    SearchLog.objects.bulk_create(
        [
            SearchLog(**row)
            for row in SearchLog.objects.values("commune_id", "theme_id", "day", "age_band", "answers", "result_count")
        ]
        * 5
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url, NOVEMBER)

    assert ContactRequest.objects.count() == 37
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_the_gap_table_links_each_row_to_what_a_youth_finds(client):
    november = make_november()
    offer = november.requests["r1"].offer
    OfferFactory(
        theme=offer.theme, organisation=offer.organisation, territories=[november.territory], age_min=16, age_max=20
    )
    add_searches(Commune.objects.get(insee_code="51454"), "emploi", {"age": 20, "situation": "job_seeker"}, 9)
    client.force_login(november.animator)
    scope = f"territoire-{november.territory.pk}"

    html = client.get(reverse("backoffice:statistics_gaps", kwargs={"scope": scope}), NOVEMBER).content.decode()
    link = re.search(r'href="(/espace-pro/statistiques/[^"]+/besoins-sans-reponse/[^"]+/)"', html).group(1)
    found = client.get(link).content.decode()

    assert "Reims (51454)" in html
    assert "Emploi à Reims : ce qu’un·e jeune trouve aujourd’hui" in found
    # The November offer is for every profile: a youth finds it today.
    assert november.requests["r1"].offer.title in found
    # The row stands for youths of 18 to 25: an offer up to 20 takes only part of them, and says so.
    assert "Âge : 18 à 25 ans" in found and "seulement de 18 à 20 ans" in found


@pytest.mark.django_db
def test_the_gap_table_shows_a_single_sensitive_search_only_for_the_whole_territory(client):
    november = make_november()
    village = Commune.objects.filter(department="51").order_by("population", "pk").first()
    november.territory.communes.add(village)
    add_searches(village, "sante", {"age": 16, "situation": "school", "health_need": ["in_danger"]}, 1)
    client.force_login(november.admin)
    scope = f"structure-{november.organisation.pk}"

    html = client.get(reverse("backoffice:statistics_gaps", kwargs={"scope": scope}), NOVEMBER).content.decode()

    assert village.name not in html and village.insee_code not in html
    row = re.search(r"<tr>\s*<th scope=\"row\"[^>]*>\s*Grand Reims \(toutes les communes\).*?</tr>", html, re.S)
    assert "je suis en danger" in row.group(0)
    assert re.findall(r'<td class="fr-cell--right">([^<]*)</td>', row.group(0)) == ["moins de 10", "moins de 10", "0"]
    # Nor does Reims show its 3 job seekers and its student alone: no row links to a commune's search.
    assert "Reims (51454)" not in html
    assert "/besoins-sans-reponse/ey" not in html


@pytest.mark.django_db
def test_a_tampered_search_link_is_not_found(client):
    november = make_november()
    client.force_login(november.animator)

    response = client.get(
        reverse(
            "backoffice:statistics_gap_search",
            kwargs={"scope": f"territoire-{november.territory.pk}", "token": "eyJjb21tdW5lIjoiNTE0NTQifQ:forged"},
        )
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_figures_of_a_period_are_kept_ten_minutes_and_say_when_they_were_computed(client):
    november = make_november()
    client.force_login(november.animator)
    url = statistics_url(f"territoire-{november.territory.pk}")
    client.get(url, NOVEMBER)

    with CaptureQueriesContext(connection) as first:
        html = client.get(url, {"start": "2025-11-01", "end": "2025-11-29"}).content.decode()
    request = november.requests["r4"]
    request.pk, request.reference, request.submission_key = None, "BJ-T0001", f"{1:032x}"
    request.save()
    with CaptureQueriesContext(connection) as again:
        kept = client.get(url, {"start": "2025-11-01", "end": "2025-11-29"}).content.decode()

    assert re.search(r"Chiffres calculés à \d\d:\d\d", html)
    # The period's scans are not run again (the summary's days, the requests, the searches, the names of themes and
    # organisations): the figures are those of the first visit, without the new request.
    assert len(again.captured_queries) <= len(first.captured_queries) - 4
    assert re.search(r"7</p>\s*<p[^>]*>\s*demandes reçues", kept)


@pytest.mark.django_db
def test_the_page_draws_the_busiest_organisations_and_leaves_the_others_to_the_export(client, monkeypatch):
    monkeypatch.setattr(figures, "ORGANISATIONS_ON_PAGE", 2)
    november = make_november()
    client.force_login(november.animator)
    request = november.requests["r4"]
    for number, organisation in enumerate(OrganisationFactory.create_batch(3, territories=[november.territory])):
        request.pk, request.reference, request.submission_key = None, f"BJ-O{number:04d}", f"{number:032x}"
        request.organisation = organisation
        request.save()

    html = client.get(statistics_url(f"territoire-{november.territory.pk}"), NOVEMBER).content.decode()

    # Mission locale de Reims (7 requests) and one of the three others (1 each) are drawn.
    assert "<caption>Les structures qui ont reçu le plus de demandes</caption>" in html
    assert "Et 2 autres structures : 2 demandes en tout." in html
    export = reverse(
        "backoffice:statistics_export", kwargs={"scope": f"territoire-{november.territory.pk}", "table": "chiffres"}
    )
    assert f'href="{export}?start=2025-11-01&amp;end=2025-11-30"' in html
    rows = b"".join(client.get(export, NOVEMBER).streaming_content).decode()
    assert rows.count("Demandes par structure") == 4, rows


@pytest.mark.django_db
def test_the_other_scopes_are_linked_over_the_same_period_and_the_page_s_own_is_marked(client, django_user_model):
    november = make_november()
    staff = django_user_model.objects.create(email="national@boussole.example.fr", is_staff=True)
    client.force_login(staff)
    territory = f"territoire-{november.territory.pk}"

    html = " ".join(client.get(statistics_url(territory), NOVEMBER).content.decode().split())

    period = "?start=2025-11-01&amp;end=2025-11-30"
    assert f'<a class="fr-tag" href="{statistics_url("france")}{period}" >France entière</a>' in html
    assert f'<a class="fr-tag" href="{statistics_url(territory)}{period}" aria-current="page">Grand Reims</a>' in html
    scopes = html[html.index('aria-labelledby="scopes-title"') :].split("</nav>")[0]
    assert scopes.count('aria-current="page"') == 1

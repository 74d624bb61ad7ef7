import csv
import datetime
import io

import pytest
from django.urls import reverse

from contact_requests.enums import EventKind
from contact_requests.models import RequestEvent
from stats.exports import _national, cell, csv_lines, neutralised
from territories.models import Commune
from tests.stats.fixtures import add_searches, make_november

NOVEMBER = {"start": "2025-11-01", "end": "2025-11-30"}


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def export_url(scope, table):
    return reverse("backoffice:statistics_export", kwargs={"scope": scope, "table": table})


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised():
    assert [neutralised(text) for text in ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx", "Léa", ""]] == [
        "'=1+1",
        "'+33",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "Léa",
        "",
    ]
    assert [cell("=HYPERLINK(1)"), cell("\tx"), cell("Léa"), cell("")] == ["'=HYPERLINK(1)", "'\tx", "Léa", ""]


def test_dates_and_numbers_are_written_as_a_french_spreadsheet_reads_them():
    moment = datetime.datetime(2025, 11, 12, 14, 30, tzinfo=datetime.UTC)
    assert [cell(moment), cell(moment.date()), cell(1.5), cell(None), cell(True)] == [
        "12/11/2025 15:30",
        "12/11/2025",
        "1,5",
        "",
        "oui",
    ]
    content = b"".join(csv_lines(["a", "b"], [["x;y", '"z"']])).decode()
    assert content == '\ufeffa;b\r\n"x;y";"""z"""\r\n'


@pytest.mark.django_db
def test_an_animator_exports_the_requests_of_their_territory_with_contact_details_and_it_is_recorded(client):
    november = make_november()
    november.requests["r2"].anonymise(at=november.requests["r2"].created_at + datetime.timedelta(days=400))
    november.requests["r1"].first_name = '=HYPERLINK("http://evil")'
    november.requests["r1"].save()
    client.force_login(november.animator)

    response = client.get(export_url(f"territoire-{november.territory.pk}", "demandes"), NOVEMBER)
    rows = read_csv(response)

    header, lines = rows[0], {line[0]: dict(zip(rows[0], line, strict=True)) for line in rows[1:]}
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert header[:3] == ["Référence", "Reçue le", "À contacter avant le"] and "E-mail" in header
    r1, r2 = lines[november.requests["r1"].reference], lines[november.requests["r2"].reference]
    assert (r1["Reçue le"], r1["À contacter avant le"], r1["Jours ouvrés avant le contact"]) == (
        "07/11/2025 10:00",
        "12/11/2025 23:59",
        "2",
    )
    assert (r1["E-mail"], r1["Prénom"], r1["Dans le délai promis"]) == (
        "r1@example.fr",
        '\'=HYPERLINK("http://evil")',
        "oui",
    )
    assert (r2["E-mail"], r2["Dans le délai promis"]) == ("", "non")
    assert len(lines) == 7
    # Six requests still had contact details: each records who took a copy; the anonymised one records nothing.
    exported = RequestEvent.objects.filter(kind=EventKind.VIEWED, actor=november.animator, data__export=True)
    assert sorted(exported.values_list("request__reference", flat=True)) == sorted(
        request.reference for name, request in november.requests.items() if name != "r2"
    )


@pytest.mark.django_db
def test_the_national_export_carries_no_contact_details(client, django_user_model):
    november = make_november()
    staff = django_user_model.objects.create_user(email="national@example.fr", password="x", is_staff=True)
    client.force_login(staff)

    rows = read_csv(client.get(export_url("france", "demandes"), NOVEMBER))

    assert "E-mail" not in rows[0] and "Téléphone" not in rows[0]
    assert len(rows) == 8
    assert not RequestEvent.objects.filter(kind=EventKind.VIEWED).exists()
    assert november.requests["r1"].email not in str(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["territory", "organisation"])
def test_national_staff_export_a_territory_or_an_organisation_without_contact_details(client, django_user_model, scope):
    november = make_november()
    staff = django_user_model.objects.create_user(email="national@example.fr", password="x", is_staff=True)
    client.force_login(staff)
    key = f"territoire-{november.territory.pk}" if scope == "territory" else f"structure-{november.organisation.pk}"

    rows = read_csv(client.get(export_url(key, "demandes"), NOVEMBER))

    assert "E-mail" not in rows[0] and "Téléphone" not in rows[0] and "Prénom" not in rows[0]
    assert len(rows) == 8
    assert november.requests["r1"].email not in str(rows)
    assert not RequestEvent.objects.filter(kind=EventKind.VIEWED).exists()


@pytest.mark.django_db
def test_the_organisation_administrators_export_carries_contact_details(client):
    november = make_november()
    client.force_login(november.admin)

    rows = read_csv(client.get(export_url(f"structure-{november.organisation.pk}", "demandes"), NOVEMBER))

    assert "E-mail" in rows[0] and november.requests["r1"].email in str(rows)
    assert RequestEvent.objects.filter(kind=EventKind.VIEWED, actor=november.admin, data__export=True).count() == 7


@pytest.mark.django_db
def test_who_saw_the_request_tells_an_export_from_a_page_view(client):
    november = make_november()
    request = november.requests["r1"]
    client.force_login(november.animator)
    read_csv(client.get(export_url(f"territoire-{november.territory.pk}", "demandes"), NOVEMBER))
    client.force_login(november.admin)
    client.get(reverse("backoffice:request", args=[request.pk]))

    html = " ".join(client.get(reverse("backoffice:request_views", args=[request.pk])).content.decode().split())

    assert f"— {november.admin}, sur la page de la demande" in html
    assert f"— {november.animator}, en téléchargeant l’export CSV des demandes" in html


@pytest.mark.django_db
def test_the_figures_and_the_gap_table_export_as_on_the_page(client):
    november = make_november()
    add_searches(Commune.objects.get(insee_code="51454"), "emploi", {"age": 20, "situation": "job_seeker"}, 9)
    client.force_login(november.admin)
    scope = f"structure-{november.organisation.pk}"

    figures = read_csv(client.get(export_url(scope, "chiffres"), NOVEMBER))
    gaps = read_csv(client.get(export_url(scope, "besoins-sans-reponse"), NOVEMBER))

    assert ["Chiffres clés", "Délai médian avant le premier contact (jours ouvrés)", "1,5"] in figures
    assert ["Demandes par mois", "nov. 2025", "7"] in figures
    assert gaps[1:] == [
        ["Reims", "51454", "Emploi", "Âge : 18 à 25 ans ; Situation : Je cherche un emploi", "12", "11", "1"],
        [
            "Grand Reims (communes de moins de 10 recherches)",
            "",
            "Emploi",
            "Âge : 18 à 25 ans ; Situation : Je fais des études après le bac",
            "moins de 10",
            "0",
            "moins de 10",
        ],
    ]


@pytest.mark.django_db
def test_the_gap_table_export_keeps_a_single_sensitive_search_to_the_whole_territory(client):
    november = make_november()
    village = Commune.objects.filter(department="51").order_by("population", "pk").first()
    november.territory.communes.add(village)
    answers = {"age": 16, "situation": "school", "health_need": ["in_danger"]}
    add_searches(village, "sante", answers, 1)
    client.force_login(november.animator)

    gaps = read_csv(client.get(export_url(f"territoire-{november.territory.pk}", "besoins-sans-reponse"), NOVEMBER))

    assert village.name not in str(gaps) and village.insee_code not in str(gaps)
    assert [
        "Grand Reims (toutes les communes)",
        "",
        "Santé",
        "Âge : 15 à 17 ans ; Situation : Je suis au collège ou au lycée ; "
        "Besoin de santé : C’est urgent : je suis en danger, ou je pense à me faire du mal",
        "moins de 10",
        "moins de 10",
        "0",
    ] in gaps
    # No commune of the territory has 10 searches of one profile: no row names one.
    assert {row[1] for row in gaps[1:]} == {""}


@pytest.mark.django_db
def test_an_unknown_export_is_not_found(client):
    november = make_november()
    client.force_login(november.animator)

    assert client.get(export_url(f"territoire-{november.territory.pk}", "tout")).status_code == 404


def test_a_phone_is_written_as_a_french_reader_writes_it():
    assert _national("+33612345678") == "06 12 34 56 78"
    assert _national("+32470123456") == "0470 12 34 56"
    assert _national("") == ""

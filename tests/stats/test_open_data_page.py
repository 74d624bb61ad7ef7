"""The open data explained on a page of its own (`/donnees/`), with the JSON and the same records in CSV files."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from offers.models import Offer
from organisations.models import Organisation
from stats import opendata

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    Organisation.objects.update(contacts_visible_to_youths=True)


def test_the_open_data_page_explains_it_and_links_the_json_and_the_csv(client, demo):
    response = client.get(reverse("stats:open_data"))

    html = response.content.decode()
    assert response.status_code == 200
    for name in ["open_structures", "open_services", "open_structures_csv", "open_services_csv"]:
        assert f'href="{reverse(f"stats:{name}")}"' in html
    assert "Licence Ouverte 2.0" in html and "data·inclusion" in html
    assert f"{Offer.objects.live().count()} offres" in html
    assert "Rien sur les jeunes" in html


def test_the_csv_files_hold_the_same_records_as_the_json(client, demo):
    for name, fields in [("structures", opendata.STRUCTURE_FIELDS), ("services", opendata.SERVICE_FIELDS)]:
        response = client.get(reverse(f"stats:open_{name}_csv"))
        rows = read_csv(response)
        items = client.get(reverse(f"stats:open_{name}"), {"size": 1000}).json()["items"]

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        assert rows[0] == fields
        # The columns are the JSON's fields, in step with it.
        assert set(fields) == set(items[0])
        by_id = {row[fields.index("id")]: dict(zip(fields, row, strict=True)) for row in rows[1:]}
        assert len(by_id) == len(items) > 10
        for item in items:
            line = by_id[item["id"]]
            assert line["nom"] == item["nom"]
            for key, value in item.items():
                if isinstance(value, list):
                    assert line[key] == ", ".join(value)


def test_the_statistics_and_the_open_data_are_linked_from_every_page(client):
    html = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("stats:public")}">Statistiques</a>' in html
    assert f'href="{reverse("stats:open_data")}">Données ouvertes</a>' in html

"""The ministry's deployment list loaded from the official geography, once, and never over national staff's edits."""

import datetime
import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers.matching import match_offers
from questionnaires.models import Theme
from territories.enums import TerritoryStatus
from territories.management.commands.import_communes import DATA_FILE
from territories.models import Commune, Territory
from tests.offers.factories import OfferFactory
from tests.territories.factories import TerritoryFactory

OPEN_SLUGS = {
    "grand-reims", "lyon", "essonne", "pays-vitryat", "amiens", "grand-besancon", "nice", "marseille", "avignon",
    "douai", "alencon", "lot", "la-roche-sur-yon", "saint-nazaire", "blois", "vichy",
}  # fmt: skip
ENGAGED_SLUGS = {
    "mulhouse", "saint-etienne", "metz-metropole", "moselle-est", "pays-de-l-arbresle", "creuse", "intercom-bernay",
    "toulouse", "montpellier", "sicoval", "grand-poitiers", "macs", "lens-lievin", "est-de-la-somme", "peronne",
    "la-rochelle", "vaucluse", "doubs", "vendee", "martinique",
}  # fmt: skip
DEPLOYED = ["emploi", "formation", "logement", "sante"]


def load(**options):
    output, errors = io.StringIO(), io.StringIO()
    call_command("load_ministry_territories", stdout=output, stderr=errors, **options)
    return output.getvalue() + errors.getvalue()


def codes(territory):
    return set(territory.communes.values_list("insee_code", flat=True))


def snapshot():
    """Every column of every territory and every row of its relations."""
    territories = list(Territory.objects.order_by("pk").values())
    relations = [
        sorted(relation.through.objects.values_list(*(f.attname for f in relation.through._meta.fields)))
        for relation in (Territory.communes, Territory.themes, Territory.experimental_themes)
    ]
    return territories, relations


@pytest.mark.django_db
def test_the_ministry_territories_are_created_with_their_status_perimeter_and_themes():
    output = load()

    loaded = Territory.objects.exclude(reference=None)
    assert {t.slug for t in loaded if t.status == TerritoryStatus.OPEN} == OPEN_SLUGS
    assert {t.slug for t in loaded if t.status == TerritoryStatus.ENGAGED} == ENGAGED_SLUGS
    grand_reims = Territory.objects.get(reference="ministere-2021/grand-reims")
    assert codes(grand_reims) == set(Commune.objects.filter(epci_id="200067213").values_list("insee_code", flat=True))
    assert len(codes(grand_reims)) == 143 and "51454" in codes(grand_reims)
    essonne = Territory.objects.get(slug="essonne")
    assert len(codes(essonne)) == 194 and {code[:2] for code in codes(essonne)} == {"91"}
    martinique = Territory.objects.get(slug="martinique")
    assert len(codes(martinique)) == 34 and {code[:3] for code in codes(martinique)} == {"972"}
    # Lyon's arrondissements are reached through the city, as everywhere else.
    lyon = Territory.objects.get(slug="lyon")
    assert len(codes(lyon)) == 58 and "69123" in codes(lyon) and "69381" not in codes(lyon)
    assert sorted(grand_reims.themes.values_list("slug", flat=True)) == sorted(DEPLOYED)
    assert not grand_reims.experimental_themes.exists()
    assert sorted(martinique.themes.values_list("slug", flat=True)) == sorted(DEPLOYED)
    assert list(martinique.experimental_themes.values_list("slug", flat=True)) == ["mobilite-internationale"]
    assert not Territory.animators.through.objects.exists()
    assert "« Marseille » : la Métropole d’Aix-Marseille-Provence" in output
    assert "« Péronne » : la CC de la Haute Somme" in output
    assert "les « 9 territoires de la région Hauts-de-France » que la présentation ne nomme pas" in output
    assert "Terminé : 36 créé(s), 0 déjà présent(s), 0 rattaché(s), 0 non créé(s)." in output


@pytest.mark.django_db
def test_a_second_run_writes_nothing():
    load()
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        output = load()

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert snapshot() == before
    assert "Terminé : 0 créé(s), 36 déjà présent(s), 0 rattaché(s), 0 non créé(s)." in output


@pytest.mark.django_db
def test_national_staff_corrections_survive_a_rerun():
    load()
    grand_reims = Territory.objects.get(slug="grand-reims")
    grand_reims.name = "Boussole du Grand Reims"
    grand_reims.save()
    grand_reims.communes.remove(*grand_reims.communes.exclude(insee_code="51454"))
    metz = Territory.objects.get(slug="metz-metropole")
    metz.status, metz.opening_date = TerritoryStatus.OPEN, datetime.date(2026, 9, 1)
    metz.save()
    metz.experimental_themes.clear()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert codes(Territory.objects.get(name="Boussole du Grand Reims")) == {"51454"}
    assert not Territory.objects.filter(name="Grand Reims").exists()
    metz.refresh_from_db()
    assert (metz.status, metz.opening_date) == (TerritoryStatus.OPEN, datetime.date(2026, 9, 1))
    assert "36 déjà présent(s)" in output


@pytest.mark.django_db
def test_a_territory_made_by_hand_under_the_same_name_is_adopted_untouched():
    hand_made = TerritoryFactory(name="Essonne", slug="essonne", communes=["91228"], themes=["emploi"])

    output = load()

    hand_made.refresh_from_db()
    assert hand_made.reference == "ministere-2021/essonne"
    assert codes(hand_made) == {"91228"}
    assert list(hand_made.themes.values_list("slug", flat=True)) == ["emploi"]
    assert Territory.objects.filter(slug__startswith="essonne").count() == 1
    assert "Essonne : existe déjà, rattaché à la liste sans modification." in output
    assert "Terminé : 35 créé(s), 0 déjà présent(s), 1 rattaché(s), 0 non créé(s)." in output


@pytest.mark.django_db
def test_a_perimeter_whose_communes_are_not_all_loaded_waits_for_the_import(tmp_path):
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as stream:
        data = json.load(stream)
    data["communes"].append(["51999", "Commune nouvelle", "commune", ["51100"], "51", "44", "200067213", 10, ""])
    file = tmp_path / "communes.json.gz"
    with gzip.open(file, "wt", encoding="utf-8") as stream:
        json.dump(data, stream)

    output = load(file=file)

    assert not Territory.objects.filter(slug="grand-reims").exists()
    assert "Grand Reims : 1 communes sur 144 absentes de la base, non créé" in output
    assert "35 créé(s)" in output
    assert "Grand Reims" in load() and Territory.objects.filter(slug="grand-reims").exists()


@pytest.mark.django_db
def test_engaged_territories_serve_no_offer_yet_where_an_open_one_overlaps(client):
    load()
    besancon, pontarlier = "25056", "25462"

    in_both = client.get(reverse("offers:commune", args=[besancon])).content.decode()
    only_engaged = client.get(reverse("offers:commune", args=[pontarlier])).content.decode()

    # Besançon is in the open Grand Besançon and in the engaged Doubs: only the open one serves it.
    assert "La Boussole des jeunes est ouverte ici (Grand Besançon Métropole)." in in_both
    assert "bientôt" not in in_both
    # Pontarlier is only in the Doubs: the Boussole opens soon there, and the open territory nearby is named.
    assert "La Boussole arrive bientôt à Pontarlier" in only_engaged
    assert "Les professionnels du territoire Doubs préparent son ouverture" in only_engaged
    assert "Grand Besançon Métropole" in only_engaged


@pytest.mark.django_db
def test_an_offer_of_an_engaged_territory_reaches_nobody_until_it_opens():
    load()
    emploi = Theme.objects.get(slug="emploi")
    doubs, grand_besancon = Territory.objects.get(slug="doubs"), Territory.objects.get(slug="grand-besancon")
    OfferFactory(theme=emploi, title="Dans le Doubs", territories=[doubs])
    OfferFactory(theme=emploi, title="Dans le Grand Besançon", territories=[grand_besancon])
    besancon, pontarlier = Commune.objects.get(insee_code="25056"), Commune.objects.get(insee_code="25462")
    questions = list(emploi.questions.with_choices())

    def titles(commune):
        return sorted(m.title for m in match_offers(commune=commune, theme=emploi, answers={}, questions=questions))

    assert (titles(besancon), titles(pontarlier)) == (["Dans le Grand Besançon"], [])

    doubs.status = TerritoryStatus.OPEN
    doubs.save()

    assert (titles(besancon), titles(pontarlier)) == (["Dans le Doubs", "Dans le Grand Besançon"], ["Dans le Doubs"])

import pytest

from territories.models import Commune
from territories.search import name_terms, normalize, split_department


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saint-Étienne-du-Rouvray", "saint etienne du rouvray"),
        ("  L'Île-d'Yeu ", "l ile d yeu"),
        ("ST DENIS", "saint denis"),
        ("Ste-Maxime", "sainte maxime"),
        ("Œuilly", "oeuilly"),
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_name_terms_start_at_each_significant_word():
    assert name_terms("Saint-Denis-de-la-Réunion") == ["saint denis de la reunion", "denis de la reunion", "reunion"]


def test_split_department_reads_a_label_back():
    assert split_department("Saint-Denis (974)") == ("Saint-Denis ", "974")
    assert split_department("Ajaccio (2A)") == ("Ajaccio ", "2a")
    assert split_department("Paris 15") == ("Paris 15", "")


def first_label(query):
    results = Commune.objects.search(query)
    return results[0].label if results else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Reims", "Reims (51)"),
        ("reims", "Reims (51)"),
        ("évry-courcouronnes", "Évry-Courcouronnes (91)"),
        ("evry courcouronnes", "Évry-Courcouronnes (91)"),
        ("EVRY   COURCOURONNES", "Évry-Courcouronnes (91)"),
        ("st etienne", "Saint-Étienne (42)"),
        ("saint-étienne", "Saint-Étienne (42)"),
        ("ste maxime", "Sainte-Maxime (83)"),
        ("fort de fr", "Fort-de-France (972)"),
        ("Fort-de-France", "Fort-de-France (972)"),
        ("l'ile d'yeu", "L'Île-d'Yeu (85)"),
        ("l ile d yeu", "L'Île-d'Yeu (85)"),
        ("sain etien du rouv", "Saint-Étienne-du-Rouvray (76)"),
        ("havre", "Le Havre (76)"),
        ("marseil", "Marseille (13)"),
        ("paris", "Paris (75)"),
        ("51100", "Reims (51)"),
        ("91000", "Évry-Courcouronnes (91)"),
        ("97200", "Fort-de-France (972)"),
        ("97400", "Saint-Denis (974)"),
        ("97600", "Mamoudzou (976)"),
        ("75015", "Paris 15e Arrondissement (75)"),
        ("69003", "Lyon 3e Arrondissement (69)"),
        ("13001", "Marseille 1er Arrondissement (13)"),
        ("51454", "Reims (51)"),
        ("2a004", "Ajaccio (2A)"),
        ("Saint-Denis (93)", "Saint-Denis (93)"),
    ],
)
def test_search_puts_the_expected_commune_first(query, expected):
    assert first_label(query) == expected


@pytest.mark.django_db
def test_postal_code_prefix_of_two_digits_finds_the_largest_communes_of_the_department():
    labels = [commune.label for commune in Commune.objects.search("51")]

    assert labels[0] == "Reims (51)"
    assert all(label.endswith("(51)") for label in labels)


@pytest.mark.django_db
def test_homonyms_are_told_apart_by_their_department():
    labels = [commune.label for commune in Commune.objects.search("saint denis")]

    assert labels[:2] == ["Saint-Denis (974)", "Saint-Denis (93)"]
    assert len(set(labels)) == len(labels)


@pytest.mark.django_db
def test_exact_names_come_before_larger_communes_that_start_the_same():
    # Lyon has arrondissements and neighbours named after it, all bigger than nothing: the exact name wins.
    labels = [commune.label for commune in Commune.objects.search("lyon")]

    assert labels[0] == "Lyon (69)"
    assert "Lyon 3e Arrondissement (69)" in labels


@pytest.mark.django_db
def test_a_city_with_arrondissements_is_not_found_by_their_postal_codes():
    assert [commune.insee_code for commune in Commune.objects.search("75015")] == ["75115"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "a", " ", "-", "é", "''"])
def test_too_short_queries_find_nothing(query):
    assert Commune.objects.search(query) == []


@pytest.mark.django_db
def test_search_never_returns_more_than_the_limit_nor_twice_the_same_commune():
    results = Commune.objects.search("sa", limit=10)

    assert len(results) == 10
    assert len({commune.pk for commune in results}) == 10

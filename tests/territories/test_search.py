import pytest

from territories.models import Commune, CommuneSearchTerm
from territories.search import name_terms, normalize, split_codes, split_department


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


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["marseille", "13001"], (["marseille"], "13001", "")),
        (["saint", "denis", "93"], (["saint", "denis"], "", "93")),
        (["ajaccio", "2a"], (["ajaccio"], "", "2a")),
        (["51", "100"], (["51100"], "", "")),
        (["13", "001"], (["13001"], "", "")),
        (["paris", "15e"], (["paris", "15e"], "", "")),
        (["cergy", "pontoise"], (["cergy", "pontoise"], "", "")),
        (["lyon", "1234"], (["lyon", "1234"], "", "")),
    ],
)
def test_split_codes_reads_the_codes_typed_after_a_name(words, expected):
    assert split_codes(words) == expected


def test_the_found_communes_show_their_departments_name_and_number(db):
    (reims,) = Commune.objects.search("reims 51100")

    assert reims.as_json()["label"] == "Reims, Marne (51)"
    assert reims.as_json()["department_name"] == "Marne"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "limit"),
    [
        ("sa", 10),
        ("saint", 10),
        ("saint", 3),
        ("marseille 13001", 10),
        ("saint denis 93", 10),
        ("rheims", 10),
        ("51", 5),
    ],
)
def test_the_autocomplete_gives_each_commune_of_the_search_as_it_shows_one(query, limit):
    found = [commune.as_json() for commune in Commune.objects.search(query, limit=limit)]

    assert found
    assert Commune.objects.search_as_json(query, limit=limit) == found


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
        # As people type them: a name and its postal code or its département, a postal code in two parts, an
        # intercommunality; the larger of homonyms and prefixes first.
        ("marseille 13001", "Marseille 1er Arrondissement (13)"),
        ("reims 51100", "Reims (51)"),
        ("saint denis 93", "Saint-Denis (93)"),
        ("st denis 93", "Saint-Denis (93)"),
        ("évry 91", "Évry-Courcouronnes (91)"),
        ("evry", "Évry-Courcouronnes (91)"),
        ("évry 89", "Évry (89)"),
        ("paris 75011", "Paris 11e Arrondissement (75)"),
        ("paris 15", "Paris 15e Arrondissement (75)"),
        ("51 100", "Reims (51)"),
        ("cergy pontoise", "Cergy (95)"),
        ("cergy", "Cergy (95)"),
        ("pontoise", "Pontoise (95)"),
        ("ajaccio 2a", "Ajaccio (2A)"),
        ("grand reims", "Reims (51)"),
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
def test_the_larger_commune_comes_first_among_homonyms_and_prefixes():
    labels = [commune.label for commune in Commune.objects.search("evry")]

    assert labels[:3] == ["Évry-Courcouronnes (91)", "Évry-Grégy-sur-Yerre (77)", "Évry (89)"]
    assert [commune.label for commune in Commune.objects.search("lyon")][0] == "Lyon (69)"


@pytest.mark.django_db
def test_one_word_does_not_find_every_commune_of_an_intercommunality_named_after_it():
    labels = [commune.label for commune in Commune.objects.search("pontoise", limit=30)]

    assert "Cergy (95)" not in labels
    assert "Cergy (95)" in [commune.label for commune in Commune.objects.search("cergy pontoise", limit=30)]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["marseille 13001", "saint denis 93", "cergy pontoise", "51 100", "evry"])
def test_every_query_form_is_one_query(django_assert_num_queries, query):
    with django_assert_num_queries(1):
        assert Commune.objects.search(query)


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


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sa", "Cha", "le", "33", "974", "zz", "La "])
def test_the_first_keystrokes_find_the_largest_communes_whose_terms_start_with_them(query):
    """Read through the prefix indexes, they find what a plain prefix match ranked by population finds."""
    typed = normalize(query)
    by_prefix = (
        CommuneSearchTerm.objects.filter(term__startswith=typed)
        .exclude(kind=CommuneSearchTerm.Kind.EPCI)
        .order_by("kind", "-population", "commune_id")
        .values_list("commune_id", flat=True)
    )
    expected = list(dict.fromkeys(by_prefix))[:10]

    assert [commune.pk for commune in Commune.objects.search(query)] == expected
    assert len(expected) == (0 if query == "zz" else 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rheims", "Reims (51)"),
        ("Rheims", "Reims (51)"),
        ("reyms", "Reims (51)"),
        ("marsseille", "Marseille (13)"),
        ("toulousse", "Toulouse (31)"),
        ("bordaux", "Bordeaux (33)"),
        ("montpelier", "Montpellier (34)"),
        ("st etiene", "Saint-Étienne (42)"),
    ],
)
def test_a_name_with_one_letter_wrong_finds_the_commune(query, expected):
    assert first_label(query) == expected


@pytest.mark.django_db
def test_a_name_found_as_typed_is_one_query_and_a_misspelt_one_two(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert first_label("reims") == "Reims (51)"
    with django_assert_num_queries(2):
        assert first_label("rheims") == "Reims (51)"
    # Too short for a guess: one edit from four letters is half of France.
    with django_assert_num_queries(1):
        assert Commune.objects.search("rhei") == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["reims", "rei", "re", "reims 51100", "reims 51", "Reims (51)", "51100"])
def test_each_form_of_query_reads_the_communes_as_they_are_now(query):
    """Its statement is built once by each process: what it reads is read when it runs."""
    assert "Reims (51)" in [commune.label for commune in Commune.objects.search(query, limit=30)]

    Commune.objects.filter(insee_code="51454").update(name="Reims-Métropole", population=1)

    found = [commune.name for commune in Commune.objects.search(query, limit=30)]
    assert "Reims-Métropole" in found
    assert "Reims" not in found

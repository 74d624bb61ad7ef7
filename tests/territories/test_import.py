import io

import pytest
from django.core.management import call_command

from territories.enums import CommuneKind
from territories.models import Commune, CommuneSearchTerm, Department, Epci


def run_import(**options):
    output = io.StringIO()
    call_command("import_communes", stdout=output, **options)
    return output.getvalue()


@pytest.mark.django_db
def test_every_commune_and_the_45_arrondissements_are_loaded():
    assert Commune.objects.filter(kind=CommuneKind.COMMUNE).count() == 34_969
    assert Commune.objects.filter(kind=CommuneKind.ARRONDISSEMENT).count() == 45
    assert Commune.objects.filter(parent__insee_code="75056").count() == 20
    assert Commune.objects.filter(parent__insee_code="69123").count() == 9
    assert Commune.objects.filter(parent__insee_code="13055").count() == 16
    assert Department.objects.filter(code__in=["971", "972", "973", "974", "976", "2A", "2B"]).count() == 7
    fort_de_france = Commune.objects.get(insee_code="97209")
    assert (fort_de_france.name, fort_de_france.department_id, fort_de_france.postal_codes) == (
        "Fort-de-France",
        "972",
        ["97200", "97234"],
    )
    assert Commune.objects.get(insee_code="51454").epci == Epci.objects.get(code="200067213")


@pytest.mark.django_db
def test_running_the_import_again_changes_nothing():
    communes, terms = Commune.objects.count(), CommuneSearchTerm.objects.count()

    output = run_import()

    assert "Terminé : 0 communes créées ou mises à jour." in output
    assert (Commune.objects.count(), CommuneSearchTerm.objects.count()) == (communes, terms)


@pytest.mark.django_db
def test_the_import_repairs_a_changed_commune_and_its_search_terms():
    Commune.objects.filter(insee_code="51454").update(name="Rheims", search_name="rheims", population=1)
    CommuneSearchTerm.objects.filter(commune__insee_code="51454").delete()

    output = run_import(departments=["51"])

    assert "communes : 0 créé(e)s, 1 mis(es) à jour" in output
    reims = Commune.objects.get(insee_code="51454")
    assert (reims.name, reims.population > 100_000) == ("Reims", True)
    assert Commune.objects.search("reims")[0] == reims
    assert Commune.objects.search("51100")[0] == reims

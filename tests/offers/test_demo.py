import io

import pytest
from django.core.management import call_command

from demo.accounts import UNSIGNED_ORGANISATION
from offers.enums import OfferStatus, YouthState
from offers.matching import match_offers
from offers.models import Offer
from organisations.models import Organisation
from questionnaires.models import Theme
from territories.models import Commune, Territory

REIMS, EVRY = "51454", "91228"


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def snapshot():
    """Everything the demo writes about offers, to compare two runs."""
    return {
        "organisations": sorted(Organisation.objects.values_list("siret", "name", "commune__insee_code")),
        "organisation_territories": sorted(
            Organisation.territories.through.objects.values_list("organisation__siret", "territory__slug")
        ),
        "offers": sorted(
            Offer.objects.values_list("organisation__siret", "title", "status", "criteria", "pending_changes")
        ),
        "coverage": [
            Offer.communes.through.objects.count(),
            Offer.epcis.through.objects.count(),
            Offer.departments.through.objects.count(),
            Offer.territories.through.objects.count(),
        ],
    }


@pytest.fixture
def demo():
    load_demo()
    first = snapshot()
    output = load_demo()
    assert snapshot() == first
    return output


def titles(insee_code, slug, answers):
    theme = Theme.objects.get(slug=slug)
    return {
        match.title
        for match in match_offers(
            commune=Commune.objects.get(insee_code=insee_code),
            theme=theme,
            answers=answers,
            questions=list(theme.questions.with_choices()),
        )
    }


@pytest.mark.django_db
def test_demo_loads_partners_and_live_offers_once_however_often_it_runs(demo):
    assert Organisation.objects.count() >= 8
    assert Offer.objects.live().count() >= 40
    assert len({organisation.kind for organisation in Organisation.objects.all()}) >= 6
    for organisation in Organisation.objects.all():
        assert f"structure {organisation.name} :" in demo


@pytest.mark.django_db
def test_demo_shows_what_a_youth_must_not_see():
    load_demo()

    hidden = Offer.objects.exclude(pk__in=Offer.objects.live())
    assert {offer.status for offer in hidden} >= {OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.ARCHIVED}
    assert any(offer.youth_state() == YouthState.EXPIRED for offer in hidden)
    # The organisation that has not signed the current charter reaches no youth.
    assert all(offer in hidden for offer in Offer.objects.filter(organisation__siret=UNSIGNED_ORGANISATION))


@pytest.mark.django_db
def test_demo_gives_the_animator_offers_to_validate_and_to_refresh():
    load_demo()
    load_demo()  # idempotent

    reims = Offer.objects.covering_territories(Territory.objects.filter(slug="grand-reims"))
    new = reims.filter(status=OfferStatus.SUBMITTED).get()
    changed = reims.filter(pending_changes__isnull=False).get()
    stale = reims.stale().get()
    assert new.submitted_at is not None
    assert changed.pending_changes == {
        "summary": "Si le permis t’aide à trouver un travail, la Mission locale peut payer une partie de ton code "
        "et de tes heures de conduite, jusqu’à 1 000 euros.",
        "delay_days": 3,
    }
    assert changed.delay_days == 5 and changed in Offer.objects.live()  # youths see the published version
    assert stale.title == "Trouver ton entreprise pour une alternance" and stale in Offer.objects.live()


@pytest.mark.django_db
def test_every_demo_offer_and_partner_is_valid():
    load_demo()

    for organisation in Organisation.objects.all():
        organisation.full_clean()  # the SIRET's Luhn key among others
    for offer in Offer.objects.select_related("theme"):
        offer.full_clean()  # criteria refer to questions and choices of the offer's theme


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "insee_code"), [("grand-reims", REIMS), ("essonne", EVRY)])
def test_every_active_theme_has_offers_in_both_demo_territories(slug, insee_code):
    load_demo()
    territory = Territory.objects.get(slug=slug)

    themes = list(territory.themes.values_list("slug", flat=True))
    assert len(themes) >= 4
    for theme in themes:
        # No answer yet: only coverage and dates decide, so this lists what the territory offers on the theme.
        assert len(titles(insee_code, theme, answers={})) >= 3, theme


@pytest.mark.django_db
def test_different_answers_give_different_offers_for_the_same_commune_and_theme():
    load_demo()
    job_seeker = {
        "age": 19,
        "situation": "job_seeker",
        "looking_for": ["job"],
        "diploma": "none",
        "driving_licence": "no",
        "disability": "no",
        "followed_by": ["nobody"],
    }
    student = {
        "age": 22,
        "situation": "student",
        "looking_for": ["internship"],
        "driving_licence": "yes",
        "disability": "rqth",
        "followed_by": ["nobody"],
    }

    for_job_seeker, for_student = titles(REIMS, "emploi", job_seeker), titles(REIMS, "emploi", student)

    assert "Une aide pour payer ton permis B" in for_job_seeker - for_student
    assert "Travailler avec un handicap : un accompagnement adapté" in for_student - for_job_seeker


@pytest.mark.django_db
def test_a_youth_without_a_roof_sees_emergency_offers_that_others_do_not():
    load_demo()
    base = {"age": 20, "situation": "employed", "housing_need": ["find_housing"]}

    homeless = titles(EVRY, "logement", {**base, "housing": "homeless", "followed_by": ["nobody"]})
    at_home = titles(EVRY, "logement", {**base, "housing": "parents"})

    assert "Nulle part où dormir : qui appeler tout de suite" in homeless - at_home
    assert "Une chambre en foyer de jeunes travailleurs" in homeless & at_home

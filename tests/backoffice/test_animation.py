"""The territorial animator's space: the home tiles and the organisations of their territories."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.models import CharterVersion, Organisation
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.backoffice.test_organisation import invitation_path, signup_data
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory


@pytest.fixture
def reims():
    territory = TerritoryFactory(name="Grand Reims", communes=["51454"])
    animator = get_user_model().objects.create_user(email="animatrice@reims.example.fr", password="x")
    territory.animators.add(animator)
    signed = OrganisationFactory(name="Mission locale de Reims", territories=[territory])
    sign_charter(signed, make_member(signed, role="admin"))
    unsigned = OrganisationFactory(name="Association Toit pour tous", territories=[territory])
    make_member(unsigned, role="admin")
    make_member(unsigned)
    elsewhere = TerritoryFactory(name="Essonne", communes=["91228"])
    other = OrganisationFactory(name="Mission locale d’Évry", territories=[elsewhere])
    return {"territory": territory, "animator": animator, "signed": signed, "unsigned": unsigned, "other": other}


@pytest.mark.django_db
def test_the_animator_home_counts_what_needs_action_in_their_territories(client, reims):
    emploi = Theme.objects.get(slug="emploi")
    offer = OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]])
    make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None)
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:home")).content.decode()

    assert "Animation territoriale" in html
    assert "1 structure sans charte signée" in html
    assert "1 demande ce mois-ci" in html
    assert "?charte=non" in html and "recues=mois" in html


@pytest.mark.django_db
def test_the_directory_shows_charter_members_and_live_offers_of_the_territory_only(client, reims):
    emploi = Theme.objects.get(slug="emploi")
    OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]])
    OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]], status="draft")
    client.force_login(reims["animator"])

    response = client.get(reverse("backoffice:territory_organisations"))

    rows = {organisation.name: organisation for organisation in response.context["page_obj"].object_list}
    assert set(rows) == {"Mission locale de Reims", "Association Toit pour tous"}
    assert rows["Mission locale de Reims"].signed_charter and rows["Mission locale de Reims"].live_offer_count == 1
    assert not rows["Association Toit pour tous"].signed_charter
    assert rows["Association Toit pour tous"].member_count == 2
    assert "Mission locale d’Évry" not in response.content.decode()


@pytest.mark.django_db
def test_the_unsigned_filter_lists_the_organisations_to_follow_up(client, reims):
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:territory_organisations") + "?charte=non").content.decode()

    assert "Association Toit pour tous" in html and "Mission locale de Reims" not in html


@pytest.mark.django_db
def test_a_new_charter_version_makes_every_organisation_unsigned_until_it_signs_again(client, reims):
    CharterVersion.objects.create(version=CharterVersion.current().version + 1, text="Charte, version 2.")
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:home")).content.decode()

    assert "2 structures sans charte signée" in html


@pytest.mark.django_db
def test_the_directory_makes_the_same_queries_with_many_organisations(client, reims):
    client.force_login(reims["animator"])
    client.get(reverse("backoffice:territory_organisations"))

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("backoffice:territory_organisations"))
    for _ in range(20):
        organisation = OrganisationFactory(territories=[reims["territory"]])
        make_member(organisation)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("backoffice:territory_organisations"))

    assert len(many) == len(few)


def new_organisation_data(**changes):
    data = {
        "new-name": "Association Logis Jeunes",
        "new-siret": "732 829 320 00074",
        "new-kind": "logement",
        "new-address": "12 rue de Vesle",
        "new-commune": "Reims",
        "new-phone": "03 26 11 22 33",
        "new-email": "accueil@logis-jeunes.example.fr",
        "new-website": "",
        "new-administrator_email": "Direction@Logis-Jeunes.example.fr",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_an_animator_invites_an_organisation_whose_administrator_joins_and_signs_the_charter(
    client, reims, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(reims["animator"])
    data = new_organisation_data(**{"new-territory": reims["territory"].pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:territory_organisation_invite"), data)

    organisation = Organisation.objects.get(siret="73282932000074")
    assert response.url == reverse("backoffice:territory_organisation", args=[organisation.pk])
    assert list(organisation.territories.all()) == [reims["territory"]]
    assert organisation.commune.insee_code == "51454"
    assert not Organisation.objects.reaching_youths().filter(pk=organisation.pk).exists()
    [message] = mailoutbox
    assert message.to == ["direction@logis-jeunes.example.fr"]
    assert "vous lirez et signerez la charte de partenariat au nom de la structure" in message.body.replace("\n", " ")
    assert "avec le rôle « administrateur ou administratrice »" in message.body

    client.post(reverse("logout"))
    path = invitation_path(message.body)
    response = client.post(path, signup_data())
    assert client.get(reverse("backoffice:home")).url == reverse("backoffice:charter")
    client.post(reverse("backoffice:charter"))

    assert Organisation.objects.reaching_youths().filter(pk=organisation.pk).exists()
    assert client.get(reverse("backoffice:home")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_or_known_siret_is_refused_next_to_the_field_keeping_what_was_typed(client, reims):
    client.force_login(reims["animator"])
    territory = reims["territory"].pk

    wrong = client.post(
        reverse("backoffice:territory_organisation_invite"),
        new_organisation_data(**{"new-siret": "73282932000075", "new-territory": territory}),
    )
    known = client.post(
        reverse("backoffice:territory_organisation_invite"),
        new_organisation_data(**{"new-siret": reims["other"].siret, "new-territory": territory}),
    )

    assert wrong.status_code == 400
    assert "la clé de contrôle ne correspond pas" in wrong.content.decode()
    assert 'value="Association Logis Jeunes"' in wrong.content.decode()
    assert "déjà partenaire de la Boussole" in known.content.decode()
    assert "Mission locale d’Évry" in known.content.decode()
    assert not Organisation.objects.filter(name="Association Logis Jeunes").exists()


@pytest.mark.django_db
def test_an_animator_adds_an_organisation_of_no_territory_by_its_siret_at_once(client, reims):
    alone = OrganisationFactory(name="Association sans territoire", territories=[])
    client.force_login(reims["animator"])

    response = client.post(
        reverse("backoffice:territory_organisation_add"),
        {"existing-siret": alone.siret, "existing-territory": reims["territory"].pk},
    )

    assert response.url == reverse("backoffice:territory_organisation", args=[alone.pk])
    assert list(alone.territories.values_list("name", flat=True)) == ["Grand Reims"]


@pytest.mark.django_db
def test_an_animator_cannot_invite_into_a_territory_they_do_not_animate(client, reims):
    client.force_login(reims["animator"])
    elsewhere = reims["other"].territories.get()

    response = client.post(
        reverse("backoffice:territory_organisation_invite"),
        new_organisation_data(**{"new-territory": elsewhere.pk}),
    )

    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Association Logis Jeunes").exists()


@pytest.mark.django_db
def test_a_deactivated_organisation_reaches_no_youth_and_its_waiting_requests_are_listed(client, reims):
    emploi = Theme.objects.get(slug="emploi")
    offer = OfferFactory(theme=emploi, organisation=reims["signed"], territories=[reims["territory"]])
    waiting = make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None)
    client.force_login(reims["animator"])

    response = client.post(reverse("backoffice:territory_organisation_deactivate", args=[reims["signed"].pk]))

    assert not Organisation.objects.reaching_youths().filter(pk=reims["signed"].pk).exists()
    page = client.get(response.url).content.decode()
    assert "1 demande en attente de contact" in page
    assert waiting.reference in page
    assert "réattribuez ces demandes" in page
    client.post(reverse("backoffice:territory_organisation_reactivate", args=[reims["signed"].pk]))
    assert Organisation.objects.reaching_youths().filter(pk=reims["signed"].pk).exists()


@pytest.mark.django_db
def test_the_charter_page_speaks_to_animators(client, reims):
    client.force_login(reims["animator"])

    html = client.get(reverse("backoffice:charter")).content.decode()

    assert "Signée par votre structure" not in html
    assert "1 structure sans charte signée" in html
    assert "?charte=non" in html


def settings_data(territory, **changes):
    data = {
        "description": "La Boussole du Grand Reims réunit la Mission locale, le CIJ et leurs partenaires.",
        "contact_email": "boussole@grandreims.example.fr",
        "contact_phone": "03 26 77 77 77",
        "website": "",
        "themes": [theme.pk for theme in territory.themes.all()],
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_the_territory_description_and_contact_reach_the_youths_of_its_communes(client, reims):
    territory = reims["territory"]
    territory.status = "open"
    territory.save()
    client.force_login(reims["animator"])

    response = client.post(reverse("backoffice:territory_settings", args=[territory.pk]), settings_data(territory))

    assert response.url == reverse("backoffice:territory_settings", args=[territory.pk])
    client.post(reverse("logout"))
    page = client.get(reverse("offers:commune", args=["51454"])).content.decode()
    assert "La Boussole du Grand Reims réunit la Mission locale" in page
    assert 'href="tel:0326777777"' in page
    assert "boussole@grandreims.example.fr" in page


@pytest.mark.django_db
def test_a_theme_with_live_offers_is_switched_off_only_after_a_clear_warning(client, reims):
    territory = reims["territory"]
    emploi = Theme.objects.get(slug="emploi")
    territory.themes.add(emploi, Theme.objects.get(slug="logement"))
    OfferFactory(
        theme=emploi, organisation=reims["signed"], territories=[territory], title="Accompagnement vers l’emploi"
    )
    client.force_login(reims["animator"])
    url = reverse("backoffice:territory_settings", args=[territory.pk])
    without_emploi = [theme.pk for theme in territory.themes.exclude(pk=emploi.pk)]

    refused = client.post(url, settings_data(territory, themes=without_emploi))

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "voient aujourd’hui 1 offre publiée de ces thèmes (Emploi)" in html
    assert "Accompagnement vers l’emploi" in html
    assert territory.themes.filter(pk=emploi.pk).exists()

    confirmed = client.post(url, settings_data(territory, themes=without_emploi, confirm_theme_removal="on"))

    assert confirmed.status_code == 302
    assert not territory.themes.filter(pk=emploi.pk).exists()


@pytest.mark.django_db
def test_switching_off_a_theme_that_national_offers_keep_open_says_so_before_saving(client, reims):
    territory = reims["territory"]
    mobility = Theme.objects.get(slug="mobilite-internationale")
    territory.themes.set([mobility, Theme.objects.get(slug="emploi")])
    eurodesk = OrganisationFactory(name="Eurodesk")
    sign_charter(eurodesk, make_member(eurodesk, role="admin"))
    OfferFactory(theme=mobility, organisation=eurodesk, national=True, title="Partir en Europe")
    client.force_login(reims["animator"])
    url = reverse("backoffice:territory_settings", args=[territory.pk])

    form = " ".join(client.get(url).content.decode().split())
    refused = client.post(url, settings_data(territory, themes=[Theme.objects.get(slug="emploi").pk]))

    assert "Mobilité internationale : 1 offre nationale (Eurodesk) ; décoché, il reste proposé." in form
    assert refused.status_code == 400
    html = " ".join(refused.content.decode().split())
    assert "Mobilité internationale restera visible : 1 offre nationale (Eurodesk)." in html
    assert "voient déjà" not in html
    assert territory.themes.filter(pk=mobility.pk).exists()

    confirmed = client.post(
        url,
        settings_data(territory, themes=[Theme.objects.get(slug="emploi").pk], confirm_theme_removal="on"),
        follow=True,
    )

    assert not territory.themes.filter(pk=mobility.pk).exists()
    message = " ".join(confirmed.content.decode().split())
    assert (
        "Thèmes que les jeunes du territoire peuvent choisir : Emploi, "
        "Mobilité internationale (offres nationales seulement)." in message
    )
    assert "les jeunes les voient déjà" not in message


@pytest.mark.django_db
def test_the_directory_filter_ignores_a_value_it_does_not_know(client, reims):
    client.force_login(reims["animator"])

    unsigned = client.get(reverse("backoffice:territory_organisations"), {"charte": "non"}).content.decode()
    unknown = client.get(reverse("backoffice:territory_organisations"), {"charte": "oui"}).content.decode()

    assert "Mission locale de Reims" not in unsigned and "Association Toit pour tous" in unsigned
    assert "Mission locale de Reims" in unknown and "Association Toit pour tous" in unknown


@pytest.mark.django_db
def test_a_theme_without_live_offers_is_switched_off_at_once(client, reims):
    territory = reims["territory"]
    territory.themes.add(Theme.objects.get(slug="sante"))
    client.force_login(reims["animator"])

    response = client.post(
        reverse("backoffice:territory_settings", args=[territory.pk]), settings_data(territory, themes=[])
    )

    assert response.status_code == 302
    assert not territory.themes.exists()


@pytest.mark.django_db
def test_an_organisation_page_makes_the_same_queries_with_many_members_offers_and_requests(client, reims):
    emploi = Theme.objects.get(slug="emploi")
    organisation = reims["signed"]
    offer = OfferFactory(theme=emploi, organisation=organisation, territories=[reims["territory"]])
    make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None)
    url = reverse("backoffice:territory_organisation", args=[organisation.pk])
    client.force_login(reims["animator"])
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        make_member(organisation)
        OfferFactory(theme=emploi, organisation=organisation, territories=[reims["territory"]])
        make_request(offer, now=timezone.now(), email=f"jeune{number}@example.fr", phone=None)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.content.decode().count("à contacter avant le") == 11
    assert len(many) == len(few)


@pytest.mark.django_db
def test_messages_put_the_article_before_the_organisation_s_name(client, reims):
    client.force_login(reims["animator"])

    response = client.post(
        reverse("backoffice:territory_organisation_deactivate", args=[reims["unsigned"].pk]), follow=True
    )

    assert "L’Association Toit pour tous est désactivée" in response.content.decode()

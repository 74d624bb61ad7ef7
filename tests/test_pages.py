import pytest
from django.urls import reverse

PUBLIC_PAGES = [
    ("home", "Comment ça marche&nbsp;?"),
    ("accessibility", "Voies de recours"),
    ("legal_notice", "Directeur de la publication"),
    ("personal_data", "Combien de temps ?"),
    ("sitemap", "Mentions légales"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "expected"), PUBLIC_PAGES)
def test_public_page_renders_the_dsfr_layout(client, url_name, expected):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert '<p class="fr-header__service-title">Boussole des jeunes</p>' in html
    assert "de l’Éducation nationale" in html
    assert reverse("login") in html
    assert 'class="fr-footer"' in html
    for leftover in ("[url - à modifier]", "accès direct", "Site title", "Site tagline"):
        assert leftover not in html


@pytest.mark.django_db
def test_the_layout_costs_no_query_once_the_site_config_is_cached(client, django_assert_num_queries):
    client.get(reverse("home"))
    with django_assert_num_queries(0):
        response = client.get(reverse("legal_notice"))
    assert "Boussole des jeunes" in response.content.decode()


@pytest.mark.django_db
def test_personal_data_page_says_what_is_kept_and_for_how_long(client):
    html = client.get(reverse("personal_data")).content.decode()

    assert "adresse e-mail" in html
    assert "12 mois" in html
    assert "CNIL" in html
    # The search log: what it keeps, and for how long.
    assert "jamais ton âge exact" in html
    assert "Chaque nuit, les recherches de la veille sont comptées puis effacées" in html


@pytest.mark.django_db
def test_site_config_changes_show_at_once(client):
    from dsfr.models import DsfrConfig

    client.get(reverse("home"))
    DsfrConfig.objects.filter(language="fr").update(site_tagline="Nouvelle accroche")
    DsfrConfig.objects.get(language="fr").save()

    assert "Nouvelle accroche" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_login_page_is_public_and_in_french(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Adresse e-mail" in response.content.decode()


@pytest.mark.django_db
def test_the_warm_up_before_gunicorn_forks_compiles_every_template_and_reads_nothing(django_assert_num_queries):
    from boussole.warmup import warm_up

    with django_assert_num_queries(0):
        warm_up()  # a template that does not compile stops the server at its start, not a visitor's page

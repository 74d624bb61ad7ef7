"""The public pages a youth reads first: no session, no query for the layout, cached until their data changes."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from organisations.models import CharterVersion
from tests.offers.factories import OfferFactory
from tests.territories.factories import TerritoryFactory

REIMS = "51454"


@pytest.fixture
def territory():
    return TerritoryFactory(name="Grand Reims", communes=[REIMS], themes=["emploi"])


@pytest.fixture
def offer(territory):
    return OfferFactory(theme=territory.themes.get(), title="Job d’été accompagné", territories=[territory])


def _pages(offer):
    """(address, queries of the first rendering) of each public page."""
    return {
        # The site configuration of the layout, read once and cached.
        "accueil": (reverse("home"), 1),
        # The site configuration, the commune, then what is kept for every commune: the open territories, their
        # communes and their themes, the themes of the national offers, the list of themes.
        "commune": (reverse("offers:commune", args=[REIMS]), 7),
        # The site configuration, the offer with its organisation and whether youths see it, the theme's questions,
        # their choices and the choices their conditions name (the eligibility in plain words).
        "offre": (offer.get_absolute_url(), 5),
        "autocomplétion": (reverse("territories:autocomplete") + "?q=reims", 1),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["accueil", "commune", "offre", "autocomplétion"])
@pytest.mark.parametrize("youth_session", [False, True], ids=["premier passage", "questionnaire en cours"])
def test_public_page_reads_no_session_and_is_cached(client, offer, django_assert_num_queries, page, youth_session):
    url, queries = _pages(offer)[page]
    if youth_session:
        session = client.session
        session["answers"] = {"age": 20}
        session.save()

    with django_assert_num_queries(queries):
        first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)

    for response in (first, again):
        assert response.status_code == 200
        # A page from the cache is served before the session middleware: there is no session to read.
        session = getattr(response.wsgi_request, "session", None)
        assert session is None or not session.accessed
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert settings.CSRF_COOKIE_NAME not in response.cookies
        assert "Cookie" not in response.get("Vary", "")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "public" in first["Cache-Control"]


@pytest.mark.django_db
def test_a_browser_that_has_the_page_gets_a_304(client, offer):
    first = client.get(offer.get_absolute_url())

    again = client.get(offer.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_changing_an_offer_changes_its_cached_page(client, offer, django_capture_on_commit_callbacks):
    before = client.get(offer.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        offer.summary = "Un job pour l’été, avec un tuteur."
        offer.save()
    after = client.get(offer.get_absolute_url())

    assert "Un job pour l’été, avec un tuteur." not in before.content.decode()
    assert "Un job pour l’été, avec un tuteur." in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get(offer.get_absolute_url(), headers={"if-none-match": before["ETag"]}).status_code == 200


@pytest.mark.django_db
def test_an_offer_page_follows_its_organisation_and_leaves_other_offers_cached(
    client, offer, territory, django_assert_num_queries
):
    other = OfferFactory(theme=offer.theme, territories=[territory])  # another organisation
    client.get(offer.get_absolute_url())
    client.get(other.get_absolute_url())

    offer.organisation.name = "Mission locale du Grand Reims"
    offer.organisation.save()

    assert "Mission locale du Grand Reims" in client.get(offer.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        client.get(other.get_absolute_url())


@pytest.mark.django_db
def test_an_archived_offer_leaves_the_public_side_at_once(client, offer):
    assert client.get(offer.get_absolute_url()).status_code == 200

    offer.status = "archived"
    offer.save()

    assert client.get(offer.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_commune_page_follows_its_territories(client, territory):
    url = reverse("offers:commune", args=[REIMS])
    assert "(Grand Reims)" in client.get(url).content.decode()

    territory.name = "Reims Métropole"
    territory.save()

    assert "(Reims Métropole)" in client.get(url).content.decode()

    territory.communes.remove(territory.communes.get(insee_code=REIMS))
    assert "pas encore ouverte à Reims" in client.get(url).content.decode()

    territory.communes.add(territory.communes.model.objects.get(insee_code=REIMS))
    territory.themes.add(territory.themes.model.objects.get(slug="logement"))
    page = client.get(url).content.decode()
    assert "(Reims Métropole)" in page
    assert reverse("offers:start", args=[REIMS, "logement"]) in page


@pytest.mark.django_db
def test_a_page_cached_for_a_professional_is_the_anonymous_one(client, offer, professional_client):
    html = professional_client.get(reverse("home")).content.decode()

    assert "Se déconnecter" not in html
    assert client.get(reverse("home")).content.decode() == html


@pytest.fixture
def professional_client(client, django_user_model):
    from django.test import Client

    professional = django_user_model.objects.create_user(email="pro@ml-reims.example.fr", password="x" * 12)
    other = Client()
    other.force_login(professional)
    return other


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["accueil", "commune", "offre", "autocomplétion"])
def test_unknown_query_parameters_share_the_page_kept_in_the_cache(client, offer, django_assert_num_queries, page):
    """A client adding `?x=1`, `?x=2`… gets the page already kept, and adds nothing to the cache (also the broker)."""
    url, _ = _pages(offer)[page]
    separator = "&" if "?" in url else "?"
    first = client.get(url)
    keys_before = _page_keys()

    with django_assert_num_queries(0):
        others = [client.get(f"{url}{separator}x={number}&utm_source=sms") for number in range(5)]

    assert _page_keys() == keys_before
    assert [response.content for response in others] == [first.content] * 5


@pytest.mark.django_db
def test_a_parameter_the_page_reads_makes_another_page(client, offer):
    client.get(offer.get_absolute_url())
    keys_before = _page_keys()

    back_to_reims = client.get(f"{offer.get_absolute_url()}?commune={REIMS}")

    assert len(_page_keys()) == len(keys_before) + 1
    assert back_to_reims.status_code == 200


def _page_keys() -> set:
    """The whole pages kept in the cache, in memory or in Redis."""
    from django.core.cache import cache

    if isinstance(cache._cache, dict):  # LocMemCache
        return {key for key in cache._cache if ":boussole:page:" in key}
    return set(cache._cache.get_client().scan_iter("*boussole:page:*"))


@pytest.mark.django_db
def test_the_first_visitor_of_an_offer_with_the_rest_kept_costs_one_query(
    client, offer, territory, django_assert_num_queries
):
    other = OfferFactory(theme=offer.theme, title="Atelier CV", territories=[territory])
    client.get(other.get_absolute_url())  # the layout and the theme's questionnaire are then kept

    # The offer with its organisation and whether youths see it today.
    with django_assert_num_queries(1):
        response = client.get(offer.get_absolute_url())

    assert response.status_code == 200
    assert "Job d’été accompagné" in response.content.decode()


@pytest.mark.django_db
def test_a_kept_page_costs_one_round_trip_to_the_cache_and_a_stale_one_two(client, offer):
    from collections import Counter
    from unittest import mock

    from django.core.cache import cache

    from core.cache import cache_bump
    from offers.pages import offer_page_version_key

    url = offer.get_absolute_url()
    client.get(url)
    calls = Counter()
    inside = []

    def counted(name):
        original = getattr(cache, name)

        def call(*args, **kwargs):
            if not inside:  # a cache that reads several keys one by one makes one round trip of them here
                calls[name] += 1
            inside.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return mock.patch.object(cache, name, call)

    with counted("get"), counted("get_many"), counted("set"), counted("set_many"):
        assert client.get(url).status_code == 200
        assert calls == {"get_many": 1}  # the page and the numbers of what it shows

        cache_bump(offer_page_version_key(offer.pk))
        calls.clear()
        assert client.get(url).status_code == 200
        assert calls == {"get_many": 1, "set": 1}  # the same, then the page built again is kept


@pytest.mark.django_db
def test_the_offer_page_reads_the_offer_its_organisation_and_the_charter_as_they_are_now(client, offer):
    """Its statement is built once a day by each process: what it reads is read when it runs."""
    url = offer.get_absolute_url()
    assert client.get(url).status_code == 200

    offer.summary = "Un job pour l’été, avec un tuteur."
    offer.save()
    assert "Un job pour l’été, avec un tuteur." in client.get(url).content.decode()

    offer.organisation.name = "Mission locale du Grand Reims"
    offer.organisation.save()
    assert "Mission locale du Grand Reims" in client.get(url).content.decode()

    offer.organisation.deactivate()
    assert client.get(url).status_code == 404
    offer.organisation.reactivate()
    assert client.get(url).status_code == 200

    CharterVersion.objects.create(version=CharterVersion.current().version + 1, text="Charte révisée.")
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_offer_page_of_the_next_day_reads_the_offer_as_youths_see_it_that_day(client, offer):
    url = offer.get_absolute_url()
    offer.valid_until = timezone.localdate()
    offer.save()
    assert client.get(url).status_code == 200

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=1)):
        assert client.get(url).status_code == 404

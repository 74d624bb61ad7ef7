import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contact_requests.enums import EventKind, RequestStatus
from contact_requests.models import ContactRequest
from organisations.models import CharterSignature, CharterVersion
from questionnaires.models import Theme
from tests.backoffice.factories import make_member, sign_charter
from tests.contact_requests.factories import make_request
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.stats.test_exports import read_csv
from tests.territories.factories import TerritoryFactory


@pytest.fixture
def territory():
    return TerritoryFactory(name="Grand Reims", communes=["51454"])


@pytest.fixture
def organisation(territory):
    return OrganisationFactory(name="Mission locale de Reims", email="ml@reims.example.fr", territories=[territory])


@pytest.fixture
def member(client, organisation):
    """A logged-in member of an organisation that signed the charter."""
    user = make_member(organisation, email="pro@ml-reims.example.fr")
    sign_charter(organisation, user)
    client.force_login(user)
    return user


@pytest.fixture
def offer(organisation, territory):
    return OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=organisation, territories=[territory])


def make_requests(offer, count, *, days_ago=0):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return [make_request(offer, now=moment, email=f"jeune{n}-{days_ago}@example.fr", phone=None) for n in range(count)]


@pytest.mark.django_db
def test_a_member_must_wait_for_the_charter(client, organisation, offer):
    user = make_member(organisation, email="new@ml-reims.example.fr")
    client.force_login(user)

    response = client.get(reverse("backoffice:requests"))

    assert response.url == reverse("backoffice:charter")
    html = client.get(response.url).content.decode()
    assert "Demandez à un administrateur ou une administratrice" in html


@pytest.mark.django_db
def test_an_admin_signs_the_charter_for_the_organisation(client, organisation):
    admin = make_member(organisation, role="admin", email="admin@ml-reims.example.fr")
    client.force_login(admin)

    assert (
        "Signer la charte au nom de la Mission locale de Reims"
        in client.get(reverse("backoffice:charter")).content.decode()
    )
    response = client.post(reverse("backoffice:charter"))

    assert response.url == reverse("backoffice:home")
    signature = organisation.charter_signatures.get()
    assert (signature.signed_by, signature.charter.version) == (admin, 1)
    assert client.get(reverse("backoffice:requests")).status_code == 200


@pytest.mark.django_db
def test_a_new_charter_version_asks_the_organisation_again(client, member, organisation):
    assert client.get(reverse("backoffice:requests")).status_code == 200

    CharterVersion.objects.create(version=2, text="Charte de partenariat, deuxième version.")

    assert client.get(reverse("backoffice:requests")).url == reverse("backoffice:charter")
    assert "deuxième version" in client.get(reverse("backoffice:charter")).content.decode()


@pytest.mark.django_db
def test_an_organisation_knows_whether_it_signed_the_latest_charter(organisation):
    user = make_member(organisation)

    def signed():
        return organisation.has_signed_current_charter()

    CharterVersion.objects.all().delete()
    assert signed() is True  # no charter yet: nothing to sign
    first = CharterVersion.objects.create(version=1, text="Première version.")
    assert signed() is False
    CharterSignature.objects.create(organisation=organisation, charter=first, signed_by=user)
    assert signed() is True
    CharterVersion.objects.create(version=2, text="Deuxième version.")
    assert signed() is False
    other = OrganisationFactory()
    CharterSignature.objects.create(organisation=other, charter=CharterVersion.current(), signed_by=user)
    assert signed() is False  # another organisation's signature does not count


@pytest.mark.django_db
def test_home_counts_what_needs_action(client, member, offer):
    make_requests(offer, 2)
    make_requests(offer, 1, days_ago=20)

    html = client.get(reverse("backoffice:home")).content.decode()

    assert "3 nouvelles demandes" in html
    assert "1 en retard" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_request_list_is_ordered_by_due_date_and_bounded_in_queries(
    client, member, offer, django_assert_num_queries, count
):
    make_requests(offer, count)
    overdue = make_requests(offer, 1, days_ago=30)[0]
    client.get(reverse("backoffice:home"))  # the first request after login records the activity time in the session

    # Session, user, memberships, animated territories, charter, count, page, offers of the filter.
    with django_assert_num_queries(8):
        response = client.get(reverse("backoffice:requests"))

    html = response.content.decode()
    assert f"{count + 1} demandes" in html
    assert "En retard" in html
    first_row = html.index("<tbody>")
    assert html.index(overdue.reference, first_row) < html.index("</tr>", first_row)


@pytest.mark.django_db
def test_request_list_filters(client, member, offer):
    taken, new = make_requests(offer, 2)
    taken.take(by=member)

    html = client.get(reverse("backoffice:requests"), {"statut": "taken"}).content.decode()

    assert taken.reference in html and new.reference not in html
    html = client.get(reverse("backoffice:requests"), {"en_retard": "on"}).content.decode()
    assert "Aucune demande ne correspond." in html


@pytest.mark.django_db
def test_open_and_finished_requests_are_separate_tabs(client, member, offer):
    waiting, contacted, closed = make_requests(offer, 3)
    contacted.mark_contacted(by=member, at=timezone.now(), channel="phone")
    closed.close(by=member, outcome="not_reachable")

    html = client.get(reverse("backoffice:requests")).content.decode()
    assert waiting.reference in html and contacted.reference in html and closed.reference not in html
    current_tab = r'<a class="fr-btn"\s+href="/espace-pro/demandes/\?onglet=en-cours"\s+aria-current="page">En cours'
    assert re.search(current_tab, html)

    html = client.get(reverse("backoffice:requests"), {"onglet": "terminees"}).content.decode()
    assert closed.reference in html and waiting.reference not in html and contacted.reference not in html
    assert "1 demande terminée, les plus récentes d’abord." in html
    assert '<option value="new"' not in html  # only the states of finished requests

    html = client.get(reverse("backoffice:requests"), {"onglet": "toutes"}).content.decode()
    assert all(request.reference in html for request in (waiting, contacted, closed))


@pytest.mark.django_db
def test_requests_are_found_by_reference_or_first_name_and_show_who_follows_them(client, member, offer):
    lea = make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None, first_name="Léa")
    sami = make_request(offer, now=timezone.now(), email="sami@example.fr", phone=None, first_name="Sami")
    sami.take(by=member)

    html = client.get(reverse("backoffice:requests"), {"recherche": "léa"}).content.decode()
    assert lea.reference in html and sami.reference not in html
    html = client.get(reverse("backoffice:requests"), {"recherche": sami.reference.removeprefix("BJ-").lower()})
    html = html.content.decode()
    assert sami.reference in html and lea.reference not in html
    assert f'<td class="fr-cell--multiline" data-label="Suivie par">{member}</td>' in html
    html = client.get(reverse("backoffice:requests")).content.decode()
    assert '<td class="fr-cell--multiline" data-label="Suivie par">personne</td>' in html


@pytest.mark.django_db
def test_a_reference_searched_in_the_current_tab_that_matches_a_finished_request_says_so(client, member, offer):
    finished = make_request(offer, now=timezone.now(), email="lea@example.fr", phone=None)
    finished.close(by=member, outcome="no_longer_needed")

    html = " ".join(
        client.get(reverse("backoffice:requests"), {"onglet": "en-cours", "recherche": finished.reference})
        .content.decode()
        .split()
    )

    assert "0 demande, les plus urgentes d’abord." in html
    link = reverse("backoffice:requests") + f"?onglet=terminees&amp;recherche={finished.reference}"
    assert (
        f"1 demande terminée correspond à « {finished.reference} » : "
        f'<a class="fr-link" href="{link}">Voir les demandes terminées</a>' in html
    )
    assert finished.reference in client.get(link.replace("&amp;", "&")).content.decode()


@pytest.mark.django_db
def test_the_offer_filter_lists_the_offers_with_requests_and_follows_changes(
    client, member, offer, organisation, territory, django_assert_num_queries
):
    OfferFactory(theme=offer.theme, organisation=organisation, territories=[territory], title="Sans demande")
    other = OfferFactory(theme=offer.theme, organisation=organisation, territories=[territory], title="Autre offre")
    request = make_requests(offer, 1)[0]
    url = reverse("backoffice:requests")

    def filter_choices():
        html = client.get(url).content.decode()
        select = html[html.index('name="offre"') : html.index("</select>", html.index('name="offre"'))]
        return re.findall(r">([^<]+)</option>", select)[1:]  # after "Toutes"

    assert filter_choices() == [offer.title]
    # Cached: the next list does not walk the requests again.
    with django_assert_num_queries(7):
        client.get(url)

    make_requests(other, 1)
    assert filter_choices() == [other.title, offer.title]
    offer.title = "Offre renommée"
    offer.save()
    assert filter_choices() == [other.title, "Offre renommée"]
    request.transfer(by=member, to_offer=other)
    assert filter_choices() == [other.title]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_request_page_shows_contact_answers_history_and_records_the_view(
    client, member, offer, django_assert_num_queries, count
):
    request = make_requests(offer, 1)[0]
    for _ in range(count):
        request.log(EventKind.VIEWED, by=member)
    client.get(reverse("backoffice:home"))  # the first request after login records the activity time in the session

    # Session, user, memberships, animated territories, charter, request, the view recorded, history.
    with django_assert_num_queries(8):
        html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    assert "jeune0-0@example.fr" in html
    assert "Situation" in html and "Je cherche un emploi" in html
    assert "demande envoyée" in html
    assert request.events.filter(kind=EventKind.VIEWED, actor=member).count() == count + 1
    # The views pile up on their own page, not in the history of what was done.
    assert "coordonnées consultées" not in html
    assert reverse("backoffice:request_views", args=[request.pk]) in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 120])
def test_the_views_page_says_who_saw_the_data_and_when(client, member, offer, django_assert_num_queries, count):
    request = make_requests(offer, 1)[0]
    colleague = make_member(request.organisation, email="collegue@ml-reims.example.fr")
    start = timezone.now() - datetime.timedelta(days=10)
    for number in range(count):
        request.log(EventKind.VIEWED, by=member, at=start + datetime.timedelta(minutes=number))
    request.log(EventKind.VIEWED, by=colleague, at=start + datetime.timedelta(days=1))
    url = reverse("backoffice:request_views", args=[request.pk])
    client.get(reverse("backoffice:home"))  # the first request after login records the activity time in the session

    # Session, user, memberships, animated territories, charter, request, page of views with their count.
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()

    assert f"{count + 1} consultations" in html
    assert html.index(str(colleague)) < html.index(str(member))  # the latest first
    assert html.count("— Camille Martin") == min(count + 1, 50)  # one page at a time
    assert ("?page=2" in html) == (count + 1 > 50)
    assert "jeune0-0@example.fr" not in html  # the audit shows who looked, not the youth's data


@pytest.mark.django_db
def test_a_professional_handles_a_request_from_new_to_closed(client, member, offer):
    request = make_requests(offer, 1)[0]

    client.post(reverse("backoffice:request_take", args=[request.pk]))
    client.post(
        reverse("backoffice:request_contacted", args=[request.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone"},
    )
    response = client.post(
        reverse("backoffice:request_close", args=[request.pk]), {"outcome": "service_mobilised", "comment": "RDV pris"}
    )

    request.refresh_from_db()
    assert response.url == reverse("backoffice:requests")
    assert (request.status, request.handler, request.contact_channel, request.outcome) == (
        RequestStatus.CLOSED,
        member,
        "phone",
        "service_mobilised",
    )
    assert [event.kind for event in request.events.exclude(kind=EventKind.VIEWED)] == [
        EventKind.SUBMITTED,
        EventKind.TAKEN,
        EventKind.CONTACTED,
        EventKind.CLOSED,
    ]


@pytest.mark.django_db
def test_bad_action_input_is_explained(client, member, offer):
    request = make_requests(offer, 1)[0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("backoffice:request_contacted", args=[request.pk]), {"contacted_on": tomorrow.isoformat()}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "La date du contact ne peut pas être dans le futur." in html

    html = client.post(reverse("backoffice:request_close", args=[request.pk]), {"outcome": "other"}).content.decode()
    assert "Précisez la suite donnée" in html
    # The page sent back with its errors displays the youth's data again: recorded as well.
    assert "jeune0-0@example.fr" in html
    assert request.events.filter(kind=EventKind.VIEWED, actor=member).count() == 2


@pytest.mark.django_db
def test_a_contact_date_before_the_request_was_received_is_refused_next_to_the_field(client, member, offer):
    request = make_requests(offer, 1, days_ago=3)[0]
    received = timezone.localdate() - datetime.timedelta(days=3)
    before = received - datetime.timedelta(days=1)

    response = client.post(
        reverse("backoffice:request_contacted", args=[request.pk]),
        {"contacted_on": before.isoformat(), "channel": "phone"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    field = re.search(r'<div class="fr-input-group fr-input-group--error"[^>]*>.*?</div>\s*</div>', html, re.S)
    assert field is not None and 'name="contacted_on"' in field.group(0)
    assert f"ne peut pas être avant la réception de la demande, le {received:%d/%m/%Y}." in field.group(0)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    # The day it was received is a valid contact date.
    client.post(
        reverse("backoffice:request_contacted", args=[request.pk]),
        {"contacted_on": received.isoformat(), "channel": "phone"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CONTACTED


@pytest.mark.django_db
def test_a_closed_request_shows_its_outcome_comment_who_closed_it_and_when(client, member, offer):
    request = make_requests(offer, 1)[0]
    client.post(
        reverse("backoffice:request_contacted", args=[request.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone"},
    )
    client.post(
        reverse("backoffice:request_close", args=[request.pk]),
        {"outcome": "redirected", "comment": "Orientée vers le CIO de Reims"},
    )

    html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    request.refresh_from_db()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Demande clôturée" in text
    assert f"Terminée le {timezone.localtime(request.finished_at):%-d} " in text and f", par {member}" in text
    assert "Suite donnée orienté·e vers une autre structure" in text
    assert "Commentaire Orientée vers le CIO de Reims" in text
    assert "Jeune contacté·e le" in text and "(par téléphone)" in text
    assert "Clôturer" not in text  # nothing left to do on it


@pytest.mark.django_db
def test_a_youth_closed_without_contact_is_told_and_the_tracking_page_shows_it(
    client, member, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_requests(offer, 1)[0]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:request_close", args=[request.pk]), {"outcome": "not_reachable"})

    (message,) = mailoutbox
    assert message.to == [request.email]
    assert message.subject == f"Ta demande {request.reference} est terminée"
    assert "la Mission locale de Reims l’a clôturée sans avoir pu te parler" in message.body
    assert "Elle a essayé de te joindre, sans réponse." in message.body
    tracking = client.get(request.tracking_url()).content.decode()
    assert "un·e professionnel·le a clôturé ta demande" in tracking


@pytest.mark.django_db
def test_the_tracking_page_shows_when_a_professional_marked_the_youth_contacted(
    client, member, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_requests(offer, 1)[0]
    client.post(
        reverse("backoffice:request_contacted", args=[request.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone"},
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:request_close", args=[request.pk]), {"outcome": "service_mobilised"})

    assert mailoutbox == []  # contacted: the youth knows
    tracking = client.get(request.tracking_url()).content.decode()
    assert "un·e professionnel·le a indiqué t’avoir contacté·e le" in tracking
    assert "un·e professionnel·le a clôturé ta demande" in tracking


@pytest.mark.django_db
def test_a_request_is_handed_to_another_offer_of_the_territory_and_the_youth_is_told(
    client, member, offer, territory, mailoutbox, django_capture_on_commit_callbacks
):
    other_organisation = OrganisationFactory(
        name="BIJ de Reims", email="bij@reims.example.fr", territories=[territory], signed_charter=True
    )
    other_offer = OfferFactory(
        theme=offer.theme, organisation=other_organisation, territories=[territory], delay_days=2
    )
    request = make_requests(offer, 1)[0]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:request_transfer", args=[request.pk]), {"offer": other_offer.pk})

    request.refresh_from_db()
    assert (request.offer, request.organisation, request.status) == (other_offer, other_organisation, RequestStatus.NEW)
    assert any(message.to == ["bij@reims.example.fr"] for message in mailoutbox)
    assert any(message.subject == "Ta demande est transmise au BIJ de Reims" for message in mailoutbox)
    assert client.get(reverse("backoffice:request", args=[request.pk])).status_code == 404


@pytest.mark.django_db
def test_another_organisations_request_is_a_404(client, member, territory):
    other = OrganisationFactory(territories=[territory], signed_charter=True)
    foreign = make_requests(
        OfferFactory(theme=Theme.objects.get(slug="emploi"), organisation=other, territories=[territory]), 1
    )[0]

    assert client.get(reverse("backoffice:request", args=[foreign.pk])).status_code == 404
    for name in ("request_take", "request_contacted", "request_close", "request_transfer"):
        assert client.post(reverse(f"backoffice:{name}", args=[foreign.pk])).status_code == 404
    assert foreign.reference not in client.get(reverse("backoffice:requests")).content.decode()
    assert ContactRequest.objects.get(pk=foreign.pk).status == RequestStatus.NEW


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["service_mobilised", "redirected"])
def test_closing_with_an_outcome_that_implies_a_contact_records_when_and_how_it_was_made(
    client, member, offer, organisation, outcome, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_requests(offer, 1, days_ago=1)[0]
    url = reverse("backoffice:request_close", args=[request.pk])
    today = timezone.localdate()

    missing = client.post(url, {"outcome": outcome, "comment": "Inscrite à l’atelier CV."})
    assert missing.status_code == 400
    assert "» suppose un contact." in missing.content.decode()
    assert ContactRequest.objects.get(pk=request.pk).status == RequestStatus.NEW

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        data = {"outcome": outcome, "contacted_on": today.isoformat(), "channel": "meeting", "comment": "Atelier CV."}
        assert client.post(url, data).status_code == 302

    request.refresh_from_db()
    assert (request.status, request.outcome, request.contacted_date, request.contact_channel) == (
        RequestStatus.CLOSED,
        outcome,
        today,
        "meeting",
    )
    assert request.working_days_to_contact is not None
    assert [event.kind for event in request.events.history()][-2:] == [EventKind.CONTACTED, EventKind.CLOSED]
    # The youth was talked to: not told that nobody could.
    assert [message for message in mailoutbox if request.email in message.to] == []
    assert "sans avoir pu te parler" not in " ".join(message.body for message in mailoutbox)
    admin = make_member(organisation, role="admin", email="admin@ml-reims.example.fr")
    client.force_login(admin)
    export = reverse(
        "backoffice:statistics_export", kwargs={"scope": f"structure-{organisation.pk}", "table": "demandes"}
    )
    rows = read_csv(client.get(export))
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["Contacté·e le"].startswith(f"{today:%d/%m/%Y}")
    assert line["Dans le délai promis"] == "oui"


@pytest.mark.django_db
def test_a_contact_date_cannot_go_with_not_reachable_and_a_close_without_contact_tells_the_youth(
    client, member, offer, mailoutbox, django_capture_on_commit_callbacks
):
    request = make_requests(offer, 1)[0]
    url = reverse("backoffice:request_close", args=[request.pk])

    contradiction = client.post(
        url, {"outcome": "not_reachable", "contacted_on": timezone.localdate().isoformat(), "channel": "phone"}
    )
    assert contradiction.status_code == 400
    assert "Vous avez choisi « injoignable » : laissez la date vide" in contradiction.content.decode()

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"outcome": "no_longer_needed", "channel": "phone"})

    request.refresh_from_db()
    assert (request.status, request.contacted_at) == (RequestStatus.CLOSED, None)
    (message,) = mailoutbox
    assert message.to == [request.email]
    assert "l’a clôturée sans avoir pu te parler" in message.body


@pytest.mark.django_db
def test_a_request_already_contacted_is_closed_without_asking_for_the_contact_again(client, member, offer):
    request = make_requests(offer, 1)[0]
    client.post(
        reverse("backoffice:request_contacted", args=[request.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone"},
    )

    html = client.get(reverse("backoffice:request", args=[request.pk])).content.decode()

    assert 'name="contacted_on"' not in html and "Date du contact avec le ou la jeune" not in html
    client.post(reverse("backoffice:request_close", args=[request.pk]), {"outcome": "service_mobilised"})
    request.refresh_from_db()
    assert (request.status, request.contact_channel) == (RequestStatus.CLOSED, "phone")

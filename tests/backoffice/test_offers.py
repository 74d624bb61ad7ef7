import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice import plain_language
from offers.enums import OfferEventKind, OfferStatus
from offers.models import Offer
from questionnaires.models import Theme
from territories.models import Commune, Department
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS = "51454"
EPERNAY = "51230"
LIST_MAX_QUERIES = 12


@pytest.fixture
def territory():
    return TerritoryFactory(name="Grand Reims", communes=[REIMS, EPERNAY])


@pytest.fixture
def organisation(territory):
    return OrganisationFactory(name="Mission locale de Reims", territories=[territory])


@pytest.fixture
def member(organisation):
    user = make_member(organisation, email="pro@ml-reims.example.fr")
    sign_charter(organisation, user)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def emploi():
    return Theme.objects.get(slug="emploi")


@pytest.fixture
def offer(organisation, territory, emploi):
    return OfferFactory(
        theme=emploi,
        organisation=organisation,
        title="Garantie jeunes",
        territories=[territory],
        criteria={"situation": ["job_seeker"]},
        draft=True,
    )


@pytest.fixture
def other_offer(territory, emploi):
    """An offer of another organisation of the same territory."""
    other = OrganisationFactory(name="Autre structure", territories=[territory])
    return OfferFactory(theme=emploi, organisation=other, title="Offre d’une autre structure", territories=[territory])


def page(response) -> str:
    return html.unescape(response.content.decode())


def form_data(shown_theme, /, **changes):
    """What the offer form posts, the questions of `shown_theme` having been shown."""
    data = {
        "shown_theme": str(shown_theme.pk),
        "theme": str(shown_theme.pk),
        "title": "Trouver un job d’été",
        "summary": "On t’aide à trouver un job pour l’été.",
        "description": "Un conseiller regarde avec toi les offres de ta ville.",
        "how_it_happens": "Un rendez-vous d’une heure, puis un appel chaque semaine.",
        "format": "on_site",
        "place": "12 rue de Vesle, Reims",
        "communes": "",
        "age_min": "16",
        "age_max": "25",
        "delay_days": "3",
        "valid_from": "",
        "valid_until": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Plain language


def test_a_sentence_of_more_than_25_words_is_flagged_with_its_length():
    long = " ".join(["mot"] * 32) + "."
    text = f"Une phrase courte. {long} Une autre phrase courte !"

    found = plain_language.long_sentences(text)

    assert [sentence.words for sentence in found] == [32]
    assert plain_language.advice(text) == [
        "Phrase longue (32 mots) : « mot mot mot mot mot mot mot mot mot mot… »."
        " Coupez-la en deux phrases plus courtes."
    ]


def test_a_sentence_of_25_words_is_fine_and_lines_end_sentences():
    text = " ".join(["mot"] * 25) + "\n" + " ".join(["mot"] * 20)

    assert plain_language.long_sentences(text) == []


def test_elided_words_count_once_and_dashes_do_not_count():
    assert plain_language.word_count("L’aide de l’État — tout de suite") == 6


def test_jargon_is_flagged_with_simpler_words_in_the_order_of_the_text():
    text = "Les bénéficiaires du Dispositif peuvent solliciter un accompagnement."

    assert plain_language.advice(text) == [
        "« bénéficiaires » : dites plutôt « personne aidée » ou « toi ».",
        "« Dispositif » : dites plutôt « aide ».",
        "« solliciter » : dites plutôt « demander ».",
        "« accompagnement » : dites plutôt « aide » ou « suivi ».",
    ]


def test_a_jargon_expression_hides_the_shorter_word_inside_it_and_each_word_is_flagged_once():
    text = "Pour l’insertion professionnelle. Les démarches, encore des démarches."

    found = [hit.jargon.word for hit in plain_language.jargon_in(text)]

    assert found == ["insertion professionnelle", "démarches"]


def test_jargon_is_found_as_whole_words_only():
    assert plain_language.jargon_in("Une infrastructure et des restructurations.") == []


def test_plain_words_get_no_advice_and_the_list_is_long_enough():
    assert plain_language.advice("On t’aide à trouver un travail. C’est gratuit.") == []
    assert len(plain_language.JARGON) >= 15
    for entry in plain_language.JARGON:
        assert plain_language.jargon_in(entry.word), entry.word


# List


@pytest.mark.django_db
def test_the_list_shows_the_organisation_offers_only(member_client, offer, other_offer):
    offer.valid_until = datetime.date(2031, 6, 30)
    offer.delay_days = 2
    offer.save()

    content = page(member_client.get(reverse("backoffice:offers")))

    assert "Garantie jeunes" in content
    assert reverse("backoffice:offer_edit", args=[offer.pk]) in content
    assert "Emploi" in content
    assert "Brouillon" in content
    assert "2 jours ouvrés" in content
    assert "Jusqu’au 30 juin 2031" in content
    assert "Offre d’une autre structure" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_the_list_query_count_does_not_grow_with_the_offers(
    member_client, organisation, territory, emploi, count, django_assert_max_num_queries
):
    OfferFactory.create_batch(count, theme=emploi, organisation=organisation, territories=[territory])

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = member_client.get(reverse("backoffice:offers"))

    assert page(response).count("<tr>") == min(count, 20) + 1  # the header and a page of offers


@pytest.mark.django_db
def test_the_list_is_paginated(member_client, organisation, territory, emploi):
    OfferFactory.create_batch(25, theme=emploi, organisation=organisation, territories=[territory])

    first = page(member_client.get(reverse("backoffice:offers")))
    second = page(member_client.get(reverse("backoffice:offers"), {"page": 2}))

    assert "fr-pagination" in first
    assert "25 offres" in first
    assert first.count("<tr>") == 21  # the header and 20 offers
    assert second.count("<tr>") == 6


# Create


@pytest.mark.django_db
def test_the_create_form_has_the_sections_a_professional_understands(member_client, territory):
    content = page(member_client.get(reverse("backoffice:offer_create")))

    for heading in ("Quoi ?", "Où a lieu le rendez-vous ?", "Où habitent les jeunes concernés ?", "Pour qui ?"):
        assert f">{heading}</h2>" in content
    assert "Grand Reims" in content  # the organisation's territory, as a checkbox
    assert "Marne (51)" in content
    assert "Afficher les questions de ce thème" in content


@pytest.mark.django_db
def test_choosing_a_theme_shows_its_questions_and_keeps_what_was_typed(member_client, emploi):
    data = form_data(emploi, shown_theme="", title="Mon offre en cours")
    data["show_questions"] = "1"

    response = member_client.post(reverse("backoffice:offer_create"), data)

    content = page(response)
    assert response.status_code == 200
    assert not Offer.objects.exists()
    assert "Voici les questions du thème « Emploi »" in content
    assert "Situation : « En ce moment, qu’est-ce que tu fais ? »" in content
    assert "Je cherche un emploi" in content
    assert 'value="Mon offre en cours"' in content
    assert "obligatoire" not in content


@pytest.mark.django_db
def test_a_member_creates_a_draft_with_criteria_from_the_checkboxes(member_client, organisation, territory, emploi):
    data = form_data(
        emploi,
        territories=[str(territory.pk)],
        communes=f"{EPERNAY}\nSaint-Denis (93)",
        situation=None,
    )
    data["criterion_situation"] = ["job_seeker", "neither"]
    data["criterion_driving_licence"] = ["no"]

    response = member_client.post(reverse("backoffice:offer_create"), data)

    offer = Offer.objects.get()
    assert response.url == reverse("backoffice:offer_edit", args=[offer.pk])
    assert offer.organisation == organisation
    assert offer.status == OfferStatus.DRAFT
    assert offer.title == "Trouver un job d’été"
    assert offer.criteria == {"situation": ["job_seeker", "neither"], "driving_licence": ["no"]}
    assert (offer.age_min, offer.age_max, offer.delay_days) == (16, 25, 3)
    assert list(offer.territories.all()) == [territory]
    assert {commune.insee_code for commune in offer.communes.all()} == {EPERNAY, "93066"}
    assert "enregistrée en brouillon" in page(member_client.get(response.url))


@pytest.mark.django_db
def test_saving_without_having_seen_the_theme_questions_shows_them_first(member_client, territory, emploi):
    data = form_data(emploi, shown_theme="", territories=[str(territory.pk)])

    response = member_client.post(reverse("backoffice:offer_create"), data)

    assert response.status_code == 200
    assert not Offer.objects.exists()
    assert "Rien n’est encore enregistré" in page(response)


@pytest.mark.django_db
def test_an_offer_must_cover_at_least_one_place(member_client, emploi):
    response = member_client.post(reverse("backoffice:offer_create"), form_data(emploi))

    assert not Offer.objects.exists()
    assert "Indiquez où habitent les jeunes concernés" in page(response)


# Edit


@pytest.mark.django_db
def test_the_edit_form_shows_the_saved_offer(member_client, offer):
    offer.communes.set(Commune.objects.filter(insee_code=EPERNAY))

    content = page(member_client.get(reverse("backoffice:offer_edit", args=[offer.pk])))

    assert 'value="Garantie jeunes"' in content
    assert "Épernay (51)" in content
    assert re.search(r'name="criterion_situation" value="job_seeker"[^>]*checked', content)
    assert not re.search(r'name="criterion_situation" value="student"[^>]*checked', content)
    assert "Envoyer pour validation" in content


@pytest.mark.django_db
def test_bad_input_shows_errors_next_to_the_fields_and_keeps_what_was_typed(member_client, offer, territory, emploi):
    data = form_data(
        emploi, title="Nouveau titre", age_min="25", age_max="18", communes="Reims\nVillenouvelle-sur-Lune"
    )
    data["territories"] = [str(territory.pk)]
    data["criterion_situation"] = ["student"]

    response = member_client.post(reverse("backoffice:offer_edit", args=[offer.pk]), data)

    content = page(response)
    assert response.status_code == 200
    assert "L’offre n’est pas enregistrée" in content
    assert "L’âge maximum doit être supérieur ou égal à l’âge minimum." in content
    assert "Commune inconnue : « Villenouvelle-sur-Lune »" in content
    assert 'aria-describedby="id_communes-desc-error"' in content
    assert 'id="id_communes-desc-error"' in content
    assert 'href="#id_age_max"' in content
    assert 'value="Nouveau titre"' in content
    assert 'value="25"' in content
    assert "Reims\nVillenouvelle-sur-Lune</textarea>" in content
    offer.refresh_from_db()
    assert offer.title == "Garantie jeunes"
    assert offer.criteria == {"situation": ["job_seeker"]}


@pytest.mark.django_db
def test_a_commune_name_shared_by_several_communes_asks_for_the_department(member_client, offer, emploi):
    data = form_data(emploi, communes="Saint-Denis")

    content = page(member_client.post(reverse("backoffice:offer_edit", args=[offer.pk]), data))

    assert "Plusieurs communes s’appellent « Saint-Denis »" in content
    assert "« Saint-Denis (93) »" in content


@pytest.mark.django_db
def test_changing_the_theme_shows_the_new_questions_without_saving(member_client, offer, territory, emploi):
    logement = Theme.objects.get(slug="logement")
    data = form_data(emploi, theme=str(logement.pk), title="Titre changé", territories=[str(territory.pk)])
    data["criterion_situation"] = ["student"]

    response = member_client.post(reverse("backoffice:offer_edit", args=[offer.pk]), data)

    content = page(response)
    assert "Où dors-tu en ce moment ?" in content  # a question of the Logement questionnaire
    assert "Tu sais quel métier tu veux faire ?" not in content
    assert 'value="Titre changé"' in content
    assert re.search(rf'name="shown_theme"\s+value="{logement.pk}"', content)
    offer.refresh_from_db()
    assert (offer.theme, offer.title) == (Theme.objects.get(slug="emploi"), "Garantie jeunes")


@pytest.mark.django_db
def test_editing_a_published_offer_never_takes_it_offline_the_change_waits_for_validation(
    member_client, offer, territory, emploi
):
    offer.status = OfferStatus.PUBLISHED
    offer.save()
    data = form_data(emploi, title="Garantie jeunes", territories=[str(territory.pk)], age_min="15", age_max="30")
    data["criterion_situation"] = ["job_seeker", "neither"]
    data["description"] = "Un nouveau texte."

    response = member_client.post(reverse("backoffice:offer_edit", args=[offer.pk]), data, follow=True)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.description == "Ce que c’est, pour qui, ce que ça apporte."
    assert offer.criteria == {"situation": ["job_seeker"]}
    assert offer.pending_changes["description"] == "Un nouveau texte."
    assert offer.pending_changes["criteria"] == {"situation": ["job_seeker", "neither"]}
    assert "Les jeunes voient toujours la version publiée" in page(response)


@pytest.mark.django_db
def test_the_edit_page_gives_plain_language_advice_on_the_texts(member_client, offer):
    offer.description = "Ce dispositif s’adresse aux bénéficiaires. " + " ".join(["mot"] * 31) + "."
    offer.save()

    content = page(member_client.get(reverse("backoffice:offer_edit", args=[offer.pk])))

    assert "Pour que les jeunes comprennent du premier coup" in content
    assert "« dispositif » : dites plutôt « aide »." in content
    assert "« bénéficiaires » : dites plutôt « personne aidée » ou « toi »." in content
    assert "Phrase longue (31 mots)" in content


@pytest.mark.django_db
def test_the_advice_reads_the_title_too_and_is_given_as_the_professional_types(member_client, offer):
    offer.title = "Dispositif d’insertion professionnelle"
    offer.save()

    content = page(member_client.get(reverse("backoffice:offer_edit", args=[offer.pk])))
    assert 'data-plain-language-for="id_title"' in content
    assert "« insertion professionnelle » : dites plutôt « trouver un travail »." in content

    # What the form's script asks while the professional types: advice on the texts sent, nothing saved.
    response = member_client.post(
        reverse("backoffice:offer_plain_language"), {"title": "Les modalités", "summary": "On t’aide."}
    )
    assert response.json() == {
        "title": ["« modalités » : dites plutôt « comment ça marche »."],
        "summary": [],
        "description": [],
        "how_it_happens": [],
    }
    offer.refresh_from_db()
    assert offer.title == "Dispositif d’insertion professionnelle"


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["on_site", "both"])
def test_an_offer_met_on_site_needs_the_address(member_client, emploi, territory, where):
    data = form_data(emploi, format=where, place=" ", territories=[str(territory.pk)])

    response = member_client.post(reverse("backoffice:offer_create"), data)

    assert response.status_code == 200
    assert "Indiquez l’adresse du rendez-vous : les jeunes doivent savoir où aller." in page(response)
    assert not Offer.objects.exists()
    data = form_data(emploi, format="remote", place="", territories=[str(territory.pk)])
    member_client.post(reverse("backoffice:offer_create"), data)
    assert Offer.objects.get().format == "remote"


# Duplicate, archive, submit, preview


@pytest.mark.django_db
def test_duplicating_makes_a_draft_copy_with_the_same_coverage_and_criteria(member_client, member, offer, territory):
    offer.status = OfferStatus.PUBLISHED
    offer.save()
    offer.departments.set([Department.objects.get(code="51")])
    offer.communes.set(Commune.objects.filter(insee_code=EPERNAY))

    response = member_client.post(reverse("backoffice:offer_duplicate", args=[offer.pk]))

    copy = Offer.objects.exclude(pk=offer.pk).get()
    assert response.url == reverse("backoffice:offer_edit", args=[copy.pk])
    assert copy.title == "Garantie jeunes (copie)"
    assert copy.status == OfferStatus.DRAFT
    assert copy.organisation == offer.organisation
    assert copy.criteria == {"situation": ["job_seeker"]}
    assert list(copy.territories.all()) == [territory]
    assert [d.code for d in copy.departments.all()] == ["51"]
    assert [c.insee_code for c in copy.communes.all()] == [EPERNAY]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert [(event.kind, event.actor, event.comment) for event in copy.events.all()] == [
        (OfferEventKind.COPIED, member, "Copie de « Garantie jeunes »."),
    ]


@pytest.mark.django_db
def test_creating_and_editing_a_draft_is_in_its_history(member_client, member, emploi, territory):
    member_client.post(reverse("backoffice:offer_create"), form_data(emploi, territories=[str(territory.pk)]))
    offer = Offer.objects.get()
    member_client.post(
        reverse("backoffice:offer_edit", args=[offer.pk]),
        form_data(emploi, title="Trouver un job", territories=[str(territory.pk)]),
    )

    assert [(event.kind, event.actor) for event in offer.events.order_by("at", "pk")] == [
        (OfferEventKind.CREATED, member),
        (OfferEventKind.EDITED, member),
    ]


@pytest.mark.django_db
def test_archiving_asks_for_confirmation_first(member_client, offer):
    offer.status = OfferStatus.PUBLISHED
    offer.save()
    offer.propose_changes(values={"summary": "Un autre résumé."}, by=None)
    edit = page(member_client.get(reverse("backoffice:offer_edit", args=[offer.pk])))
    archive_url = reverse("backoffice:offer_archive", args=[offer.pk])

    confirmation = " ".join(page(member_client.get(archive_url)).split())

    assert f'href="{archive_url}">Archiver</a>' in " ".join(edit.split())
    assert "<h1>Archiver l’offre « Garantie jeunes » ?</h1>" in confirmation
    assert "Les jeunes ne la verront plus" in confirmation
    assert "La modification qui attend la validation de l’animation territoriale sera abandonnée." in confirmation
    assert f'<form method="post" action="{archive_url}">' in confirmation and "Oui, archiver l’offre" in confirmation
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


@pytest.mark.django_db
def test_archiving_hides_the_offer(member_client, offer):
    offer.status = OfferStatus.PUBLISHED
    offer.save()

    response = member_client.post(reverse("backoffice:offer_archive", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED
    assert "les jeunes ne la voient plus" in page(response)


@pytest.mark.django_db
def test_a_draft_is_submitted_for_validation(member_client, offer):
    response = member_client.post(reverse("backoffice:offer_submit", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    assert "L’offre est envoyée pour validation" in page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [OfferStatus.SUBMITTED, OfferStatus.PUBLISHED, OfferStatus.ARCHIVED])
def test_only_a_draft_can_be_submitted(member_client, offer, status):
    offer.status = status
    offer.save()

    response = member_client.post(reverse("backoffice:offer_submit", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.status == status
    assert "Seule une offre en brouillon peut être envoyée pour validation." in page(response)


@pytest.mark.django_db
def test_the_preview_shows_the_youth_page_under_a_banner(member_client, offer):
    content = page(member_client.get(reverse("backoffice:offer_preview", args=[offer.pk])))

    assert "Aperçu : voici ce que verront les jeunes." in content
    assert "État de l’offre : brouillon." in content
    assert "Les jeunes ne la voient pas en ce moment" in content
    # The youth's page itself: its headings, eligibility in plain words and contact card.
    assert "<h1>Garantie jeunes</h1>" in content
    assert "C’est quoi\u00a0?" in content
    assert "Pour les jeunes de 15 à 30 ans." in content
    assert "Pour les jeunes qui cherchent un emploi." in content
    assert "Qui t’aide\u00a0?" in content


@pytest.mark.django_db
def test_the_preview_of_a_live_offer_says_the_youth_see_it(member_client, offer):
    offer.status = OfferStatus.PUBLISHED
    offer.save()

    content = page(member_client.get(reverse("backoffice:offer_preview", args=[offer.pk])))

    assert "État de l’offre : publiée." in content
    assert "Les jeunes la voient en ce moment." in content


# Access


OFFER_URLS = [
    ("get", "backoffice:offer_edit"),
    ("post", "backoffice:offer_edit"),
    ("get", "backoffice:offer_preview"),
    ("post", "backoffice:offer_duplicate"),
    ("post", "backoffice:offer_archive"),
    ("post", "backoffice:offer_submit"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url_name"), OFFER_URLS)
def test_another_organisation_offer_is_a_404(member_client, other_offer, emploi, method, url_name):
    url = reverse(url_name, args=[other_offer.pk])
    data = form_data(emploi, title="Piraté") if method == "post" else {}

    response = getattr(member_client, method)(url, data)

    assert response.status_code == 404
    assert Offer.objects.count() == 1
    other_offer.refresh_from_db()
    assert (other_offer.title, other_offer.status) == ("Offre d’une autre structure", OfferStatus.PUBLISHED)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["backoffice:offers", "backoffice:offer_create"])
def test_a_person_without_an_organisation_has_no_offers_page(client, url_name):
    user = make_member(OrganisationFactory())
    user.memberships.all().delete()
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response.url == reverse("backoffice:no_access")


@pytest.mark.django_db
def test_an_organisation_that_has_not_signed_the_charter_is_sent_to_the_charter(client, organisation):
    client.force_login(make_member(organisation))

    response = client.get(reverse("backoffice:offers"))

    assert response.url == reverse("backoffice:charter")


# The home page leads to the offers.


@pytest.mark.django_db
def test_a_new_organisation_is_asked_on_its_home_to_create_its_first_offer(member_client):
    home = page(member_client.get(reverse("backoffice:home")))

    assert f'href="{reverse("backoffice:offer_create")}">Créer votre première offre</a>' in home


@pytest.mark.django_db
def test_offers_to_review_or_sent_back_show_on_the_home(
    member_client, member, organisation, territory, emploi, other_offer
):
    animator = make_member(OrganisationFactory(), email="animatrice@reims.example.fr")
    territory.animators.add(animator)
    sent_back = OfferFactory(theme=emploi, organisation=organisation, title="Atelier CV", draft=True)
    sent_back.submit(by=member)
    sent_back.send_back(by=animator, comment="Précisez le lieu.")
    change_sent_back = OfferFactory(theme=emploi, organisation=organisation, title="Garantie jeunes")
    change_sent_back.propose_changes(values={"summary": "Un autre résumé."}, by=member)
    change_sent_back.send_back(by=animator, comment="Trop vague.")
    stale = OfferFactory(
        theme=emploi,
        organisation=organisation,
        title="Job d’été",
        reviewed_at=timezone.localdate() - datetime.timedelta(days=200),
    )
    resubmitted = OfferFactory(theme=emploi, organisation=organisation, title="Offre renvoyée puis reprise", draft=True)
    resubmitted.submit(by=member)
    resubmitted.send_back(by=animator, comment="Ajoutez l’adresse.")
    resubmitted.submit(by=member)
    OfferFactory(theme=emploi, organisation=organisation, title="Offre à jour")
    stale_elsewhere = OfferFactory(
        theme=emploi,
        organisation=other_offer.organisation,
        reviewed_at=timezone.localdate() - datetime.timedelta(days=200),
    )

    home = " ".join(page(member_client.get(reverse("backoffice:home"))).split())

    assert f'<a href="{reverse("backoffice:offer_edit", args=[sent_back.pk])}">Atelier CV</a>' in home
    assert f'<a href="{reverse("backoffice:offer_edit", args=[change_sent_back.pk])}">Garantie jeunes</a>' in home
    assert f'<a href="{reverse("backoffice:offer_edit", args=[stale.pk])}#relecture">Job d’été</a>' in home
    assert home.count("Renvoyée par l’animation territoriale") == 2 and home.count(">À relire<") == 1
    assert "Offre renvoyée puis reprise" not in home and "Offre à jour" not in home
    assert stale_elsewhere.title not in home
    assert "Créer votre première offre" not in home
    assert set(Offer.objects.sent_back()) == {sent_back, change_sent_back}

"""Offer validation: a new offer or a change to a published one waits for an animator of a covered territory."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from notifications.models import Email
from offers.enums import OfferEventKind, OfferStatus
from offers.models import Offer
from territories.models import Commune, Department, Epci
from tests.backoffice.factories import make_member, sign_charter
from tests.offers.factories import OfferFactory, OrganisationFactory
from tests.territories.factories import TerritoryFactory

REIMS, EPERNAY, EVRY = "51454", "51230", "91228"


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def territory():
    return TerritoryFactory(name="Grand Reims", communes=[REIMS])


@pytest.fixture
def organisation(territory):
    return OrganisationFactory(name="Mission locale de Reims", territories=[territory], email="accueil@ml.example.fr")


@pytest.fixture
def admin(organisation):
    user = make_member(organisation, role="admin", email="direction@ml.example.fr")
    sign_charter(organisation, user)
    make_member(organisation, email="conseillere@ml.example.fr")  # a member hears nothing of validation
    return user


@pytest.fixture
def animator(territory):
    user = get_user_model().objects.create_user(email="animatrice@reims.example.fr", password="x")
    territory.animators.add(user)
    return user


@pytest.fixture
def emploi():
    from questionnaires.models import Theme

    return Theme.objects.get(slug="emploi")


@pytest.fixture
def live_offer(organisation, territory, emploi, admin):
    return OfferFactory(
        theme=emploi, organisation=organisation, title="Garantie jeunes", delay_days=3, territories=[territory]
    )


def edit_data(offer, **changes):
    """What the offer form posts for `offer` as it is, with `changes`."""
    data = {
        "shown_theme": str(offer.theme_id),
        "theme": str(offer.theme_id),
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "how_it_happens": offer.how_it_happens,
        "format": offer.format,
        "place": offer.place,
        "territories": [str(pk) for pk in offer.territories.values_list("pk", flat=True)],
        "communes": "",
        "age_min": str(offer.age_min),
        "age_max": str(offer.age_max),
        "delay_days": str(offer.delay_days),
        "valid_from": "",
        "valid_until": "",
    }
    data.update(changes)
    return data


def youth_page(client, offer):
    return page(client.get(offer.get_absolute_url()))


def emails(offer, kind=None):
    rows = Email.objects.related_to(offer)
    return list(rows.filter(kind=kind) if kind else rows)


@pytest.mark.django_db
def test_a_live_offer_under_change_stays_visible_with_its_old_values_until_published(
    client, live_offer, admin, animator, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    response = client.post(
        reverse("backoffice:offer_edit", args=[live_offer.pk]),
        edit_data(live_offer, title="Garantie jeunes 2027", delay_days="2"),
        follow=True,
    )
    assert "Modification envoyée pour validation. Les jeunes voient toujours la version publiée" in page(response)

    live_offer.refresh_from_db()
    assert (live_offer.title, live_offer.delay_days, live_offer.status) == ("Garantie jeunes", 3, OfferStatus.PUBLISHED)
    assert live_offer.pending_changes == {"title": "Garantie jeunes 2027", "delay_days": 2}
    assert live_offer in Offer.objects.live()
    client.logout()
    seen = youth_page(client, live_offer)
    assert "<h1>Garantie jeunes</h1>" in seen and "3 jours ouvrés" in seen
    # The organisation reads its change, the published version beside it.
    client.force_login(admin)
    edit = page(client.get(reverse("backoffice:offer_edit", args=[live_offer.pk])))
    assert "Votre modification attend la validation" in edit
    assert 'value="Garantie jeunes 2027"' in edit

    client.force_login(animator)
    review = page(client.get(reverse("backoffice:offer_review", args=[live_offer.pk])))
    assert '<p class="boussole-before boussole-prewrap">Garantie jeunes</p>' in review
    assert '<p class="boussole-after boussole-prewrap">Garantie jeunes 2027</p>' in review
    assert '<p class="boussole-after boussole-prewrap">2 jours ouvrés</p>' in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:offer_publish", args=[live_offer.pk]), follow=True)
    assert "est publiée : les jeunes la voient dès maintenant" in page(response)

    live_offer.refresh_from_db()
    assert (live_offer.title, live_offer.delay_days, live_offer.pending_changes) == ("Garantie jeunes 2027", 2, None)
    client.logout()
    seen = youth_page(client, live_offer)
    assert "<h1>Garantie jeunes 2027</h1>" in seen and "2 jours ouvrés" in seen
    assert [event.kind for event in live_offer.events.order_by("at", "pk")] == [
        OfferEventKind.CHANGE_SUBMITTED,
        OfferEventKind.CHANGE_PUBLISHED,
    ]


@pytest.mark.django_db
def test_a_change_of_coverage_waits_too_and_is_applied_on_publication(live_offer, admin, animator):
    live_offer.propose_changes(
        values={"territories": [], "communes": [Commune.objects.get(insee_code=EPERNAY)]}, by=admin
    )
    live_offer.refresh_from_db()
    assert list(live_offer.territories.all()) and not live_offer.communes.exists()

    live_offer.publish(by=animator)

    assert not live_offer.territories.exists()
    assert [commune.insee_code for commune in live_offer.communes.all()] == [EPERNAY]


@pytest.mark.django_db
def test_a_sent_back_change_leaves_the_live_offer_untouched(
    client, live_offer, admin, animator, django_capture_on_commit_callbacks
):
    live_offer.propose_changes(values={"title": "Un titre trop long et flou", "age_min": 18}, by=admin)
    before = Offer.objects.filter(pk=live_offer.pk).values().get()
    client.force_login(animator)

    refused = client.post(reverse("backoffice:offer_send_back", args=[live_offer.pk]), {"comment": ""})
    assert "Écrivez à la structure ce qui est à reprendre : ce commentaire est obligatoire." in page(refused)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:offer_send_back", args=[live_offer.pk]),
            {"comment": "Le titre doit dire ce que le jeune y gagne."},
            follow=True,
        )

    assert "les jeunes voient toujours la version publiée" in page(response)
    after = Offer.objects.filter(pk=live_offer.pk).values().get()
    unchanged = {key for key in before if key not in {"pending_changes", "submitted_at", "updated_at"}}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert after["pending_changes"] is None
    assert live_offer in Offer.objects.live()
    event = live_offer.events.get(kind=OfferEventKind.CHANGE_SENT_BACK)
    assert (event.actor, event.comment) == (animator, "Le titre doit dire ce que le jeune y gagne.")
    assert event.changes == {"title": "Un titre trop long et flou", "age_min": 18}
    # The organisation reads why on the offer's page.
    client.force_login(admin)
    edit = page(client.get(reverse("backoffice:offer_edit", args=[live_offer.pk])))
    assert "Votre modification n’a pas été publiée" in edit
    assert "« Le titre doit dire ce que le jeune y gagne. »" in edit


@pytest.mark.django_db
def test_the_organisation_finds_the_text_it_proposed_when_its_change_is_sent_back(client, live_offer, admin, animator):
    proposed = (
        "Un accompagnement d’un an, avec une allocation chaque mois.\nTu rencontres ton conseiller chaque semaine."
    )
    client.force_login(admin)
    client.post(reverse("backoffice:offer_edit", args=[live_offer.pk]), edit_data(live_offer, description=proposed))
    client.force_login(animator)
    client.post(reverse("backoffice:offer_send_back", args=[live_offer.pk]), {"comment": "Dites le montant."})
    live_offer.request_review(at=live_offer.updated_at)  # the sweep writes in the history meanwhile

    client.force_login(admin)
    edit = page(client.get(reverse("backoffice:offer_edit", args=[live_offer.pk])))

    assert f'id="id_description">\n{proposed}</textarea>' in edit.replace("\r\n", "\n")
    assert "« Dites le montant. »" in edit
    assert "Le formulaire ci-dessous reprend la modification que vous aviez proposée" in " ".join(edit.split())
    assert "La modification que vous aviez proposée" in edit
    # Saved as it is, the same text goes back to the animator; youths still read the published one.
    client.post(reverse("backoffice:offer_edit", args=[live_offer.pk]), edit_data(live_offer, description=proposed))
    live_offer.refresh_from_db()
    assert live_offer.pending_changes == {"description": proposed}
    assert live_offer.description != proposed


@pytest.mark.django_db
def test_saving_the_published_text_over_a_sent_back_change_gives_it_up(client, live_offer, admin, animator):
    live_offer.propose_changes(values={"summary": "Un résumé refusé."}, by=admin)
    live_offer.send_back(by=animator, comment="Trop vague.")
    client.force_login(admin)

    response = client.post(reverse("backoffice:offer_edit", args=[live_offer.pk]), edit_data(live_offer), follow=True)

    assert "la modification renvoyée par l’animation est abandonnée" in page(response)
    assert live_offer.events.first().kind == OfferEventKind.CHANGE_WITHDRAWN
    assert live_offer.sent_back_change() is None
    assert "Un résumé refusé." not in page(client.get(reverse("backoffice:offer_edit", args=[live_offer.pk])))


@pytest.mark.django_db
def test_a_new_offer_is_submitted_then_published_and_youths_see_it(
    client, organisation, territory, emploi, admin, animator, django_capture_on_commit_callbacks
):
    offer = OfferFactory(theme=emploi, organisation=organisation, territories=[territory], draft=True)
    client.force_login(admin)
    client.post(reverse("backoffice:offer_submit", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer not in Offer.objects.live()

    client.force_login(animator)
    listing = page(client.get(reverse("backoffice:offer_validation_list")))
    assert offer.title in listing and "Nouvelle offre" in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:offer_publish", args=[offer.pk]))

    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer in Offer.objects.live()
    assert "Aucune offre n’attend votre validation" in page(client.get(reverse("backoffice:offer_validation_list")))


@pytest.mark.django_db
def test_a_new_offer_sent_back_returns_to_draft(client, organisation, territory, emploi, admin, animator):
    offer = OfferFactory(theme=emploi, organisation=organisation, territories=[territory], draft=True)
    offer.submit(by=admin)
    client.force_login(animator)

    client.post(reverse("backoffice:offer_send_back", args=[offer.pk]), {"comment": "Ajoutez l’adresse."})

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT and offer.submitted_at is None
    assert offer.events.first().kind == OfferEventKind.SENT_BACK


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "decision", "kind", "subject", "sentence"),
    [
        (False, "publish", "offer_published", "Votre offre « Garantie jeunes » est publiée", "a publié votre offre"),
        (
            False,
            "send_back",
            "offer_sent_back",
            "Votre offre « Garantie jeunes » est à reprendre avant publication",
            "Elle est redevenue un brouillon : les jeunes ne la voient pas.",
        ),
        (
            True,
            "publish",
            "offer_published",
            "Votre modification de l’offre « Garantie jeunes » est publiée",
            "Les jeunes voient la nouvelle version dès maintenant.",
        ),
        (
            True,
            "send_back",
            "offer_sent_back",
            "Votre modification de l’offre « Garantie jeunes » n’est pas publiée",
            "Les jeunes continuent de voir la version déjà publiée, qui ne change pas.",
        ),
    ],
)
def test_every_decision_emails_the_administrators_once(
    client, live_offer, admin, animator, django_capture_on_commit_callbacks, change, decision, kind, subject, sentence
):
    if change:
        live_offer.propose_changes(values={"summary": "Un autre résumé."}, by=admin)
    else:
        live_offer.status = OfferStatus.DRAFT
        live_offer.save()
        live_offer.submit(by=admin)
    client.force_login(animator)
    url = reverse(f"backoffice:offer_{decision}", args=[live_offer.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Précisez le public."})
        client.post(url, {"comment": "Précisez le public."})  # a second click decides nothing more

    [email] = emails(live_offer)
    assert email.kind == kind
    assert email.recipients == ["direction@ml.example.fr"]
    assert email.subject == subject
    assert sentence in email.body_text
    assert reverse("backoffice:offer_edit", args=[live_offer.pk]) in email.body_text
    if decision == "send_back":
        assert "« Précisez le public. »" in email.body_text
        assert email.reply_to == ["animatrice@reims.example.fr"]


@pytest.mark.django_db
def test_without_administrators_the_organisation_address_hears_of_the_decision(
    organisation, territory, emploi, animator, django_capture_on_commit_callbacks
):
    offer = OfferFactory(theme=emploi, organisation=organisation, territories=[territory], draft=True)
    offer.submit(by=None)

    with django_capture_on_commit_callbacks(execute=True):
        offer.publish(by=animator)

    assert emails(offer)[0].recipients == ["accueil@ml.example.fr"]


@pytest.mark.django_db
def test_proposing_the_published_version_again_withdraws_the_change(live_offer, admin):
    assert live_offer.propose_changes(values={"title": "Autre titre"}, by=admin)

    assert not live_offer.propose_changes(values={"title": "Garantie jeunes"}, by=admin)

    live_offer.refresh_from_db()
    assert live_offer.pending_changes is None and not live_offer.is_awaiting_validation
    assert live_offer.events.first().kind == OfferEventKind.CHANGE_WITHDRAWN


@pytest.mark.django_db
def test_offers_covering_a_territory_are_those_whose_coverage_meets_its_communes(emploi):
    reims = TerritoryFactory(name="Reims", communes=[REIMS])
    marne = TerritoryFactory(name="Marne", communes=[REIMS, EPERNAY])
    essonne = TerritoryFactory(name="Essonne", communes=[EVRY])
    covering = {
        "commune": OfferFactory(theme=emploi, communes=Commune.objects.filter(insee_code=REIMS)),
        "epci": OfferFactory(theme=emploi, epcis=[Epci.objects.get(code="200067213")]),
        "department": OfferFactory(theme=emploi, departments=[Department.objects.get(code="51")]),
        "territory": OfferFactory(theme=emploi, territories=[reims]),
        "overlapping territory": OfferFactory(theme=emploi, territories=[marne]),
        "national": OfferFactory(theme=emploi, national=True),
    }
    OfferFactory(theme=emploi, title="Épernay", communes=Commune.objects.filter(insee_code=EPERNAY))
    OfferFactory(theme=emploi, title="Essonne", territories=[essonne])
    OfferFactory(theme=emploi, title="Ardennes", departments=[Department.objects.get(code="08")])

    found = set(Offer.objects.covering_territories([reims.pk]))

    assert found == set(covering.values())


@pytest.mark.django_db
def test_an_offer_of_several_territories_is_validated_by_the_first_animator_who_decides(
    client, emploi, admin, organisation
):
    reims = TerritoryFactory(name="Reims", communes=[REIMS])
    epernay = TerritoryFactory(name="Épernay", communes=[EPERNAY])
    animators = []
    for territory in (reims, epernay):
        user = get_user_model().objects.create_user(email=f"animation@{territory.slug}.example.fr", password="x")
        territory.animators.add(user)
        animators.append(user)
    offer = OfferFactory(
        theme=emploi, organisation=organisation, departments=[Department.objects.get(code="51")], draft=True
    )
    offer.submit(by=admin)
    client.force_login(animators[0])
    client.post(reverse("backoffice:offer_publish", args=[offer.pk]))

    client.force_login(animators[1])
    response = client.post(reverse("backoffice:offer_publish", args=[offer.pk]), follow=True)

    assert "Cette offre n’attend plus de validation : quelqu’un l’a déjà traitée." in page(response)
    assert list(offer.events.values_list("kind", "actor")) == [
        (OfferEventKind.PUBLISHED, animators[0].pk),
        (OfferEventKind.SUBMITTED, admin.pk),
    ]


@pytest.mark.django_db
def test_staff_validate_from_the_django_admin(client, live_offer, admin, django_capture_on_commit_callbacks):
    staff = get_user_model().objects.create_superuser(email="national@example.fr", password="x")
    live_offer.propose_changes(values={"title": "Nouveau titre"}, by=admin)
    other = OfferFactory(organisation=live_offer.organisation, theme=live_offer.theme, draft=True)
    other.submit(by=admin)
    client.force_login(staff)
    changelist = reverse("admin:offers_offer_changelist")

    assert "Nouveau titre" in page(client.get(reverse("admin:offers_offer_change", args=[live_offer.pk])))
    confirm = client.post(changelist, {"action": "send_back", "_selected_action": [other.pk]})
    assert "Commentaire pour la structure" in page(confirm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "publish", "_selected_action": [live_offer.pk]})
        client.post(
            changelist, {"action": "send_back", "_selected_action": [other.pk], "comment": "Ajoutez une adresse."}
        )

    live_offer.refresh_from_db()
    other.refresh_from_db()
    assert live_offer.title == "Nouveau titre" and other.status == OfferStatus.DRAFT
    assert other.events.first().comment == "Ajoutez une adresse."
    assert [email.kind for email in Email.objects.order_by("pk")] == ["offer_published", "offer_sent_back"]


@pytest.mark.django_db
def test_the_covered_offers_follow_a_change_of_the_territory_communes(emploi):
    reims = TerritoryFactory(name="Reims", communes=[REIMS])
    offer = OfferFactory(theme=emploi, communes=Commune.objects.filter(insee_code=EPERNAY))
    assert offer not in Offer.objects.covering_territories([reims.pk])  # the territory's places are now cached

    reims.communes.add(Commune.objects.get(insee_code=EPERNAY))

    assert offer in Offer.objects.covering_territories([reims.pk])


@pytest.mark.django_db
def test_who_receives_the_requests_changes_at_once_on_a_published_offer(live_offer, admin):
    waiting = live_offer.propose_changes(values={"alert_emails": "equipe@ml.example.fr", "title": "Autre"}, by=admin)

    live_offer.refresh_from_db()
    assert waiting and live_offer.title == "Garantie jeunes"
    assert live_offer.alert_recipients() == ["equipe@ml.example.fr"]
    assert live_offer.pending_changes == {"title": "Autre"}

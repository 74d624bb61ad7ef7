"""What the offer page tells a youth beyond the offer's own text — who it is for, by when they are contacted — for
the page itself and its preview in the professional space.
"""

from core.addresses import address_with_id
from core.phones import number_to_call
from offers.models import Offer
from questionnaires.journey import Questionnaire, questionnaire_for


def eligibility_in_plain_words(offer: Offer, questionnaire: Questionnaire) -> list[str]:
    """One sentence per criterion, from the reasons the results give: "Pour les jeunes sans diplôme ou qui ont un CAP
    ou un BEP.", never the list of the questionnaire's answers.
    """
    lines = [f"Pour les jeunes de {offer.age_min} à {offer.age_max} ans."]
    by_key = {question.key: question for question in questionnaire.questions}
    for key, accepted in offer.criteria.items():
        question = by_key.get(key)
        if question is None:
            continue
        accepted = accepted if isinstance(accepted, list) else [accepted]
        reasons = [choice.reason for choice in question.choices.all() if choice.key in accepted]
        if reasons:
            lines.append(f"Pour les jeunes {in_one_sentence(reasons)}.")
    return lines


def in_one_sentence(parts: list[str]) -> str:
    """ "a", "a ou b", "a, b ou c"."""
    return " ou ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]


def youth_page_context(offer: Offer) -> dict:
    """What the offer page shows, for the youth and for the professional's preview alike.

    An offer whose text invites to call a number ("appelle le 0 800 235 236") is first a number to call.
    """
    promise = offer.contact_promise()
    return {
        "offer": offer,
        "shown": shown_on_page(offer),
        "eligibility": eligibility_in_plain_words(offer, questionnaire_for(offer.theme)),
        "promise": promise,
        "contact_deadline": promise.due_on,
        "call_number": number_to_call(offer.summary, offer.description, offer.how_it_happens),
    }


def shown_on_page(offer: Offer) -> dict:
    """The offer and its organisation as the page shows them, in plain values: the template engine reads a value of
    a dict several times faster than an attribute of a model instance, and the page is built for every first visitor.
    """
    organisation = offer.organisation
    return {
        "contact_url": address_with_id("contact_requests:form", offer.pk),
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "how_it_happens": offer.how_it_happens,
        "format": offer.get_format_display(),
        "place": offer.place,
        "theme": {"name": offer.theme.name, "slug": offer.theme.slug},
        "organisation": {
            "name": organisation.name,
            "kind": organisation.get_kind_display(),
            "full_address": organisation.full_address,
            "opening_hours": organisation.opening_hours,
            "phone": organisation.youth_phone,
            "email": organisation.youth_email,
            "website": organisation.website,
        },
    }

"""The emails about an organisation's offers: validation decisions and review requests, to its administrators."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.emails import BaseEmail

TEMPLATES = "emails/offers"


class OfferEmail(BaseEmail):
    """An email about one offer to its organisation's administrators; `body` names its templates under
    emails/offers/.
    """

    body = ""
    text_template = f"{TEMPLATES}/wrapper.txt"
    html_template = f"{TEMPLATES}/wrapper.html"

    def __init__(self, *, offer, event=None):
        self.offer = offer
        self.event = event
        self.subject_template = f"{TEMPLATES}/{self.body}_subject.txt"

    def get_recipients(self):
        return self.offer.organisation.administrator_emails()

    def get_context(self):
        today = timezone.localdate()
        return {
            "hidden_from": self.offer.hidden_from,
            "is_hidden": self.offer.hidden_from <= today,
            "visible_later": bool(self.offer.valid_from and self.offer.valid_from > today),
            "offer": self.offer,
            "event": self.event,
            "organisation": self.offer.organisation,
            "body_template": f"{TEMPLATES}/{self.body}.txt",
            "offer_url": settings.SITE_URL + reverse("backoffice:offer_edit", args=[self.offer.pk]),
        }

    def get_related(self):
        return self.offer


class OfferPublished(OfferEmail):
    """An animator published the new offer, or the change to a published one."""

    kind = "offer_published"
    body = "published"


class OfferSentBack(OfferEmail):
    """An animator sent the new offer back to draft, or dropped the change, with a comment."""

    kind = "offer_sent_back"
    body = "sent_back"

    def get_reply_to(self):
        actor = self.event.actor if self.event else None
        return [actor.email] if actor else []


class OfferReviewRequest(OfferEmail):
    """The offer was not reviewed for OFFER_REVIEW_AFTER_MONTHS: say it is right, or change it."""

    kind = "offer_review_request"
    body = "review_request"


class OfferReviewReminder(OfferEmail):
    """A month after the review request, still not reviewed."""

    kind = "offer_review_reminder"
    body = "review_reminder"

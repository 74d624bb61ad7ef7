"""What every message of the service shares, e-mail or SMS: one class per kind, rendered from templates, queued in the
outbox inside the caller's transaction. `BaseEmail` (emails.py) and `BaseSms` (sms.py) build on it."""

from django.conf import settings
from django.db import models
from django.template import Context, Engine


def render_template(template_name: str, context: dict, *, autoescape: bool) -> str:
    return Engine.get_default().get_template(template_name).render(Context(context, autoescape=autoescape))


class BaseMessage:
    """One kind of message. Subclasses' `__init__` take keyword-only arguments: the objects the message speaks about.

    Hooks: `get_context()` (template variables, besides `site_url`, the site's address without a trailing slash) and
    `get_related()` (the model instance the message is about, found later with `….objects.related_to(obj)` and scrubbed
    with it, see `scrub_messages_about`). `queue()` saves the row and sends it once the transaction commits.
    """

    kind: str = ""
    # True for a message that carries a link to someone's data (a youth's request, an account): its text is erased
    # from the outbox once sent.
    contains_private_link: bool = False

    def get_context(self) -> dict:
        return {}

    def get_related(self) -> models.Model | None:
        return None

    def template_context(self) -> dict:
        return {"site_url": settings.SITE_URL, **self.get_context()}

    def related_fields(self) -> dict:
        related = self.get_related()
        return {
            "related_type": "" if related is None else related._meta.label_lower,
            "related_id": None if related is None else related.pk,
        }

    def queue(self):
        raise NotImplementedError

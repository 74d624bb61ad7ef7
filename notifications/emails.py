"""The base of every email the service sends: one class per kind of email, in the app that owns its subject.

Example, in `contact_requests/emails.py`::

    from notifications.emails import BaseEmail


    class ContactRequestAlert(BaseEmail):
        kind = "contact_request_alert"
        subject_template = "emails/contact_request_alert_subject.txt"
        text_template = "emails/contact_request_alert.txt"
        html_template = "emails/contact_request_alert.html"

        def __init__(self, *, contact_request):
            self.contact_request = contact_request

        def get_recipients(self):
            return self.contact_request.offer.alert_recipients

        def get_context(self):
            return {"contact_request": self.contact_request}

        def get_related(self):
            return self.contact_request


    # In the flow's transaction: the row is saved with the request, the send is queued after commit.
    with transaction.atomic():
        contact_request = ContactRequest.objects.create(...)
        ContactRequestAlert(contact_request=contact_request).queue()

Templates live under `templates/emails/`. The text template extends "emails/base.txt" and the HTML one
"emails/base.html", both filling `{% block content %}`. The subject template is one line of text.
Subject and text are rendered without HTML escaping (an "&" stays "&"), the HTML with it. Every template also gets
`site_url` (no trailing slash) and `subject` (the rendered subject), besides `get_context()`.
"""

import logging
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.enums import MessageStatus
from notifications.messages import BaseMessage, render_template
from notifications.models import Email
from notifications.tasks import enqueue_email

logger = logging.getLogger(__name__)


class RenderedEmail(NamedTuple):
    subject: str
    body_text: str
    body_html: str


class BaseEmail(BaseMessage):
    """One kind of email. Subclasses set the class attributes and implement `get_recipients()`.

    Their `__init__` takes keyword-only arguments: the objects the email speaks about.
    Hooks: `get_recipients()` (required, a list of addresses), `get_context()` (template variables),
    `get_related()` (the model instance the email is about, found later with `Email.objects.related_to(obj)`),
    `get_reply_to()` (a list of addresses). `from_email` defaults to DEFAULT_FROM_EMAIL.
    """

    subject_template: str = ""
    text_template: str = ""
    html_template: str = ""
    from_email: str | None = None

    def get_recipients(self) -> list[str]:
        raise NotImplementedError(f"{type(self).__name__} must say who receives it (get_recipients).")

    def get_reply_to(self) -> list[str]:
        return []

    def render(self) -> RenderedEmail:
        context = self.template_context()
        # A subject is one header line: any line break in the template is folded away.
        subject = " ".join(render_template(self.subject_template, context, autoescape=False).split())
        context["subject"] = subject
        body_text = render_template(self.text_template, context, autoescape=False).strip() + "\n"
        body_html = render_template(self.html_template, context, autoescape=True) if self.html_template else ""
        return RenderedEmail(subject=subject, body_text=body_text, body_html=body_html)

    def queue(self) -> Email:
        """Save the email in the outbox and send it once the current transaction commits.

        Call it inside the transaction that makes the email true (outside one, the send is queued at once): if that
        transaction rolls back, neither the row nor the email exist. If the broker is unreachable at commit, the row
        stays queued (a warning is logged, nothing is raised) and the requeue sweep sends it a few minutes later.
        Without recipients the email is saved as failed, visible in the admin, and nothing is queued.
        """
        if not (self.kind and self.subject_template and self.text_template):
            raise NotImplementedError(f"{type(self).__name__} must set kind, subject_template and text_template.")
        recipients = list(dict.fromkeys(address.strip() for address in self.get_recipients() if address.strip()))
        rendered = self.render()
        email = Email(
            kind=self.kind,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            recipients=recipients,
            reply_to=list(self.get_reply_to()),
            subject=rendered.subject,
            body_text=rendered.body_text,
            body_html=rendered.body_html,
            **self.related_fields(),
            contains_private_link=self.contains_private_link,
        )
        if not recipients:
            email.status = MessageStatus.FAILED
            email.failed_at = timezone.now()
            email.last_error = "Aucun destinataire : l’e-mail n’a pas été envoyé."
            email.save()
            logger.error("E-mail %s (%s) has no recipient: saved as failed.", email.pk, email.kind)
            return email
        email.save()
        transaction.on_commit(partial(enqueue_email, email.pk))
        return email

from notifications.emails import BaseEmail


class WelcomeEmail(BaseEmail):
    """An email as the apps will write them, with templates of the tests (tests/notifications/templates)."""

    kind = "test_welcome"
    subject_template = "emails/test_welcome_subject.txt"
    text_template = "emails/test_welcome.txt"
    html_template = "emails/test_welcome.html"

    def __init__(self, *, to, name="Léa", organisation="Mission locale", related=None, reply_to=()):
        self.to = to
        self.name = name
        self.organisation = organisation
        self.related = related
        self.reply_to = list(reply_to)

    def get_recipients(self):
        return self.to

    def get_context(self):
        return {"name": self.name, "organisation": self.organisation}

    def get_related(self):
        return self.related

    def get_reply_to(self):
        return self.reply_to

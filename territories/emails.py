"""The email a youth asked for on the page of a commune of an engaged territory: the Boussole is open there now."""

from notifications.emails import BaseEmail


class TerritoryOpened(BaseEmail):
    """Sent once to each address registered for the territory (`OpeningAlert`), when national staff open it."""

    kind = "territory_opened"
    subject_template = "emails/territories/opened_subject.txt"
    text_template = "emails/territories/opened.txt"
    html_template = "emails/territories/opened.html"

    def __init__(self, *, territory, email):
        self.territory = territory
        self.email = email

    def get_recipients(self):
        return [self.email]

    def get_context(self):
        return {"territory": self.territory}

    def get_related(self):
        return self.territory

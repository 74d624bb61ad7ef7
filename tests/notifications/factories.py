import factory
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Email


class EmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Email

    kind = "test_welcome"
    from_email = "Boussole des jeunes <ne-pas-repondre@boussole.jeunes.gouv.fr>"
    recipients = factory.Sequence(lambda n: [f"jeune{n}@example.fr"])
    subject = factory.Sequence(lambda n: f"Message {n}")
    body_text = "Bonjour,\n\nTa demande est bien enregistrée.\n"
    body_html = "<p>Bonjour,</p><p>Ta demande est bien enregistrée.</p>"

    class Params:
        sent = factory.Trait(
            status=EmailStatus.SENT,
            attempts=1,
            sent_at=factory.LazyFunction(timezone.now),
            last_attempt_at=factory.SelfAttribute("sent_at"),
        )
        failed = factory.Trait(
            status=EmailStatus.FAILED,
            attempts=5,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
            failed_at=factory.LazyFunction(timezone.now),
            last_attempt_at=factory.SelfAttribute("failed_at"),
        )

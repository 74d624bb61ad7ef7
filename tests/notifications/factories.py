import factory
from django.utils import timezone

from notifications.enums import EmailStatus, MessageStatus
from notifications.models import Email, Sms
from tests.notifications.sms import DAYTIME, zone_where_it_is


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


class SmsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sms

    kind = "test_acknowledgement"
    sender = "BOUSSOLE"
    recipient = factory.Sequence(lambda n: f"+336123456{n % 100:02d}")
    body = "Ta demande est bien enregistrée. Suis-la ici : boussole.jeunes.gouv.fr/s/Ab12Cd34Ef56"
    # Where it is daytime now: the night does not hold back the tests that send it.
    time_zone = factory.LazyFunction(lambda: zone_where_it_is(DAYTIME).key)

    class Params:
        sent = factory.Trait(
            status=MessageStatus.SENT,
            attempts=1,
            sent_at=factory.LazyFunction(timezone.now),
            last_attempt_at=factory.SelfAttribute("sent_at"),
        )
        failed = factory.Trait(
            status=MessageStatus.FAILED,
            attempts=1,
            last_error="Brevo a répondu 402 : not_enough_credits Not enough credits to send SMS",
            failed_at=factory.LazyFunction(timezone.now),
            last_attempt_at=factory.SelfAttribute("failed_at"),
        )

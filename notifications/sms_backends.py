"""SMS providers, chosen by SMS_PROVIDER: `console` (development), `brevo`, `locmem` (tests), or the dotted path of a
class of another provider. A provider is one class: `send()` hands one SMS over and says what the provider answered,
or raises `SmsTemporaryError` (retried with backoff) or `SmsPermanentError` (the SMS fails at once).
"""

import sys
from dataclasses import dataclass, field
from functools import cache

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from notifications.enums import SmsEncoding

BACKENDS = {
    "console": "notifications.sms_backends.ConsoleSmsBackend",
    "brevo": "notifications.sms_backends.BrevoSmsBackend",
    "locmem": "notifications.sms_backends.LocmemSmsBackend",
}


class SmsError(Exception):
    """The provider did not take the SMS. The message is written for the admin, without the phone number."""


class SmsTemporaryError(SmsError):
    """Worth another try later: the provider was unreachable, too slow, overloaded or rate-limiting."""


class SmsPermanentError(SmsError):
    """No retry will help (a refused request, a wrong key, no credit left): the SMS fails and waits for a person."""


@dataclass(frozen=True)
class OutgoingSms:
    sender: str
    # International format, "+33612345678".
    recipient: str
    body: str
    encoding: str
    kind: str
    # The SMS's idempotency key: the same at every attempt, different for every SMS.
    key: str
    # Where the provider reports what became of the SMS (empty: no report asked).
    report_url: str = ""


@dataclass(frozen=True)
class SentSms:
    provider_message_id: str
    provider_response: dict = field(default_factory=dict)


class BaseSmsBackend:
    # True for a provider that drops a second SMS sent with the same key: an SMS whose send was interrupted is then
    # sent again; otherwise it is left to a person, who checks the provider's logs (see tasks.deliver_sms).
    idempotent = False

    def send(self, sms: OutgoingSms) -> SentSms:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: prints the SMS instead of sending it."""

    def send(self, sms: OutgoingSms) -> SentSms:
        encoding = "GSM-7" if sms.encoding == SmsEncoding.GSM7 else "UCS-2"
        sys.stdout.write(f"SMS de {sms.sender} à {sms.recipient} ({sms.kind}, {encoding}) :\n{sms.body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return SentSms(provider_message_id=f"console-{sms.key}")


# The SMS that LocmemSmsBackend "sent", as django.core.mail.outbox for e-mails.
outbox: list[OutgoingSms] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Tests: keeps the SMS in `outbox`."""

    idempotent = True

    def send(self, sms: OutgoingSms) -> SentSms:
        outbox.append(sms)
        return SentSms(provider_message_id=f"locmem-{len(outbox)}")


class BrevoSmsBackend(BaseSmsBackend):
    """Brevo's transactional SMS API: `POST {SMS_BREVO_API_URL}/transactionalSMS/send`, authenticated by the `api-key`
    header, answering 201 with `{"messageId": …}`, or an error `{"code": …, "message": …}` (400 refused request,
    401 wrong key, 402 no credit left, 429 too many requests, 5xx provider trouble).
    Brevo takes no idempotency key for SMS: the key goes in the SMS's tag, which its logs show and filter on.
    """

    def send(self, sms: OutgoingSms) -> SentSms:
        body = {
            "sender": sms.sender,
            "recipient": sms.recipient.removeprefix("+"),
            "content": sms.body,
            "type": "transactional",
            # Without it, Brevo rewrites what GSM-7 lacks; the text is already written for its alphabet.
            "unicodeEnabled": sms.encoding == SmsEncoding.UCS2,
            "tag": [sms.kind, sms.key],
        }
        if sms.report_url:
            body["webUrl"] = sms.report_url
        try:
            response = requests.post(
                f"{settings.SMS_BREVO_API_URL.rstrip('/')}/transactionalSMS/send",
                json=body,
                headers={"api-key": settings.SMS_BREVO_API_KEY, "accept": "application/json"},
                timeout=settings.SMS_TIMEOUT_SECONDS,
            )
        except requests.Timeout as error:
            raise SmsTemporaryError(f"Brevo n’a pas répondu à temps ({type(error).__name__}).") from error
        except requests.ConnectionError as error:
            raise SmsTemporaryError(f"Brevo injoignable ({type(error).__name__}).") from error
        if 200 <= response.status_code < 300:
            answer = self.json_of(response)
            return SentSms(provider_message_id=str(answer.get("messageId", "")), provider_response=answer)
        answer = self.json_of(response)
        reason = f"Brevo a répondu {response.status_code} : {answer.get('code', '')} {answer.get('message', '')}"
        if response.status_code == 429 or response.status_code >= 500:
            raise SmsTemporaryError(reason.strip())
        raise SmsPermanentError(reason.strip())

    @staticmethod
    def json_of(response: requests.Response) -> dict:
        try:
            answer = response.json()
        except ValueError:
            return {"message": response.text[:200]}
        return answer if isinstance(answer, dict) else {"message": str(answer)[:200]}


@cache
def backend_class(path: str) -> type[BaseSmsBackend]:
    return import_string(BACKENDS.get(path, path))


def get_sms_backend() -> BaseSmsBackend:
    return backend_class(settings.SMS_PROVIDER)()

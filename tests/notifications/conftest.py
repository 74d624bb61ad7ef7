import copy
from pathlib import Path

import pytest

from notifications import sms_backends
from tests.sms_provider import sms_provider, sms_provider_process  # noqa: F401

TEMPLATES_DIR = Path(__file__).parent / "templates"
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def email_templates(settings):
    """The test messages' templates, beside the project's (emails/base.*)."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates


@pytest.fixture
def failing_smtp(settings):
    """A real SMTP backend pointed at a port where nothing listens: every send fails at once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def sms_outbox(settings):
    """The SMS "sent" by the in-memory backend."""
    settings.SMS_PROVIDER = "locmem"
    sms_backends.outbox.clear()
    yield sms_backends.outbox
    sms_backends.outbox.clear()

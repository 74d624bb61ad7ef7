import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The environment of a deployed process: none of the test harness's own variables.
PLAIN_ENVIRONMENT = {
    key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
}


@pytest.mark.django_db
def test_deploy_checks_pass_with_production_values():
    environment = {
        **PLAIN_ENVIRONMENT,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "boussole.jeunes.gouv.fr",
        "SITE_URL": "https://boussole.jeunes.gouv.fr",
        "EMAIL_PROVIDER": "brevo",
        "ANYMAIL_BREVO_API_KEY": "key",
        "ANYMAIL_WEBHOOK_SECRET": "brevo:" + secrets.token_urlsafe(20),
        "SMS_PROVIDER": "brevo",
        "SMS_WEBHOOK_TOKEN": secrets.token_urlsafe(30),
        "STATIC_COLLECTED": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_checks_flag_the_development_key():
    environment = {**PLAIN_ENVIRONMENT, "DEBUG": "false", "ALLOWED_HOSTS": "boussole.jeunes.gouv.fr"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_deploy_checks_flag_static_files_served_without_a_build():
    environment = {
        **PLAIN_ENVIRONMENT,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "boussole.jeunes.gouv.fr",
        "STATIC_COLLECTED": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "boussole.W001" in result.stderr + result.stdout


def test_deploy_checks_refuse_messages_only_printed_in_the_console():
    environment = {
        **PLAIN_ENVIRONMENT,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "boussole.jeunes.gouv.fr",
        "EMAIL_PROVIDER": "console",
        "SMS_PROVIDER": "console",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    # Errors: the check fails at its default level.
    assert result.returncode != 0
    assert "boussole.E001" in result.stderr and "boussole.E002" in result.stderr
    assert "Les SMS sont seulement affichés dans la console (SMS_PROVIDER=console)." in result.stderr

    development = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**environment, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "boussole.E002" not in development.stderr + development.stdout


def test_deploy_checks_flag_webhooks_left_unsecured():
    environment = {
        **PLAIN_ENVIRONMENT,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "boussole.jeunes.gouv.fr",
        "EMAIL_PROVIDER": "brevo",
        "ANYMAIL_BREVO_API_KEY": "key",
        "SMS_PROVIDER": "brevo",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "boussole.W002" in output and "boussole.W003" in output
    # The SMS key is Brevo's API key, the same as for e-mails.
    assert "boussole.E003" not in output

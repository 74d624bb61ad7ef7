"""The local OpenID Connect provider of the tests: server.mjs, the npm `oidc-provider` package set up like ProConnect.

`start_provider` runs it in a Node process; `LocalProvider` declares its accounts, injects its faults, and plays the
person on its pages (sign in, cancel, sign out) over plain HTTP for the tests that do not drive a browser.
"""

import contextlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

HERE = Path(__file__).resolve().parent
CLIENT_ID = "boussole-des-jeunes"
CLIENT_SECRET = "un-secret-de-test-qui-ne-sert-qu-ici"


@dataclass
class LocalProvider:
    issuer: str

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def _control(self, action: str, **data):
        requests.post(f"{self.issuer}/__test__/{action}", data=data, timeout=5).raise_for_status()

    def add_account(self, *, sub: str, email: str, given_name="Camille", usual_name="Martin", siret="", uid=""):
        """A person ProConnect knows; `siret` is their organisation's, as ProConnect gives it."""
        account = {"sub": sub, "email": email, "given_name": given_name, "usual_name": usual_name}
        account |= {"siret": siret, "uid": uid or sub}
        self._control("account", account=json.dumps(account))

    def fault(self, name: str):
        """Spoil the next answer concerned: userinfo_payload_tampered, userinfo_other_sub or id_token_foreign_key."""
        self._control("fault", fault=name)

    def reset(self):
        self._control("reset")

    def sign_in(self, authorization_url: str, *, email: str | None = None, cancel: bool = False) -> str:
        """Follow the authorization request as a browser does, sign in (or cancel) on the provider's page.

        Returns the address the provider sends the browser back to: the service's callback, with code and state.
        """
        browser = requests.Session()
        url = authorization_url
        while url.startswith(self.issuer):
            response = browser.get(url, allow_redirects=False, timeout=5)
            if response.status_code == 200:
                action = "abort" if cancel else "login"
                form_action = re.search(rf'action="([^"]*/{action})"', response.text).group(1)
                response = browser.post(
                    urljoin(url, form_action), data={"email": email or ""}, allow_redirects=False, timeout=5
                )
            assert response.status_code in (302, 303), f"{url} : {response.status_code} {response.text[:500]}"
            url = urljoin(url, response.headers["Location"])
        return url

    def sign_out(self, end_session_url: str) -> str:
        """Confirm the logout on the provider's page; returns where it sends the browser back."""
        browser = requests.Session()
        response = browser.get(end_session_url, allow_redirects=False, timeout=5)
        assert response.status_code == 200, response.text[:500]
        action = unescape(re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1))
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
        response = browser.post(
            urljoin(end_session_url, action), data={**fields, "logout": "yes"}, allow_redirects=False, timeout=5
        )
        assert response.status_code in (302, 303), response.text[:500]
        return response.headers["Location"]


def log_in(client, provider: LocalProvider, *, email: str, next_url: str = ""):
    """A ProConnect login with Django's test client: the button, the provider's page, then the callback's answer."""
    from django.urls import reverse

    response = client.get(reverse("proconnect_login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:500]
    callback = provider.sign_in(response.url, email=email)
    return client.get(callback)


def node_ready() -> bool:
    return bool(shutil.which("node")) and (HERE / "node_modules" / "oidc-provider").is_dir()


@contextlib.contextmanager
def start_provider(*, site_url: str):
    """The provider, registered with the service at `site_url` (its callback and logout return addresses)."""
    if not node_ready():
        message = "Le fournisseur OpenID Connect de test n’est pas installé : lancer `make install` (Node.js et npm)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{site_url}/espace-pro/proconnect/retour/"],
        "post_logout_redirect_uris": [f"{site_url}/espace-pro/proconnect/deconnecte/"],
    }
    process = subprocess.Popen(
        ["node", str(HERE / "server.mjs")],
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        if not first_line:
            pytest.fail(f"Le fournisseur OpenID Connect de test ne démarre pas (code {process.wait(5)}).")
        provider = LocalProvider(issuer=json.loads(first_line)["issuer"])
        assert urlsplit(provider.issuer).hostname == "127.0.0.1"
        yield provider
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()

import re

from django.conf import settings
from django.urls import reverse


def log_in(client, email, password):
    """Through the login page, as a person does (django-axes refuses `client.login`, which has no request)."""
    return client.post(reverse("login"), {"username": email, "password": password})


def reset_path(text):
    """The path of the password reset link in an email, checked to point to the service's own address."""
    url = re.search(r"https?://\S+/mot-de-passe/nouveau/\S+/", text).group(0)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def choose_new_password(client, email_body, password):
    """Follow the link of a reset email and set the password; returns the response to the form."""
    set_password_url = client.get(reset_path(email_body), follow=True).redirect_chain[-1][0]
    return client.post(set_password_url, {"new_password1": password, "new_password2": password})

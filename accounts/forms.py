from axes.utils import reset as reset_failed_logins
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.urls import reverse

from core.forms import BoussoleForm
from notifications.emails import BaseEmail


class LoginForm(BoussoleForm, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's French says "un adresse e-mail": the username here is the e-mail address.
        "invalid_login": "Saisissez une adresse e-mail et un mot de passe valides.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the field's max_length after creating it, which adds no validator: a longer
        # address would reach the database (the failed-login records) and fail there.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class PasswordResetEmail(BaseEmail):
    """The link to choose a new password. Kept beside its form: `accounts` has no other email."""

    kind = "password_reset"
    contains_private_link = True
    subject_template = "emails/accounts/password_reset_subject.txt"
    text_template = "emails/accounts/password_reset.txt"
    html_template = "emails/accounts/password_reset.html"

    def __init__(self, *, user, uid: str, token: str):
        self.user = user
        self.uid = uid
        self.token = token

    def get_recipients(self):
        return [self.user.email]

    def get_context(self):
        # SITE_URL, not the request's Host header, which a client chooses: the link always points to the service.
        path = reverse("password_reset_confirm", kwargs={"uidb64": self.uid, "token": self.token})
        return {
            "user": self.user,
            "reset_url": settings.SITE_URL + path,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        }

    def get_related(self):
        return self.user


class ResetPasswordForm(BoussoleForm, PasswordResetForm):
    """Asks for the e-mail address. The link goes through the outbox: a provider outage delays it, never loses it."""

    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Celle que vous utilisez pour vous connecter. Format attendu : nom@domaine.fr",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        PasswordResetEmail(user=context["user"], uid=context["uid"], token=context["token"]).queue()


class NewPasswordForm(BoussoleForm, SetPasswordForm):
    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            # Whoever proved they own the mailbox may log in again at once, even after too many failed attempts.
            reset_failed_logins(username=user.email)
        return user

from django.contrib.auth.forms import AuthenticationForm

from boussole.forms import BoussoleForm


class LoginForm(BoussoleForm, AuthenticationForm):
    pass

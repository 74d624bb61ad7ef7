from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts.forms import LoginForm, NewPasswordForm
from accounts.views import (
    LogoutView,
    PasswordResetView,
    ProConnectCallbackView,
    ProConnectLoginView,
    proconnect_logged_out,
)

urlpatterns = [
    path(
        "connexion/",
        login_not_required(
            auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("deconnexion/", LogoutView.as_view(), name="logout"),
    # ProConnect: the button, the return address declared to ProConnect, and where its logout sends people back.
    path("proconnect/connexion/", login_not_required(ProConnectLoginView.as_view()), name="proconnect_login"),
    path("proconnect/retour/", login_not_required(ProConnectCallbackView.as_view()), name="proconnect_callback"),
    path("proconnect/deconnecte/", proconnect_logged_out, name="proconnect_logged_out"),
    # Password reset: Django's views, which find these names and templates under registration/ by default.
    path(
        "mot-de-passe/oublie/",
        login_not_required(PasswordResetView.as_view(extra_context={"title": "Mot de passe oublié"})),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        login_not_required(auth_views.PasswordResetDoneView.as_view(extra_context={"title": "Vérifiez vos e-mails"})),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=NewPasswordForm, extra_context={"title": "Nouveau mot de passe"}
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(extra_context={"title": "Mot de passe modifié"})
        ),
        name="password_reset_complete",
    ),
]

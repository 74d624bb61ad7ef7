import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from accounts import proconnect

LAST_ACTIVITY_KEY = "accounts:last_activity"
# The timestamp is rewritten at most this often, so that not every request saves the session.
WRITE_EVERY_SECONDS = 60


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's, looking at the view first: a public page (`login_not_required`) never reads the session.

    Django's own asks whether the visitor is logged in before it looks at the view, which loads the session of every
    youth on every public page, and marks the response as varying with its cookie.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class IdleSessionMiddleware:
    """Log out a logged-in person after PROFESSIONAL_SESSION_IDLE_MINUTES without any request.

    The time of the last activity lives in the session. Public pages (`login_not_required`) are left alone: they show
    nothing of the professional space, and reading the session there would cost every youth a query and make the
    page uncacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if request.user.is_authenticated:
            now = int(time.time())
            last_activity = request.session.get(LAST_ACTIVITY_KEY)
            if last_activity is not None and now - last_activity > settings.PROFESSIONAL_SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    f"Par sécurité, vous avez été déconnecté·e après {settings.PROFESSIONAL_SESSION_IDLE_MINUTES} "
                    "minutes sans activité. Reconnectez-vous pour continuer.",
                )
                # A form sent after the expiry is lost anyway: coming back to its address would be a GET it refuses.
                if request.method != "GET":
                    return redirect(settings.LOGIN_URL)
                return redirect_to_login(request.get_full_path())
            if last_activity is None or now - last_activity >= WRITE_EVERY_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return None


class ProConnectFormActionMiddleware:
    """Let the ProConnect button and the logout form lead to ProConnect.

    Both are forms of ours answered with a redirect to the provider, and browsers hold such redirects to the
    Content-Security-Policy's form-action. Placed after django-csp's middleware, which reads `_csp_update`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if proconnect.is_enabled():
            update = getattr(response, "_csp_update", None) or {}
            response._csp_update = {
                **update,
                "form-action": [*update.get("form-action", []), proconnect.provider_origin()],
            }
        return response

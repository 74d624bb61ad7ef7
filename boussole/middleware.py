"""Middleware of the project: what every request goes through, whatever its route."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control

from boussole.views import method_not_allowed

# C0 control characters and DEL. A NUL byte reaching PostgreSQL is an error, and none of them belongs in an address.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class RejectControlCharactersMiddleware:
    """Answers 400 to a path or a query parameter holding a control character, before any view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path) or any(
            CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("Caractère de contrôle dans l’adresse.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Tells browsers that no page of the site uses the camera, the microphone, the location and the like."""

    POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "camera",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "payment",
            "usb",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class PrivateByDefaultMiddleware:
    """Any page that does not say it may be kept (the public pages of `cached_page` do) is kept by no browser or
    proxy: requests, exports and tracking pages carry a youth's personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, private=True, no_store=True)
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a method a view does not take (405) with an empty body: the site's own French page instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = method_not_allowed(request)
            page["Allow"] = response["Allow"]
            return page
        return response


class AdminInlineStylesMiddleware:
    """The site's administration only: its people and place pickers (select2, shipped with Django) size themselves
    with inline styles, which the site's Content-Security-Policy refuses everywhere else. Scripts stay files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response

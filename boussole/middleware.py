"""Middleware of the project: what every request goes through, whatever its route."""

import re

from django.core.exceptions import BadRequest

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

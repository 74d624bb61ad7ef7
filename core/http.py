"""What the service knows of the visitor's connection. Lockout, rate limits and logs all read the address here."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The visitor's IP address.

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it received the request from to X-Forwarded-For:
    the visitor's is the entry added by the outermost trusted proxy, counted from the right. Entries further left
    were written by the client and may be anything, so they are never read. Without a proxy, REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

"""Gunicorn's access log without the secrets that some URLs carry (tracking links, password reset, invitations)."""

import logging
import re

from gunicorn.glogging import Logger

MASK = "[masqué]"
SECRET_PATHS = [
    # A youth's private tracking link, and the signed confirmation page that the form once led to.
    (re.compile(r"/(suivi|demande)/[^/]+"), rf"/\1/{MASK}"),
    # Its short link, sent by SMS.
    (re.compile(r"(^|[\s\"'(=]|//[\w.:-]+)/s/[^/\s?#\"']+"), rf"\1/s/{MASK}"),
    (re.compile(r"/invitation/[^/]+"), f"/invitation/{MASK}"),
    (re.compile(r"/mot-de-passe/nouveau/(?!termine/)[^/]+/[^/]+"), f"/mot-de-passe/nouveau/{MASK}"),
]


def masked_path(path: str) -> str:
    for pattern, replacement in SECRET_PATHS:
        path = pattern.sub(replacement, path)
    return path


class AccessLogger(Logger):
    """The request line is logged as method and path: no query string, no token, no referrer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = masked_path(environ.get("PATH_INFO", ""))
        atoms.update({"U": path, "r": f"{atoms['m']} {path} {atoms['H']}", "q": "", "f": "-"})
        return atoms


class MaskSecretPaths(logging.Filter):
    """Masks the secret part of the paths that Django's loggers write ("Not Found: /suivi/<token>/")."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = masked_path(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(masked_path(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True

"""What a web process would otherwise build on its first requests: the URL routes, the compiled templates and the
public holidays.

gunicorn loads the application in its master process (`preload_app`), warmed up here, before it forks its workers: a
worker replaced after `max_requests` answers its first request at once instead of compiling the site's templates
again, which with a single worker leaves every visitor waiting. Nothing here opens a connection (a database or Redis
socket must not be shared between forked processes).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import timezone

from territories.working_days import load_holidays


def warm_up():
    get_resolver().reverse_dict  # noqa: B018 — builds the routes
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                get_template(path.relative_to(folder).as_posix())
    load_holidays(timezone.localdate())

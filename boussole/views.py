from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from boussole.celery import app as celery_app


@login_not_required
@require_safe
def home(request):
    return render(request, "boussole/home.html")


@login_not_required
@require_safe
def static_page(request, *, template_name, title):
    return render(request, template_name, {"title": title})


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # the health endpoint reports every failure
        return f"erreur : {error.__class__.__name__}"
    return "ok"


def _broker_status():
    if celery_app.conf.broker_url.startswith("memory://"):
        return "sans courtier (tâches exécutées immédiatement)"
    # One short try: a hung broker must not hold the answer that says it is hung.
    options = {**celery_app.conf.broker_transport_options, "socket_connect_timeout": 1, "socket_timeout": 1}
    try:
        with celery_app.connection_for_write(transport_options=options) as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
    except Exception as error:
        return f"erreur : {error.__class__.__name__}"
    return "ok"


@login_not_required
@never_cache
@require_safe
def health(request):
    database = _database_status()
    broker = _broker_status()
    return JsonResponse({"database": database, "broker": broker}, status=200 if database == "ok" else 503)

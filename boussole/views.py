from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from boussole.celery import app as celery_app
from core.cache import cached_page


@login_not_required
@require_safe
@cached_page()
def home(request):
    return render(request, "boussole/home.html")


@login_not_required
@require_safe
@cached_page()
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


# The site's own error pages, in French and in the DSFR layout. The 500 page is a plain template (templates/500.html)
# that Django renders without any context: it needs neither the database nor the cache, which may be what failed.
ERROR_PAGES = {
    400: (
        "Adresse incorrecte",
        "Cette adresse contient des caractères que le site ne sait pas lire.",
        "Elle a peut-être été mal copiée. Le plus simple : repartir de la page d’accueil.",
    ),
    403: (
        "Accès refusé",
        "Cette page n’est pas accessible avec ce compte.",
        "Pour l’espace professionnel, il faut se connecter avec le compte reçu de sa structure.",
    ),
    404: (
        "Page introuvable",
        "Cette page n’existe pas, ou n’existe plus.",
        "Si l’adresse a été tapée ou copiée à la main, elle est peut-être incomplète. "
        "Un lien reçu par e-mail s’utilise en entier.",
    ),
}
METHOD_NOT_ALLOWED_PAGE = (
    "Action impossible sur cette page",
    "Cette page ne peut pas recevoir ce qui lui a été envoyé.",
    "Le plus simple : revenir à la page précédente, la recharger, puis recommencer.",
)
CSRF_FAILURE_PAGE = (
    "Formulaire expiré",
    "Ce formulaire a été ouvert il y a trop longtemps, ou le navigateur bloque les cookies de ce site.",
    "Revenir à la page précédente, la recharger, puis envoyer le formulaire à nouveau.",
)


def _error_page(request, status, texts):
    title, lead, advice = texts
    context = {"title": title, "status": status, "lead": lead, "advice": advice}
    return render(request, "boussole/error.html", context, status=status)


def bad_request(request, exception=None):
    return _error_page(request, 400, ERROR_PAGES[400])


def permission_denied(request, exception=None):
    return _error_page(request, 403, ERROR_PAGES[403])


def page_not_found(request, exception=None):
    return _error_page(request, 404, ERROR_PAGES[404])


def method_not_allowed(request):
    return _error_page(request, 405, METHOD_NOT_ALLOWED_PAGE)


def csrf_failure(request, reason=""):
    return _error_page(request, 403, CSRF_FAILURE_PAGE)

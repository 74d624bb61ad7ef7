from django.contrib import admin
from django.urls import include, path

from boussole import views

handler400 = "boussole.views.bad_request"
handler403 = "boussole.views.permission_denied"
handler404 = "boussole.views.page_not_found"
# handler500 stays Django's: it renders templates/500.html without any context, so without any query.

LEGAL_PAGES = [
    ("accessibilite/", "boussole/accessibility.html", "Déclaration d’accessibilité", "accessibility"),
    ("mentions-legales/", "boussole/legal_notice.html", "Mentions légales", "legal_notice"),
    ("donnees-personnelles/", "boussole/personal_data.html", "Données personnelles", "personal_data"),
    ("plan-du-site/", "boussole/sitemap.html", "Plan du site", "sitemap"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    *[
        path(route, views.static_page, {"template_name": template, "title": title}, name=name)
        for route, template, title, name in LEGAL_PAGES
    ],
    path("", include("territories.urls")),
    path("", include("offers.urls")),
    path("", include("contact_requests.urls")),
    path("", include("stats.urls")),
    # The providers' webhooks: what became of the e-mails and SMS sent.
    path("", include("notifications.urls")),
    path("espace-pro/", include("accounts.urls")),
    path("espace-pro/", include("backoffice.urls")),
    path("admin/", admin.site.urls),
]

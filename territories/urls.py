from django.urls import path

from territories import opening_alerts, public_views, views

app_name = "territories"

urlpatterns = [
    path("communes/autocomplete", views.autocomplete, name="autocomplete"),
    path("communes/", views.commune_search, name="commune_search"),
    # Before the offers' "communes/<insee>/<theme>/": no theme is called so.
    path("communes/<str:insee_code>/prevenez-moi/", opening_alerts.opening_alert, name="opening_alert"),
    path("ou-trouver-la-boussole/", public_views.where_to_find, name="where_to_find"),
    path("territoires/<slug:slug>/", public_views.territory_page, name="territory"),
]

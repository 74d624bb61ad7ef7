from django.urls import path

from territories import public_views, views

app_name = "territories"

urlpatterns = [
    path("communes/autocomplete", views.autocomplete, name="autocomplete"),
    path("communes/", views.commune_search, name="commune_search"),
    path("ou-trouver-la-boussole/", public_views.where_to_find, name="where_to_find"),
    path("territoires/<slug:slug>/", public_views.territory_page, name="territory"),
]

from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("statistiques/", views.public_statistics, name="public"),
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/data-inclusion/structures/", views.open_structures, name="open_structures"),
    path("donnees/data-inclusion/services/", views.open_services, name="open_services"),
    path("donnees/data-inclusion/structures.csv", views.open_structures_csv, name="open_structures_csv"),
    path("donnees/data-inclusion/services.csv", views.open_services_csv, name="open_services_csv"),
]

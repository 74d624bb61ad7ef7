from django.urls import path

from backoffice.views import (
    home,
    offers,
    organisation,
    proconnect,
    requests,
    slipped,
    statistics,
    territory,
    validation,
)

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("charte/", home.charter, name="charter"),
    path("acces/", home.no_access, name="no_access"),
    *requests.urlpatterns,
    *slipped.urlpatterns,
    *offers.urlpatterns,
    *organisation.urlpatterns,
    *territory.urlpatterns,
    *statistics.urlpatterns,
    *validation.urlpatterns,
    *proconnect.urlpatterns,
]

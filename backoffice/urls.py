from django.urls import path

from backoffice.views import (
    attachments,
    home,
    offers,
    opening,
    organisation,
    orientations,
    proconnect,
    requests,
    slipped,
    statistics,
    territory,
    territory_statistics,
    validation,
)

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("charte/", home.charter, name="charter"),
    path("acces/", home.no_access, name="no_access"),
    path("structure-active/", home.switch_organisation, name="switch_organisation"),
    *requests.urlpatterns,
    *slipped.urlpatterns,
    *offers.urlpatterns,
    *organisation.urlpatterns,
    *orientations.urlpatterns,
    *territory.urlpatterns,
    *opening.urlpatterns,
    *attachments.urlpatterns,
    *statistics.urlpatterns,
    *territory_statistics.urlpatterns,
    *validation.urlpatterns,
    *proconnect.urlpatterns,
]

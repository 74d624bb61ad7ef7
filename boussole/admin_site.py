"""The site's administration: Django's, whose people pickers show each person's e-mail beside their name (two
counsellors may share a name, never an address)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model


class PeopleAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = obj.name_and_email
        return result


class BoussoleAdminSite(admin.AdminSite):
    site_header = "Boussole des jeunes — administration nationale"
    site_title = "Boussole des jeunes"

    def autocomplete_view(self, request):
        return PeopleAutocompleteJsonView.as_view(admin_site=self)(request)


class BoussoleAdminConfig(AdminConfig):
    default_site = "boussole.admin_site.BoussoleAdminSite"

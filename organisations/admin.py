from django import forms
from django.contrib import admin

from organisations.models import Organisation


class OrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(label="site internet", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "siret",
            "kind",
            "address",
            "commune",
            "website",
            "phone",
            "email",
            "territories",
            "contacts_visible_to_peers",
        ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "commune", "siret"]
    list_filter = ["kind", "territories"]
    list_select_related = ["commune"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["territories"]

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from accounts.admin import PeoplePickersMixin
from territories.enums import TerritoryStatus
from territories.models import Commune, Department, Epci, Territory


class TerritoryAdminForm(forms.ModelForm):
    website = forms.URLField(label="site internet", required=False, assume_scheme="https")
    add_department = forms.ModelChoiceField(
        Department.objects.all(),
        required=False,
        label="Ajouter toutes les communes d’un département",
    )
    add_epci = forms.ModelChoiceField(Epci.objects.all(), required=False, label="Ajouter toutes les communes d’un EPCI")
    add_insee_codes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Ajouter des communes par code INSEE",
        help_text="Codes INSEE séparés par des espaces, des virgules ou des retours à la ligne.",
    )

    class Meta:
        model = Territory
        fields = [
            "name",
            "slug",
            "status",
            "opening_date",
            "description",
            "contact_email",
            "contact_phone",
            "website",
            "themes",
            "experimental_themes",
            "animators",
            "communes",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple, "experimental_themes": forms.CheckboxSelectMultiple}

    def clean_status(self):
        """An engaged territory opens through the opening action, which checks that it is ready and tells the youths
        who registered: not by a change of its status here."""
        status = self.cleaned_data["status"]
        if self.instance.pk and self.instance.status == TerritoryStatus.ENGAGED and status == TerritoryStatus.OPEN:
            raise forms.ValidationError(
                "Pour ouvrir un territoire engagé, utilisez le bouton « Ouvrir le territoire aux jeunes » de sa page "
                "dans l’espace pro : il vérifie que le territoire est prêt et prévient les jeunes inscrits."
            )
        return status

    def clean_add_insee_codes(self):
        codes = {code for code in self.cleaned_data["add_insee_codes"].replace(",", " ").split() if code}
        found = set(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", flat=True))
        if unknown := sorted(codes - found):
            raise forms.ValidationError(f"Codes INSEE inconnus : {', '.join(unknown)}")
        return sorted(found)

    def communes_to_add(self):
        data = self.cleaned_data
        communes = Commune.objects.none()
        if data.get("add_department"):
            communes |= Commune.objects.filter(department=data["add_department"])
        if data.get("add_epci"):
            communes |= Commune.objects.filter(epci=data["add_epci"])
        if data.get("add_insee_codes"):
            communes |= Commune.objects.filter(insee_code__in=data["add_insee_codes"])
        return communes


@admin.register(Territory)
class TerritoryAdmin(PeoplePickersMixin, admin.ModelAdmin):
    form = TerritoryAdminForm
    list_display = ["name", "status", "opening_date", "commune_count", "reference"]
    list_filter = ["status", "themes"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["animators", "communes"]
    readonly_fields = ["reference", "opening"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "opening_date", "opening", "reference", "description"]}),
        ("Contact", {"fields": ["contact_email", "contact_phone", "website"]}),
        ("Thèmes et personnes", {"fields": ["themes", "experimental_themes", "animators"]}),
        (
            "Communes",
            {
                "fields": ["add_department", "add_epci", "add_insee_codes", "communes"],
                "description": "Ajoute en une fois un département, un EPCI ou une liste de communes.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description="communes", ordering="commune_count")
    def commune_count(self, territory):
        return territory.commune_count

    @admin.display(description="ouverture aux jeunes")
    def opening(self, territory):
        if not territory.pk or territory.status != TerritoryStatus.ENGAGED:
            return "—"
        waiting = territory.opening_alerts.count()
        return format_html(
            "{} jeune{} inscrit{} pour être prévenu{} de l’ouverture. "
            '<a href="{}">Voir ce qui manque et ouvrir le territoire</a>',
            waiting,
            *["s" if waiting > 1 else ""] * 3,
            reverse("backoffice:territory_settings", args=[territory.pk]),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        added = list(form.communes_to_add())
        if added:
            form.instance.communes.add(*added)
            messages.success(request, f"{len(added)} communes ajoutées au territoire.")


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee_code", "department", "epci", "population"]
    list_select_related = ["department", "epci"]
    search_fields = ["name", "search_name", "insee_code"]
    list_filter = ["kind"]
    readonly_fields = ["search_name"]
    raw_id_fields = ["parent", "epci"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

from django import forms
from django.contrib import admin

from accounts.admin import PeoplePickersMixin
from organisations.models import (
    AttachmentRequest,
    CharterSignature,
    CharterVersion,
    Invitation,
    Membership,
    Organisation,
)


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
            "opening_hours",
            "territories",
            "contacts_visible_to_youths",
            "contacts_visible_to_peers",
            "deactivated_at",
        ]
        # A few dozen territories: boxes to tick, which a screen reader reads as well as it shows.
        widgets = {"territories": forms.CheckboxSelectMultiple}


class MembershipInline(PeoplePickersMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]


class InvitationInline(admin.TabularInline):
    """Pending and past invitations; the secret link is never shown (it would let anyone join)."""

    model = Invitation
    extra = 0
    fields = ["email", "role", "invited_by", "created_at", "accepted_at"]
    readonly_fields = ["invited_by", "created_at", "accepted_at"]


class CharterSignatureInline(PeoplePickersMixin, admin.TabularInline):
    model = CharterSignature
    extra = 0
    fields = ["charter", "signed_by", "signed_at"]
    autocomplete_fields = ["signed_by"]


class ActiveListFilter(admin.SimpleListFilter):
    title = "activité"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "active"), ("no", "désactivée")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.filter(deactivated_at__isnull=False)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(PeoplePickersMixin, admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "commune", "siret", "deactivated_at"]
    list_filter = ["kind", ActiveListFilter, "territories"]
    list_select_related = ["commune"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune"]
    inlines = [MembershipInline, InvitationInline, CharterSignatureInline]


@admin.register(Membership)
class MembershipAdmin(PeoplePickersMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(PeoplePickersMixin, admin.ModelAdmin):
    """Invitations, without their secret link: a new one is sent from the organisation's page or the animator's."""

    list_display = ["email", "organisation", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "email", "role", "invited_by", "created_at", "accepted_at"]
    readonly_fields = ["invited_by", "created_at", "accepted_at"]


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    """A new version asks every organisation to sign again: until then, their offers leave the youth side."""

    list_display = ["version", "published_at"]


@admin.register(CharterSignature)
class CharterSignatureAdmin(PeoplePickersMixin, admin.ModelAdmin):
    list_display = ["organisation", "charter", "signed_by", "signed_at"]
    list_filter = ["charter"]
    list_select_related = ["organisation", "charter", "signed_by"]
    search_fields = ["organisation__name", "signed_by__email"]
    autocomplete_fields = ["organisation", "signed_by"]


@admin.register(AttachmentRequest)
class AttachmentRequestAdmin(PeoplePickersMixin, admin.ModelAdmin):
    """The history of attachments, read-only: they are asked and decided in the professional space, where the
    organisation and the animators of its territories hear of each one."""

    list_display = ["organisation", "territory", "requested_by", "created_at", "decision", "decided_by", "decided_at"]
    list_filter = ["decision", "territory"]
    list_select_related = ["organisation", "territory", "requested_by", "decided_by"]
    search_fields = ["organisation__name", "organisation__siret", "territory__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django import forms
from django.contrib import admin
from django.utils import timezone

from contact_requests.corrections import follow_contact_change, record_correction
from contact_requests.enums import CONTACT_OUTCOMES, EventKind, Outcome
from contact_requests.models import ContactRequest, RequestEvent


class ContactRequestAdminForm(forms.ModelForm):
    """A correction says why: the note goes to the history, beside the professional's comment, which stays."""

    correction_note = forms.CharField(
        label="Note de correction",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pourquoi cette correction. La structure et l’animation territoriale la lisent dans l’historique de "
        "la demande ; le ou la jeune non.",
    )

    class Meta:
        model = ContactRequest
        fields = [
            "status",
            "first_name",
            "email",
            "phone",
            "preferred_channel",
            "message",
            "handler",
            "contacted_at",
            "contact_channel",
            "outcome",
        ]
        help_texts = {"contacted_at": "Heure de Paris. Vide : pas encore contacté·e."}

    def clean_contacted_at(self):
        moment = self.cleaned_data["contacted_at"]
        if moment is not None and not self.instance.created_at <= moment <= timezone.now():
            raise forms.ValidationError("Le contact se situe entre la réception de la demande et maintenant.")
        return moment

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") in CONTACT_OUTCOMES
            and not data.get("contacted_at")
            and "contacted_at" not in self.errors
        ):
            self.add_error("contacted_at", f"« {Outcome(data['outcome']).label} » suppose un contact : donnez sa date.")
        corrected = set(self.changed_data) - {"correction_note"}
        if corrected and not data.get("correction_note", "").strip():
            self.add_error("correction_note", "Dites pourquoi vous corrigez la demande.")
        return data


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    form = ContactRequestAdminForm
    list_display = ["reference", "organisation", "offer", "status", "created_at", "due_at", "escalated_at"]
    list_filter = ["status", "theme", "territory"]
    list_select_related = ["organisation", "offer"]
    search_fields = ["reference", "email", "organisation__name"]
    date_hierarchy = "created_at"
    inlines = [RequestEventInline]

    readonly_fields = [
        "reference",
        "offer",
        "organisation",
        "territory",
        "commune",
        "theme",
        "consent_at",
        "oriented_from",
        "oriented_by",
        "answers",
        "answers_in_words",
        "created_at",
        "due_at",
        "remind_at",
        "follow_up_at",
        "escalate_at",
        "reminded_at",
        "followed_up_at",
        "escalated_at",
        "taken_at",
        "finished_at",
        "outcome_comment",
        "anonymised_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "status", "offer", "organisation", "territory", "commune", "theme"]}),
        ("Le ou la jeune", {"fields": ["first_name", "email", "phone", "preferred_channel", "message", "consent_at"]}),
        ("Orientation par un·e partenaire", {"fields": ["oriented_from", "oriented_by"]}),
        ("Réponses", {"fields": ["answers_in_words", "answers"]}),
        (
            "Délais",
            {
                "fields": [
                    "created_at",
                    "due_at",
                    "remind_at",
                    "follow_up_at",
                    "escalate_at",
                    "reminded_at",
                    "followed_up_at",
                    "escalated_at",
                ]
            },
        ),
        (
            "Suites",
            {
                "fields": [
                    "handler",
                    "taken_at",
                    "contacted_at",
                    "contact_channel",
                    "finished_at",
                    "outcome",
                    "outcome_comment",
                    "anonymised_at",
                ]
            },
        ),
        ("Correction", {"fields": ["correction_note"]}),
    ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The form displays the youth's personal data, also when sent back with errors: recorded like any display.
        if obj is not None:
            obj.log(EventKind.VIEWED, by=request.user)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        """A correction is part of the request's history (which fields, by whom, why; the old and new values of what
        happened, not the youth's data), like any change: the statistics' summary counts its day again."""
        fields = set(form.changed_data) - {"correction_note"}
        if not (change and fields):
            return super().save_model(request, obj, form, change)
        before = ContactRequest.objects.select_related("organisation__commune").get(pk=obj.pk)
        if "contacted_at" in fields:
            follow_contact_change(obj)
        super().save_model(request, obj, form, change)
        record_correction(obj, before=before, fields=fields, by=request.user, note=form.cleaned_data["correction_note"])

    def has_add_permission(self, request):
        return False

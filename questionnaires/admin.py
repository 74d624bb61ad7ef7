from django.contrib import admin

from questionnaires.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "summary"]
    prepopulated_fields = {"slug": ["name"]}

"""Read-mostly admin of triage results; runs are requested from the staff pages."""

from django.contrib import admin

from heard.triage.models import Cluster, DuplicateGroup, StoredRouter, TriageRun


@admin.register(TriageRun)
class TriageRunAdmin(admin.ModelAdmin):
    list_display = ["campaign", "status", "created_at", "finished_at", "addresses", "groups",
                    "clusters"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in TriageRun._meta.fields]


@admin.register(DuplicateGroup)
class DuplicateGroupAdmin(admin.ModelAdmin):
    list_display = ["primary", "campaign", "size", "first_received_at", "last_received_at"]
    exclude = ["signature"]
    readonly_fields = ["campaign", "primary", "size", "channels", "first_received_at",
                       "last_received_at", "merged_at"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "number", "size"]
    exclude = ["centroid"]
    readonly_fields = ["campaign", "number", "size", "terms", "representative_ids"]


@admin.register(StoredRouter)
class StoredRouterAdmin(admin.ModelAdmin):
    list_display = ["addressee", "trained_at", "history"]
    exclude = ["model"]
    readonly_fields = ["addressee", "trained_at", "history"]

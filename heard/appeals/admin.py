from django.contrib import admin

from heard.appeals.models import Appeal, AppealResponse


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """Read-only here: state changes go through the moderation and response pages (audited)."""

    list_display = ["title", "addressee", "status", "signature_count", "opened_at"]
    list_filter = ["status", "addressee"]
    search_fields = ["title", "group_name"]
    exclude = ["sponsor_token", "manage_token"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AppealResponse)
class AppealResponseAdmin(admin.ModelAdmin):
    list_display = ["appeal", "office", "responded_on"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

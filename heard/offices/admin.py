from django.contrib import admin

from heard.offices.models import Addressee, Department, Region, StaffRole


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 1


@admin.register(Addressee)
class AddresseeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "sponsors_required",
        "response_threshold",
        "response_days",
        "address_identity",
        "signing_identity",
    ]
    list_filter = ["address_identity", "signing_identity"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DepartmentInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "addressee"]
    list_filter = ["role", "addressee"]
    autocomplete_fields = ["user"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "name_en", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name_ru", "name_en", "code"]

"""The Django admin, for administrators only (decision note 0503).

Django's own site lets in every active user with `is_staff`; here the user must also be an
administrator of heard (the administrator role or a superuser). `AdministratorsOnly` is a mixin so
that it combines with other site classes (e.g. a second-factor site) without copying either."""

from django.contrib import admin

from heard.accounts.admin_site import OTPRequiredAdminSiteMixin


class AdministratorsOnly:
    def has_permission(self, request) -> bool:
        from heard.offices.rules import is_administrator  # the site is built before models load

        return super().has_permission(request) and is_administrator(request.user)


class HeardAdminSite(OTPRequiredAdminSiteMixin, AdministratorsOnly, admin.AdminSite):
    """Administrators only, and with the second factor where it is required (decision 0504)."""

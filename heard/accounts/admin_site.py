"""For whoever builds heard's admin site: combine this mixin with it to make the site itself
refuse an unverified session (OTPEnforcement already redirects such requests before a view)."""

from heard.accounts.policy import otp_required


class OTPRequiredAdminSiteMixin:
    def has_permission(self, request) -> bool:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        return super().has_permission(request) and (verified or not otp_required(user))

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("heard.api.urls")),
    path("open311/", include("heard.api.open311")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico where a page names no icon (the API's JSON, a PDF).
    path("favicon.ico", RedirectView.as_view(url=static("heard/icons/favicon-32.png"))),
]
urlpatterns += i18n_patterns(
    path("", include("heard.accounts.urls")),
    path("", include("heard.appeals.urls")),
    path("", include("heard.signatures.urls")),
    path("", include("heard.addresses.urls")),
    path("staff/triage/", include("heard.triage.urls")),
    path("staff/", include("heard.offices.urls")),
    path("", include("heard.site_pages.urls")),
    prefix_default_language=False,
)

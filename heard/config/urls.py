from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from heard.site_pages.views import favicon

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("heard.api.urls")),
    path("open311/", include("heard.api.open311")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico where a page names no icon (the API's JSON, a PDF).
    path("favicon.ico", favicon),
    # One address whatever the language: it is registered with each identity provider.
    path("identity/", include("heard.identity.callback_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("heard.accounts.urls")),
    path("", include("heard.appeals.urls")),
    path("", include("heard.signatures.urls")),
    path("", include("heard.addresses.urls")),
    path("", include("heard.attachments.urls")),
    path("", include("heard.identity.urls")),
    path("follow/", include("heard.follows.urls")),
    path("", include("heard.opendata.urls")),
    path("staff/triage/", include("heard.triage.urls")),
    path("staff/", include("heard.offices.urls")),
    path("", include("heard.site_pages.urls")),
    prefix_default_language=False,
)

# 400, 403 and 404 render their templates with the request; the 500 page needs its own view.
handler500 = "heard.core.error_pages.server_error"

"""The hot routes' URLconf (heard/core/hot_stack.py): the same views, at the same paths, as the
site's URLconf; views here resolve, while links in their pages are reversed in the site's."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from heard.api.urls import api
from heard.appeals import views as appeal_views
from heard.signatures import views as signature_views

# Ninja's own endpoint and its exception handlers: of the API, only the signing route.
_api_patterns, _app, _namespace = api.urls
signing_api = [pattern for pattern in _api_patterns if pattern.name == "signature_create"]

urlpatterns = [path("api/", include((signing_api, _app), namespace=_namespace))]
urlpatterns += i18n_patterns(
    path("appeals/<id:pk>/", appeal_views.appeal_detail),
    path("appeals/<id:pk>/sign/", signature_views.signature_sign),
    path("signatures/check-email/", signature_views.check_email),
    path("signatures/<id:pk>/<str:token>/", signature_views.signature_confirm),
    prefix_default_language=False,
)

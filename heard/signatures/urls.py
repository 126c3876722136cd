from django.urls import path

from heard.signatures import initiator_views, views

app_name = "signatures"

urlpatterns = [
    path("appeals/new/", initiator_views.appeal_start, name="start"),
    path("appeals/<id:pk>/sponsor/<str:token>/", initiator_views.appeal_sponsor, name="sponsor"),
    path("appeals/<id:pk>/sign/", views.signature_sign, name="sign"),
    path("signatures/check-email/", views.check_email, name="check_email"),
    path("signatures/<id:pk>/<str:token>/", views.signature_confirm, name="confirm"),
    path("signatures/<id:pk>/<str:token>/remove/", views.signature_remove, name="remove"),
]

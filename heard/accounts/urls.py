from django.urls import path

from heard.accounts import activation_views, views

app_name = "accounts"

urlpatterns = [
    path("staff/account/two-step/", views.two_step_page, name="two_step"),
    path("staff/account/two-step/verify/", views.two_step_verify, name="two_step_verify"),
    path(
        "organisations/activate/<str:uidb64>/<str:token>/",
        activation_views.organisation_activate,
        name="organisation_activate",
    ),
]

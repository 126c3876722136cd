from django.contrib.auth import views as auth_views
from django.urls import path

from heard.accounts.views import StaffLoginView
from heard.offices import views
from heard.signatures import held_views, staff_views

app_name = "offices"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("responses/<slug:slug>/", views.response_queue, name="responses"),
    path("appeals/<int:pk>/respond/", views.respond, name="respond"),
    path("appeals/<int:pk>/fraud/", staff_views.appeal_fraud, name="appeal_fraud"),
    path("held/", held_views.held_appeals, name="held_appeals"),
    path("appeals/<int:pk>/held/", held_views.appeal_held, name="appeal_held"),
    path(
        "invalidations/<int:pk>/reverse/",
        staff_views.invalidation_reverse,
        name="invalidation_reverse",
    ),
    path(
        "appeals/<int:pk>/signatures.csv",
        staff_views.appeal_signatures_export,
        name="appeal_signatures_export",
    ),
]

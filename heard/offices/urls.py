from django.urls import path

from heard.offices import views

app_name = "offices"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("responses/<slug:slug>/", views.response_queue, name="responses"),
    path("appeals/<int:pk>/respond/", views.respond, name="respond"),
]

from django.urls import path

from heard.follows import views

app_name = "follows"

urlpatterns = [
    path("", views.follow, name="follow"),
    path("check-email/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirmed/", views.confirmed, name="confirmed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribed/", views.unsubscribed, name="unsubscribed"),
]

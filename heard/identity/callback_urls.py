from django.urls import path

from heard.identity import views

app_name = "identity_callback"

urlpatterns = [path("callback/", views.callback, name="callback")]

from django.urls import path

from heard.identity import views

app_name = "identity"

urlpatterns = [
    path("appeals/<id:pk>/sign/verified/", views.sign_start, name="sign_start"),
    path("appeals/<id:pk>/signed/verified/", views.signed, name="signed"),
    path("addresses/new/verified/", views.address_start, name="address_start"),
]

from django.urls import path

from heard.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/run/", views.run, name="run"),
    path("<slug:slug>/clusters/", views.clusters, name="clusters"),
    path("<slug:slug>/digest/", views.digest, name="digest"),
    path("<slug:slug>/mass/", views.mass, name="mass"),
    path("<slug:slug>/mass/<id:pk>/", views.group, name="group"),
    path("<slug:slug>/mass/<id:pk>/merge/", views.merge, name="merge"),
    path("<slug:slug>/suggestions/", views.suggestions, name="suggestions"),
]

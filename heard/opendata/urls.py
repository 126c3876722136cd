from django.urls import path

from heard.opendata import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.opendata_index, name="index"),
    # The files are the same in every language; the links on the page are unprefixed.
    path("open-data/<slug:name>.<slug:extension>", views.opendata_file, name="file"),
]

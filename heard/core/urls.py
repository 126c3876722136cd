from django.urls import path

from heard.core import pages

app_name = "core"

urlpatterns = [
    path("about/", pages.about, name="about"),
    path("privacy/", pages.privacy, name="privacy"),
]

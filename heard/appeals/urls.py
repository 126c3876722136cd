from django.urls import path

from heard.appeals import feeds, views

app_name = "appeals"

urlpatterns = [
    path("", views.home, name="home"),
    path("appeals/", views.appeal_list, name="list"),
    path("appeals/new/", views.appeal_create, name="create"),
    path("appeals/new/check-email/", views.appeal_created, name="created"),
    path(
        "appeals/feeds/<str:tier>.atom", feeds.OverdueAppealsFeed(), name="overdue_feed"
    ),
    path("appeals/<int:pk>/", views.appeal_detail, name="detail"),
    path("appeals/<int:pk>/sponsor/<str:token>/", views.appeal_sponsor, name="sponsor"),
    path("appeals/<int:pk>/manage/<str:token>/", views.appeal_manage, name="manage"),
]

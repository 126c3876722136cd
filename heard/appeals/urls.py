from django.urls import path

from heard.appeals import feeds, views

app_name = "appeals"

urlpatterns = [
    path("", views.home, name="home"),
    path("appeals/", views.appeal_list, name="list"),
    path("appeals/new/check-email/", views.appeal_created, name="created"),
    path("appeals/feeds/<str:tier>.atom", feeds.OverdueAppealsFeed(), name="overdue_feed"),
    path("appeals/feeds/list/<str:listing>.atom", feeds.ListFeed(), name="list_feed"),
    path("appeals/feeds/to/<slug:slug>.atom", feeds.AddresseeFeed(), name="addressee_feed"),
    path("appeals/<id:pk>/feed.atom", feeds.AppealFeed(), name="appeal_feed"),
    path("appeals/<id:pk>/", views.appeal_detail, name="detail"),
    path("appeals/<id:pk>/manage/<str:token>/", views.appeal_manage, name="manage"),
]

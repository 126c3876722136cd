from django.urls import path

from heard.appeals import (
    elsewhere_views,
    embeds,
    feeds,
    printing,
    share_views,
    similar_views,
    views,
)

app_name = "appeals"

urlpatterns = [
    path("", views.home, name="home"),
    path("appeals/", views.appeal_list, name="list"),
    path("appeals/new/check-email/", views.appeal_created, name="created"),
    path("appeals/new/similar/", similar_views.appeal_similar_check, name="similar_check"),
    path("appeals/feeds/<str:tier>.atom", feeds.OverdueAppealsFeed(), name="overdue_feed"),
    path("appeals/feeds/list/<str:listing>.atom", feeds.ListFeed(), name="list_feed"),
    path("appeals/feeds/to/<slug:slug>.atom", feeds.AddresseeFeed(), name="addressee_feed"),
    path("appeals/<id:pk>/feed.atom", feeds.AppealFeed(), name="appeal_feed"),
    path("appeals/<id:pk>/", views.appeal_detail, name="detail"),
    # Sharing, embedding and printing (decisions 0537, 0541).
    path("appeals/<id:pk>/card.png", share_views.appeal_card, name="card"),
    path("appeals/<id:pk>/response/", share_views.appeal_response, name="response"),
    path("appeals/<id:pk>/widget/", embeds.appeal_widget, name="widget"),
    path("appeals/<id:pk>/badge.svg", embeds.appeal_badge, name="badge"),
    path("appeals/<id:pk>/print.pdf", printing.appeal_pdf, name="print"),
    path("appeals/<id:pk>/manage/<str:token>/", views.appeal_manage, name="manage"),
    # Appeals made elsewhere, registered by moderators (decision 0547).
    path("staff/elsewhere/telegram/", elsewhere_views.upload, name="elsewhere_upload"),
    path("staff/elsewhere/telegram/<str:token>/", elsewhere_views.posts, name="elsewhere_posts"),
    path(
        "staff/elsewhere/telegram/<str:token>/preview/",
        elsewhere_views.preview,
        name="elsewhere_preview",
    ),
]

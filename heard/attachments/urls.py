from django.urls import path

from heard.attachments import appeal_views, views

app_name = "attachments"

urlpatterns = [
    path("attachments/<id:pk>/image/", views.attachment_image, name="image"),
    path("attachments/<id:pk>/video/", views.attachment_video, name="video"),
    path("attachments/<id:pk>/<str:name>", views.attachment_download, name="download"),
    path("staff/attachments/<id:pk>/", views.staff_attachment, name="staff"),
    path("staff/appeal-attachments/<id:pk>/", views.moderator_attachment, name="moderator"),
    path(
        "staff/appeals/<id:pk>/attachments/",
        appeal_views.staff_appeal_attach,
        name="staff_appeal_attach",
    ),
    path(
        "appeals/<id:pk>/manage/<str:token>/attachments/",
        appeal_views.appeal_attach,
        name="appeal_attach",
    ),
]

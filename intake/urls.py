from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("status-quo/", views.index, name="index"),
    path("status-quo/runden/neu/", views.round_create, name="round_create"),
    path("status-quo/runden/<int:pk>/erinnern/", views.round_remind, name="round_remind"),
    path(
        "status-quo/antworten/<int:pk>/vorlage/",
        views.response_template,
        name="response_template",
    ),
    path(
        "status-quo/antworten/<int:pk>/hochladen/",
        views.response_upload,
        name="response_upload",
    ),
]

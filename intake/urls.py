from django.urls import path

from intake import views, views_reports

app_name = "intake"

urlpatterns = [
    path("status-quo/", views.index, name="index"),
    path("status-quo/runden/neu/", views.round_create, name="round_create"),
    path("status-quo/runden/<int:pk>/export/", views_reports.round_export, name="round_export"),
    path(
        "status-quo/dezernate/<slug:slug>/vergleich/",
        views_reports.compare,
        name="compare",
    ),
    path(
        "status-quo/dezernate/<slug:slug>/vergleich/export/",
        views_reports.compare_export,
        name="compare_export",
    ),
]

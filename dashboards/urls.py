from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("dezernate/", views.department_list, name="department_list"),
    path("uebersicht/", views.city, name="city"),
    path("uebersicht/export.xlsx", views.city_export, name="city_export"),
    path("uebersicht/lagebericht/", views.city_report, name="city_report"),
    path("arbeitsraeume/<slug:slug>/", views.workspace, name="workspace"),
    path(
        "arbeitsraeume/<slug:slug>/uebersicht.xlsx",
        views.workspace_export,
        name="workspace_export",
    ),
    path("arbeitsraeume/<slug:slug>/lagebericht/", views.workspace_report, name="workspace_report"),
]

from django.urls import path

from needs import views

app_name = "needs"

urlpatterns = [
    path("bedarfe/", views.overview, name="overview"),
    path("bedarfe/export.xlsx", views.overview_export, name="export"),
    path("bedarfe/<int:pk>/", views.need_detail, name="detail"),
    path("bedarfe/<int:pk>/bearbeiten/", views.need_edit, name="edit"),
    path("bedarfe/<int:pk>/status/", views.need_status, name="status"),
    path("arbeitsraeume/<slug:slug>/bedarfe/", views.workspace_need_list, name="workspace_list"),
    path(
        "arbeitsraeume/<slug:slug>/bedarfe/export.xlsx",
        views.workspace_need_export,
        name="workspace_export",
    ),
    path("arbeitsraeume/<slug:slug>/bedarfe/neu/", views.need_create, name="create"),
]

from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("vorhaben/", views.project_list, name="list"),
    path("vorhaben/export.xlsx", views.project_export, name="export"),
    path("vorhaben/drucken/", views.project_print, name="print"),
    path("vorhaben/<int:pk>/", views.project_detail, name="detail"),
    path("vorhaben/<int:pk>/bearbeiten/", views.project_edit, name="edit"),
    path("vorhaben/<int:pk>/verlauf/", views.project_history, name="history"),
    path("vorhaben/<int:pk>/archivieren/", views.project_archive, name="archive"),
    path(
        "vorhaben/<int:pk>/statusmeldungen/neu/",
        views.status_update_create,
        name="status_update_create",
    ),
    path(
        "vorhaben/<int:pk>/statusmeldungen/<int:update_pk>/korrigieren/",
        views.status_update_correct,
        name="status_update_correct",
    ),
    path(
        "vorhaben/<int:pk>/statusmeldungen/<int:update_pk>/zurueckziehen/",
        views.status_update_withdraw,
        name="status_update_withdraw",
    ),
    path(
        "arbeitsraeume/<slug:slug>/vorhaben/",
        views.workspace_project_list,
        name="workspace_list",
    ),
    path(
        "arbeitsraeume/<slug:slug>/vorhaben/export.xlsx",
        views.workspace_project_export,
        name="workspace_export",
    ),
    path(
        "arbeitsraeume/<slug:slug>/vorhaben/drucken/",
        views.workspace_project_print,
        name="workspace_print",
    ),
    path("arbeitsraeume/<slug:slug>/vorhaben/neu/", views.project_create, name="create"),
    path("vorhaben/<int:pk>/kommentare/", views.comment_create, name="comment_create"),
    path(
        "vorhaben/<int:pk>/kommentare/<int:comment_pk>/bearbeiten/",
        views.comment_edit,
        name="comment_edit",
    ),
]

from django.urls import path

from offerings import views

app_name = "offerings"

urlpatterns = [
    path("angebote/", views.offering_list, name="list"),
    path("angebote/export.xlsx", views.offering_export, name="export"),
    path("angebote/neu/", views.offering_create, name="create"),
    path("angebote/anfragen/", views.request_list, name="requests"),
    path("angebote/anfragen/<int:pk>/", views.request_detail, name="request"),
    path("angebote/anfragen/<int:pk>/beantworten/", views.request_answer, name="request_answer"),
    path("angebote/<slug:slug>/", views.offering_detail, name="detail"),
    path("angebote/<slug:slug>/bearbeiten/", views.offering_edit, name="edit"),
    path("angebote/<slug:slug>/anfragen/", views.request_create, name="request_create"),
    path("vorhaben/<int:pk>/angebote/", views.project_offering_link, name="project_link"),
    path(
        "vorhaben/<int:pk>/angebote/<slug:slug>/entfernen/",
        views.project_offering_unlink,
        name="project_unlink",
    ),
]

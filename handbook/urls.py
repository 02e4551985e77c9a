from django.urls import path

from handbook import views

app_name = "handbook"

urlpatterns = [
    path("handreichung/", views.index, name="index"),
    path("handreichung/drucken/", views.print_all, name="print"),
    path("handreichung/neu/", views.page_create, name="page_create"),
    path("handreichung/<slug:slug>/", views.page_detail, name="page"),
    path("handreichung/<slug:slug>/bearbeiten/", views.page_edit, name="page_edit"),
    path("handreichung/<slug:slug>/verschieben/", views.page_move, name="page_move"),
    path("handreichung/<slug:slug>/versionen/", views.version_list, name="versions"),
    path(
        "handreichung/<slug:slug>/versionen/<int:number>/",
        views.version_detail,
        name="version",
    ),
]

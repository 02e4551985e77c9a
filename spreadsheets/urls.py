from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("daten/", views.data_overview, name="overview"),
    path("daten/import/", views.import_upload, name="upload"),
    path("daten/import/<int:pk>/", views.import_run, name="run"),
    path("daten/import/<int:pk>/uebernehmen/", views.import_confirm, name="confirm"),
    path("daten/export/<slug:kind>.<str:fmt>", views.export, name="export"),
    path("daten/vorlage/<slug:kind>.xlsx", views.template, name="template"),
]

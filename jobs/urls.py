from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("exporte/<int:pk>/", views.download_detail, name="download"),
    path("exporte/<int:pk>/datei", views.download_file, name="download_file"),
]

from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("status-quo/", views.index, name="index"),
    path("status-quo/runden/neu/", views.round_create, name="round_create"),
]

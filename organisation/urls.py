from django.urls import path

from organisation import views

app_name = "organisation"

urlpatterns = [
    path("dezernate/", views.department_list, name="department_list"),
    path("arbeitsraeume/<slug:slug>/", views.workspace, name="workspace"),
]

from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("barrierefreiheit/", views.accessibility_statement, name="accessibility"),
]

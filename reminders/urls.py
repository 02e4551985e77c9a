from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("erinnerungen/", views.reminder_settings, name="settings"),
]

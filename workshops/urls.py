from django.urls import path  # noqa: F401

app_name = "workshops"

# Cohorts and workshops (views.py), templates (views_templates.py), the protocol and the
# calendar (views_protocol.py).
urlpatterns = []

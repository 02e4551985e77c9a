from django.urls import path

from workshops import views_protocol

app_name = "workshops"

# Cohorts and workshops (views.py), templates (views_templates.py), the protocol and the
# calendar (views_protocol.py).
urlpatterns = [
    path(
        "workshops/<int:pk>/protokoll/drucken/",
        views_protocol.protocol_print,
        name="protocol_print",
    ),
    path(
        "workshops/<int:pk>/protokoll/export/",
        views_protocol.protocol_export,
        name="protocol_export",
    ),
    path("workshops/<int:pk>/kalender.ics", views_protocol.workshop_ics, name="workshop_ics"),
    path("workshops/<int:pk>/einladen/", views_protocol.workshop_invite, name="workshop_invite"),
]

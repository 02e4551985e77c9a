from django.urls import path

from workshops import views, views_protocol
from workshops import views_templates as templates

app_name = "workshops"

T = "workshopvorlagen/"

# Cohorts and workshops (views.py), templates (views_templates.py), the protocol and the
# calendar (views_protocol.py).
urlpatterns = [
    path("staffeln/", views.cohort_list, name="cohorts"),
    path("staffeln/neu/", views.cohort_create, name="cohort_create"),
    path("staffeln/<int:pk>/", views.cohort_detail, name="cohort"),
    path("staffeln/<int:pk>/bearbeiten/", views.cohort_edit, name="cohort_edit"),
    path("workshops/", views.workshop_list, name="workshops"),
    path("workshops/<int:pk>/", views.workshop_detail, name="workshop"),
    path("workshops/<int:pk>/planen/", views.workshop_plan, name="workshop_plan"),
    path("workshops/<int:pk>/gaeste/", views.guest_add, name="guest_add"),
    path("workshops/gaeste/<int:pk>/entfernen/", views.guest_remove, name="guest_remove"),
    path("workshops/<int:pk>/schritt/<slug:step>/", views.workshop_step, name="workshop_step"),
    path("workshops/<int:pk>/protokoll/bearbeiten/", views.minutes_edit, name="minutes_edit"),
    path("workshops/<int:pk>/ergebnisse/<slug:kind>/", views.result_add, name="result_add"),
    path(
        "workshops/ergebnisse/<slug:kind>/<int:pk>/entfernen/",
        views.result_remove,
        name="result_remove",
    ),
    path("workshops/fragen/<int:pk>/erledigt/", views.question_done, name="question_done"),
    path(
        "workshops/aenderungen/<int:pk>/<slug:decision>/",
        views.change_decide,
        name="change_decide",
    ),
    path(
        "workshops/<int:pk>/aenderungen/uebernehmen/",
        views.change_list_apply,
        name="change_list_apply",
    ),
    path("workshops/<int:pk>/prioritaeten/", views.priorities, name="priorities"),
    path(
        "workshops/<int:pk>/prioritaeten/verschieben/",
        views.priority_move,
        name="priority_move",
    ),
    path(
        "workshops/<int:pk>/prioritaeten/uebernehmen/",
        views.priorities_apply,
        name="priorities_apply",
    ),
    path("workshops/<int:pk>/einwaende/", views.objection_add, name="objection_add"),
    path(
        "workshops/einwaende/<int:pk>/antworten/",
        views.objection_answer,
        name="objection_answer",
    ),
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
    # The workshop templates: read by city staff, edited by the central unit.
    path(T, templates.template_list, name="templates"),
    path(f"{T}<int:pk>/", templates.template_detail, name="template"),
    path(f"{T}teil-<int:part>/neuer-entwurf/", templates.draft_start, name="template_draft_start"),
    path(f"{T}versionen/<int:pk>/", templates.version_detail, name="template_version"),
    path(
        f"{T}versionen/<int:pk>/bearbeiten/",
        templates.version_edit,
        name="template_version_edit",
    ),
    path(
        f"{T}versionen/<int:pk>/veroeffentlichen/",
        templates.version_publish,
        name="template_publish",
    ),
    path(
        f"{T}versionen/<int:pk>/verwerfen/",
        templates.version_discard,
        name="template_draft_discard",
    ),
    path(
        f"{T}versionen/<int:pk>/punkte/neu/",
        templates.agenda_item_create,
        name="agenda_item_create",
    ),
    path(f"{T}punkte/<int:pk>/bearbeiten/", templates.agenda_item_edit, name="agenda_item_edit"),
    path(f"{T}punkte/<int:pk>/loeschen/", templates.agenda_item_delete, name="agenda_item_delete"),
    path(f"{T}punkte/<int:pk>/verschieben/", templates.agenda_item_move, name="agenda_item_move"),
]

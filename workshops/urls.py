from django.urls import path

from workshops import views_templates as templates

app_name = "workshops"

T = "workshopvorlagen/"

# Cohorts and workshops (views.py), templates (views_templates.py), the protocol and the
# calendar (views_protocol.py).
urlpatterns = [
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

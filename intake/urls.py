from django.urls import path

from intake import views
from intake import views_questionnaires as questionnaires

app_name = "intake"

Q = "status-quo/frageboegen/"

urlpatterns = [
    path("status-quo/", views.index, name="index"),
    path("status-quo/runden/neu/", views.round_create, name="round_create"),
    # The questionnaire editor (central unit).
    path(Q, questionnaires.questionnaire_list, name="questionnaires"),
    path(f"{Q}neu/", questionnaires.questionnaire_create, name="questionnaire_create"),
    path(f"{Q}<int:pk>/", questionnaires.questionnaire_detail, name="questionnaire"),
    path(f"{Q}versionen/<int:pk>/", questionnaires.version_detail, name="version"),
    path(f"{Q}versionen/<int:pk>/bearbeiten/", questionnaires.version_edit, name="version_edit"),
    path(
        f"{Q}versionen/<int:pk>/vorschau/", questionnaires.version_preview, name="version_preview"
    ),
    path(
        f"{Q}versionen/<int:pk>/veroeffentlichen/",
        questionnaires.version_publish,
        name="version_publish",
    ),
    path(f"{Q}versionen/<int:pk>/neuer-entwurf/", questionnaires.draft_start, name="draft_start"),
    path(
        f"{Q}versionen/<int:pk>/abschnitte/neu/",
        questionnaires.section_create,
        name="section_create",
    ),
    path(f"{Q}abschnitte/<int:pk>/bearbeiten/", questionnaires.section_edit, name="section_edit"),
    path(f"{Q}abschnitte/<int:pk>/loeschen/", questionnaires.section_delete, name="section_delete"),
    path(f"{Q}abschnitte/<int:pk>/verschieben/", questionnaires.section_move, name="section_move"),
    path(
        f"{Q}abschnitte/<int:pk>/fragen/neu/",
        questionnaires.question_create,
        name="question_create",
    ),
    path(f"{Q}fragen/<int:pk>/bearbeiten/", questionnaires.question_edit, name="question_edit"),
    path(f"{Q}fragen/<int:pk>/loeschen/", questionnaires.question_delete, name="question_delete"),
    path(f"{Q}fragen/<int:pk>/verschieben/", questionnaires.question_move, name="question_move"),
]

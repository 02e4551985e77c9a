from django.urls import path

from intake import views, views_reports
from intake import views_questionnaires as questionnaires

app_name = "intake"

Q = "status-quo/frageboegen/"

urlpatterns = [
    path("status-quo/", views.index, name="index"),
    path("status-quo/runden/neu/", views.round_create, name="round_create"),
    path("status-quo/runden/<int:pk>/", views.round_detail, name="round"),
    path("status-quo/dezernate/<int:pk>/", views.intake_detail, name="intake"),
    path(
        "status-quo/dezernate/<int:pk>/einreichen/",
        views.intake_step,
        {"step": "submit"},
        name="intake_submit",
    ),
    path(
        "status-quo/dezernate/<int:pk>/geprueft/",
        views.intake_step,
        {"step": "review"},
        name="intake_review",
    ),
    path(
        "status-quo/dezernate/<int:pk>/aenderungen/",
        views.intake_step,
        {"step": "changes"},
        name="intake_request_changes",
    ),
    path(
        "status-quo/dezernate/<int:pk>/abnehmen/",
        views.intake_step,
        {"step": "accept"},
        name="intake_accept",
    ),
    path(
        "status-quo/dezernate/<int:pk>/wieder-oeffnen/",
        views.intake_step,
        {"step": "reopen"},
        name="intake_reopen",
    ),
    path("status-quo/antworten/<int:pk>/", views.response_detail, name="response"),
    path("status-quo/antworten/<int:pk>/bearbeiten/", views.response_edit, name="response_edit"),
    path(
        "status-quo/antworten/<int:pk>/einreichen/", views.response_submit, name="response_submit"
    ),
    path(
        "status-quo/antworten/<int:pk>/wieder-oeffnen/",
        views.response_reopen,
        name="response_reopen",
    ),
    path("status-quo/antworten/<int:pk>/teilen/", views.response_share, name="response_share"),
    path(
        "status-quo/antworten/<int:pk>/vorhaben/<slug:key>/neu/",
        views.entry_create,
        name="entry_create",
    ),
    path(
        "status-quo/antworten/<int:pk>/vorhaben/<slug:key>/uebernehmen/",
        views.entry_pick,
        name="entry_pick",
    ),
    path("status-quo/eintraege/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("status-quo/eintraege/<int:pk>/entfernen/", views.entry_remove, name="entry_remove"),
    path(
        "status-quo/antworten/<int:pk>/kommentare/",
        views.comment_start,
        name="comment_start",
    ),
    path(
        "status-quo/antworten/<int:pk>/kommentare/<int:thread_pk>/antworten/",
        views.comment_reply,
        name="comment_reply",
    ),
    path(
        "status-quo/antworten/<int:pk>/kommentare/<int:thread_pk>/erledigt/",
        views.comment_resolve,
        name="comment_resolve",
    ),
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
    path("status-quo/runden/<int:pk>/erinnern/", views.round_remind, name="round_remind"),
    path(
        "status-quo/antworten/<int:pk>/vorlage/",
        views.response_template,
        name="response_template",
    ),
    path(
        "status-quo/antworten/<int:pk>/hochladen/",
        views.response_upload,
        name="response_upload",
    ),
    path("status-quo/runden/<int:pk>/export/", views_reports.round_export, name="round_export"),
    path(
        "status-quo/dezernate/<slug:slug>/vergleich/",
        views_reports.compare,
        name="compare",
    ),
    path(
        "status-quo/dezernate/<slug:slug>/vergleich/export/",
        views_reports.compare_export,
        name="compare_export",
    ),
]

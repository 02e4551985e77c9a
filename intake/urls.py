from django.urls import path

from intake import views

app_name = "intake"

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
]

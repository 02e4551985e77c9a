from django.urls import path

from synergies import views

app_name = "synergies"

urlpatterns = [
    path("synergien/", views.synergy_list, name="synergies"),
    path("synergien/<int:pk>/", views.synergy_detail, name="synergy"),
    path("synergien/<int:pk>/bearbeiten/", views.synergy_edit, name="synergy_edit"),
    path("synergien/<int:pk>/status/", views.synergy_decide, name="synergy_decide"),
    path("synergien/<int:pk>/zusammenfuehren/", views.duplicate_merge, name="duplicate_merge"),
    path(
        "arbeitsraeume/<slug:slug>/synergien/",
        views.workspace_synergies,
        name="workspace_synergies",
    ),
    path("vorhaben/<int:pk>/synergien/neu/", views.synergy_create, name="synergy_create"),
    path(
        "vorhaben/<int:pk>/vorschlaege/<int:other_pk>/annehmen/",
        views.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "vorhaben/<int:pk>/vorschlaege/<int:other_pk>/verwerfen/",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path("vorhaben/aehnliche-titel/", views.title_hint, name="title_hint"),
    path("nachnutzung/", views.catalogue, name="catalogue"),
]

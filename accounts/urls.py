from django.urls import path

from accounts import views, views_members

app_name = "accounts"

urlpatterns = [
    path("protokoll/", views.audit_log, name="audit_log"),
    path("externe/", views_members.external_accounts, name="external"),
    path("einladung/<str:token>/", views_members.accept, name="accept"),
    path("arbeitsraeume/<slug:slug>/mitglieder/", views_members.members, name="members"),
    path(
        "arbeitsraeume/<slug:slug>/mitglieder/<int:pk>/rolle/",
        views_members.member_role,
        name="member_role",
    ),
    path(
        "arbeitsraeume/<slug:slug>/mitglieder/<int:pk>/organisationseinheit/",
        views_members.member_office,
        name="member_office",
    ),
    path(
        "arbeitsraeume/<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views_members.member_remove,
        name="member_remove",
    ),
    path(
        "arbeitsraeume/<slug:slug>/mitglieder/<int:pk>/zugang-entziehen/",
        views_members.member_revoke,
        name="member_revoke",
    ),
    path("arbeitsraeume/<slug:slug>/einladen/", views_members.invite, name="invite"),
]

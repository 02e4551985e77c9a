from django.urls import path

from accounts import views, views_members

app_name = "accounts"

urlpatterns = [
    path("protokoll/", views.audit_log, name="audit_log"),
    path("externe/", views_members.external_accounts, name="external"),
    path("einladung/<str:token>/", views_members.accept, name="accept"),
    path("arbeitsraeume/<slug:slug>/mitglieder/", views_members.members, name="members"),
    path(
        "arbeitsraeume/<slug:slug>/mitglieder/<int:pk>/",
        views_members.member_update,
        name="member_update",
    ),
    path("arbeitsraeume/<slug:slug>/einladen/", views_members.invite, name="invite"),
]

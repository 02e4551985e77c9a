from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.overview, name="overview"),
    path("agenda/handlungsfelder/<int:pk>/", views.field_detail, name="field"),
    path("agenda/ziele/<int:pk>/", views.goal_detail, name="goal"),
]

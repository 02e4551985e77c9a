from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("agenda/", views.overview, name="overview"),
    path("agenda/handlungsfelder/<int:pk>/", views.field_detail, name="field"),
    path("agenda/ziele/<int:pk>/", views.goal_detail, name="goal"),
    path("agenda/<slug:kind>/neu/", views.strategy_edit, name="strategy_create"),
    path("agenda/<slug:kind>/<int:pk>/bearbeiten/", views.strategy_edit, name="strategy_edit"),
    path("agenda/<slug:kind>/<int:pk>/verlauf/", views.strategy_history, name="strategy_history"),
]

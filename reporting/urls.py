from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("berichtsrunden/", views.round_list, name="rounds"),
    path("berichtsrunden/vergleich/", views.comparison, name="comparison"),
    path("berichtsrunden/<int:pk>/", views.round_detail, name="round"),
]

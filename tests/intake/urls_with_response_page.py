"""The project's URLs plus a stand-in for the response page (``intake:response``), for the
test that the reminder links to it (the page itself comes with the response editor)."""

from django.http import HttpResponse
from django.urls import include, path

from intake import urls as intake_urls
from leipzig_digital import urls as project_urls

intake_patterns = [
    *intake_urls.urlpatterns,
    path(
        "status-quo/antworten/<int:pk>/",
        lambda request, pk: HttpResponse(),
        name="response",
    ),
]

urlpatterns = [
    path("", include((intake_patterns, "intake"))),
    *(
        pattern
        for pattern in project_urls.urlpatterns
        if getattr(pattern, "namespace", None) != "intake"
    ),
]

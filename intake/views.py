from django.shortcuts import render

from intake import selectors


def index(request):
    return render(request, "intake/index.html", selectors.overview(user=request.user))

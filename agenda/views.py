from django.core.paginator import Paginator
from django.shortcuts import render

from agenda import selectors


def overview(request):
    return render(
        request, "agenda/overview.html", {"agenda": selectors.active_agenda(user=request.user)}
    )


def _linked(request, template, subject_name, subject, lookup):
    projects = selectors.linked_projects(user=request.user, **lookup)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(request, template, {subject_name: subject, "page": page})


def field_detail(request, pk):
    field = selectors.field_get(user=request.user, pk=pk)
    return _linked(request, "agenda/field_detail.html", "field", field, {"fields_of_action": field})


def goal_detail(request, pk):
    goal = selectors.goal_get(user=request.user, pk=pk)
    return _linked(request, "agenda/goal_detail.html", "goal", goal, {"goals": goal})

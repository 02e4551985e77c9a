"""The permission scope of things that belong to a department's workspace.

A model owned by a workspace declares where its department is, and gets the read and write
scope from here::

    class CohortQuerySet(WorkspaceScopedQuerySet):
        workspace_field = "department"          # or "project__department", or "pk"

    Cohort.objects.visible_to(user)             # what lists, details, counts and exports show
    Cohort.objects.editable_by(user)            # what the user may change
    may_edit(user, cohort)                      # the one answer for one object

A model with more rules (confidential projects, partners invited to chosen projects) overrides
``visible_to`` or ``editable_q``; everything else keeps asking the same methods.
"""

from django.db import models
from django.db.models import Q

from access.rights import Access, access_for


class WorkspaceScopedQuerySet(models.QuerySet):
    # The path from the model to its department (Dezernat), as in a filter; "pk" for the
    # department itself.
    workspace_field = "department"

    def in_workspaces(self, department_ids) -> Q:
        return Q(**{f"{self.workspace_field}__in": department_ids})

    def visible_to(self, user):
        """Everything in the workspaces the user may open: all for city staff, the invited
        workspaces for external partners, nothing for anonymous users."""
        access = access_for(user)
        if access.sees_all_departments:
            return self
        return self.filter(self.in_workspaces(access.member_department_ids))

    def editable_q(self, access: Access) -> Q:
        """Among the visible rows, those the user may change (``edits_everything`` aside)."""
        return self.in_workspaces(access.editable_department_ids)

    def editable_by(self, user):
        access = access_for(user)
        if access.edits_everything:
            return self
        return self.visible_to(user).filter(self.editable_q(access))

    def workspace_id_of(self, instance) -> int | None:
        """The department id of one object, read from the object (no query for a direct
        foreign key or the department itself)."""
        *path, last = self.workspace_field.split("__")
        for name in path:
            instance = getattr(instance, name, None)
            if instance is None:
                return None
        if last == "pk":
            return instance.pk
        return getattr(instance, instance._meta.get_field(last).attname)


def may_edit(user, instance) -> bool:
    """May ``user`` change ``instance``, or add it when it is new? The one rule for every
    path that writes: views ask it to offer a form, services to refuse, imports per row.

    A new object: may the user add entries to its workspace. An existing one: is it in the
    model's ``editable_by`` scope (which also hides what the user may not see). The central
    unit edits everything without a query."""
    access = access_for(user)
    if access.edits_everything:
        return True
    scope = type(instance)._default_manager.all()
    if instance._state.adding or instance.pk is None:
        return access.can_edit_department(scope.workspace_id_of(instance))
    return scope.editable_by(user).filter(pk=instance.pk).exists()

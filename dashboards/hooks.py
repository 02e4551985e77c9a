"""Where the dashboards learn that a department's projects changed: every write to a project,
to its links to goals and fields of action or to its status updates renews the generation of
the department's counts (:func:`dashboards.models.renew`), so that no dashboard shows a count
kept from before. Connected in :class:`dashboards.apps.DashboardsConfig`.

The paths that write without ``post_save`` send what they changed: an import sends
``rows_written``; a status update's carry-over to its project (one UPDATE) follows the status
update's own save. A deleted goal, field of action or agenda project renews every department
(their links go without ``m2m_changed``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from dashboards.models import Generation, renew, renew_all


def _project_saving(sender, instance, raw=False, **kwargs):
    """Remember the department a project had, to renew both when it moves: the one it was
    read with, asked for only when it was not read (built by hand, or its department
    deferred)."""
    if raw or instance.pk is None:
        return
    was = getattr(instance, "loaded_department_id", None)
    if was is None:
        was = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("department_id", flat=True)
            .first()
        )
    instance._dashboards_department_was = was


def _project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        renew({instance.department_id, getattr(instance, "_dashboards_department_was", None)})
        instance.loaded_department_id = instance.department_id  # where a next save moves it from


def _project_deleted(sender, instance, **kwargs):
    renew({instance.department_id})


def _status_update_written(sender, instance, raw=False, **kwargs):
    if not raw:
        _renew_projects([instance.project_id])


def _links_changed(sender, instance, action, pk_set, reverse, **kwargs):
    """A project's goals or fields of action changed, from either side."""
    from projects.models import Project

    if not action.startswith("post_"):
        return
    if isinstance(instance, Project):
        renew({instance.department_id})
    elif action == "post_clear":  # from the goal's side: its projects are gone already
        renew_all()
    else:
        _renew_projects(pk_set or ())


def _rows_imported(sender, objects, **kwargs):
    """An import wrote rows in bulk: projects, their status updates, or the strategy's
    entries and departments (which may link projects too)."""
    from agenda.models import AgendaProject, FieldOfAction, Goal
    from organisation.models import Department
    from projects.models import Project

    if sender is Project:
        renew({project.department_id for project in objects})
    elif sender is Department:
        renew({department.pk for department in objects})
    elif sender in (Goal, FieldOfAction, AgendaProject):
        renew_all()
    elif objects and hasattr(objects[0], "project_id"):
        _renew_projects({row.project_id for row in objects})


def _renew_projects(project_ids) -> None:
    from projects.models import Project

    renew(
        Project.objects.filter(pk__in=list(project_ids))
        .order_by()
        .values_list("department_id", flat=True)
        .distinct()
    )


def _department_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Generation.objects.get_or_create(department=instance)


def _strategy_deleted(sender, **kwargs):
    renew_all()


def connect() -> None:
    from agenda.models import AgendaProject, FieldOfAction, Goal
    from organisation.models import Department
    from projects.models import Project, StatusUpdate
    from spreadsheets.signals import rows_written

    uid = "dashboards-generation"
    pre_save.connect(_project_saving, sender=Project, dispatch_uid=uid)
    post_save.connect(_project_saved, sender=Project, dispatch_uid=uid)
    post_delete.connect(_project_deleted, sender=Project, dispatch_uid=uid)
    post_save.connect(_status_update_written, sender=StatusUpdate, dispatch_uid=uid)
    post_delete.connect(_status_update_written, sender=StatusUpdate, dispatch_uid=uid)
    for through in (Project.goals.through, Project.fields_of_action.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=uid)
    rows_written.connect(_rows_imported, dispatch_uid=uid)
    post_save.connect(_department_saved, sender=Department, dispatch_uid=uid)
    for model in (Goal, FieldOfAction, AgendaProject):
        post_delete.connect(_strategy_deleted, sender=model, dispatch_uid=uid)

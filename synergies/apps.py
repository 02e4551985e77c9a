from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynergiesConfig(AppConfig):
    name = "synergies"
    verbose_name = _("Synergies")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_save

        from jobs import upkeep
        from needs.models import Need
        from offerings.models import Offering
        from projects.models import Project
        from spreadsheets.signals import rows_written
        from synergies import services, suggestions
        from synergies.sheets import register_sheet_types

        def project_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                suggestions.mark_changed([instance.pk])

        def links_changed(sender, instance, action, pk_set, **kwargs):
            """A project's goals, fields of action or offerings changed, from either side."""
            if isinstance(instance, Project):
                if action in {"post_add", "post_remove", "post_clear"}:
                    suggestions.mark_changed([instance.pk])
            elif action in {"post_add", "post_remove"}:
                suggestions.mark_changed(pk_set or ())
            elif action == "pre_clear":  # the other side's projects, before they go
                own = next(f for f in sender._meta.fields if f.related_model is type(instance))
                suggestions.mark_changed(
                    sender.objects.filter(**{own.name: instance}).values_list(
                        "project_id", flat=True
                    )
                )

        def projects_imported(sender, objects, **kwargs):
            suggestions.mark_changed(project.pk for project in objects)

        post_save.connect(project_saved, sender=Project, dispatch_uid="synergies-project")
        rows_written.connect(projects_imported, sender=Project, dispatch_uid="synergies-import")
        suggestions.register_label(
            "offerings", Offering.projects.through, "project_id", "offering_id", Offering, "title"
        )
        for through in (
            Project.goals.through,
            Project.fields_of_action.through,
            Offering.projects.through,
        ):
            m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"synergies-{through}")
        upkeep.register(suggestions.nightly)
        register_sheet_types()
        # A merged duplicate's offerings go to the project that stays, and so do its needs of
        # that project's department (a need names only projects of its own department).
        services.register_merged_relation(_mover(Offering.projects.through, "project_id"))
        services.register_merged_relation(
            _mover(
                Need.projects.through,
                "project_id",
                same_department=lambda keep: {"need__department_id": keep.department_id},
            )
        )


def _mover(through, column, same_department=None):
    """Move a many-to-many relation's rows from the dropped project to the kept one (those
    the kept one has already are removed; with ``same_department`` only the rows it
    selects move, the others stay with the archived project)."""

    def move(*, drop, keep):
        other = next(f.attname for f in through._meta.fields if f.attname not in ("id", column))
        kept = set(through.objects.filter(**{column: keep.pk}).values_list(other, flat=True))
        rows = through.objects.filter(**{column: drop.pk})
        if same_department is not None:
            rows = rows.filter(**same_department(keep))
        rows.filter(**{f"{other}__in": kept}).delete()
        rows.update(**{column: keep.pk})

    return move

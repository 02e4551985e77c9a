from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynergiesConfig(AppConfig):
    name = "synergies"
    verbose_name = _("Synergies")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_save

        from jobs import upkeep
        from projects.models import Project
        from synergies import suggestions
        from synergies.sheets import register_sheet_types

        def project_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                suggestions.mark_changed([instance.pk])

        def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if action in {"post_add", "post_remove"}:
                suggestions.mark_changed((pk_set or ()) if reverse else [instance.pk])
            elif action == "post_clear" and not reverse:
                suggestions.mark_changed([instance.pk])
            elif action == "pre_clear" and reverse:  # a goal's projects, before they go
                own = next(f for f in sender._meta.fields if f.related_model is type(instance))
                suggestions.mark_changed(
                    sender.objects.filter(**{own.name: instance}).values_list(
                        "project_id", flat=True
                    )
                )

        post_save.connect(project_saved, sender=Project, dispatch_uid="synergies-project")
        for through in (Project.goals.through, Project.fields_of_action.through):
            m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"synergies-{through}")
        upkeep.register(suggestions.nightly)
        register_sheet_types()

"""Who may do what with synergies. The scope (which links a user sees at all) is
``Synergy.objects.visible_to``; these rules come on top.

- Staff link their own current projects: whoever may edit one of the two projects and sees
  the other proposes a link, accepts or dismisses a suggestion, and edits a proposed link.
  External partners do not: they never see the other departments' projects.
- Who decides depends on the link: within one department its coordination (and the central
  unit); across departments the central unit (Referat Digitale Stadt) alone.
"""

from access.rights import access_for
from access.scope import may_edit


def may_link(user, project, *, editable: bool | None = None) -> bool:
    """May propose links of ``project`` (a current one) and act on its suggestions.
    ``editable``: ``may_edit(user, project)`` where the caller has asked it already."""
    access = access_for(user)
    if not access.authenticated or access.is_partner_only or project.archived_at is not None:
        return False
    return may_edit(user, project) if editable is None else editable


def may_change(user, synergy) -> bool:
    """A proposed link is edited by those who may link either project; once confirmed, its
    kind and direction are part of the decision: only those who decide change them."""
    if synergy.status == synergy.Status.PROPOSED:
        return any(may_link(user, project) for project in (synergy.source, synergy.target)) or (
            may_decide(user, synergy)
        )
    return synergy.status == synergy.Status.CONFIRMED and may_decide(user, synergy)


def may_decide(user, synergy) -> bool:
    access = access_for(user)
    if access.is_central:
        return True
    if synergy.source.department_id != synergy.target.department_id:
        return False
    return synergy.source.department_id in access.coordinated_department_ids


def sees_suggestions(user) -> bool:
    access = access_for(user)
    return access.authenticated and not access.is_partner_only

"""Who may do what with cohorts and workshops. The scope (what a user sees at all) is the
querysets' ``visible_to``; these rules come on top, for objects already in the scope.

- The central unit plans: cohorts, templates (and edits everything).
- Whoever runs a workshop records its results: the central unit, the department's
  coordination and the cohort's supporters (the contracted office).
- The department's coordination decides: reviews and applies the change list, applies the
  priority list, releases the minutes.
- Participants (and supporters) may object to draft minutes while the review is open.
"""

from access.rights import access_for


def may_plan(user) -> bool:
    return access_for(user).is_central


def is_supporter(user, cohort) -> bool:
    if not user.is_authenticated:
        return False
    cache = cohort.__dict__.setdefault("_supporter_cache", {})
    if user.pk not in cache:
        cache[user.pk] = cohort.supporters.filter(pk=user.pk).exists()
    return cache[user.pk]


def is_participant(user, workshop) -> bool:
    if not user.is_authenticated:
        return False
    cache = workshop.__dict__.setdefault("_participant_cache", {})
    if user.pk not in cache:
        cache[user.pk] = workshop.participants.filter(pk=user.pk).exists()
    return cache[user.pk]


def may_decide(user, workshop) -> bool:
    return access_for(user).can_manage_members(workshop.department_id)


def may_record(user, workshop) -> bool:
    return may_decide(user, workshop) or is_supporter(user, workshop.cohort)


def may_object(user, workshop) -> bool:
    return is_participant(user, workshop) or is_supporter(user, workshop.cohort)


def sees_draft_minutes(user, workshop) -> bool:
    """Released minutes are for everyone who sees the workshop; the draft for those who
    took part, ran it, or belong to the department (and for city-wide readers)."""
    if workshop.is_released:
        return True
    access = access_for(user)
    if access.is_central or access.is_leadership:
        return True
    if workshop.department_id in access.internal_department_ids:
        return True
    return may_record(user, workshop) or may_object(user, workshop)

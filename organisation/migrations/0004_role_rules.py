"""Roles are checked by the database, and external accounts are marked for good.

Before the constraint, a role outside the choices (stored through the members page, which
did not check it) becomes reading partner access: such values were only ever set on partner
memberships, and reading is the least a partner had. Accounts that came in as partners
(a partner membership, or an accepted invitation) join the group "Externe Partner", which
keeps them external when their memberships end; accounts that also hold a city role or a
coordinator's or staff membership are city staff and are left out.
"""

from django.conf import settings
from django.db import migrations, models

ROLES = ["koordination", "mitarbeit", "partner_lesen", "partner_mitarbeit"]
PARTNER_ROLES = ["partner_lesen", "partner_mitarbeit"]
EXTERNAL_GROUP = "Externe Partner"
CITY_WIDE_GROUPS = ["Administration", "Referat Digitale Stadt", "Leitung"]


def mark_external_accounts(apps, schema_editor):
    Membership = apps.get_model("organisation", "Membership")
    Invitation = apps.get_model("accounts", "Invitation")
    Group = apps.get_model("auth", "Group")
    Membership.objects.exclude(role__in=ROLES).update(role="partner_lesen")
    group, _ = Group.objects.get_or_create(name=EXTERNAL_GROUP)
    external = set(
        Membership.objects.filter(role__in=PARTNER_ROLES).values_list("user_id", flat=True)
    )
    external |= set(
        Invitation.objects.filter(accepted_by__isnull=False).values_list("accepted_by_id", flat=True)
    )
    # City staff given a partner role by mistake stay city staff.
    internal = set(
        Membership.objects.exclude(role__in=PARTNER_ROLES).values_list("user_id", flat=True)
    )
    internal |= set(
        Group.objects.filter(name__in=CITY_WIDE_GROUPS).values_list("user__id", flat=True)
    )
    group.user_set.add(*(external - internal - {None}))


def unmark(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EXTERNAL_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("organisation", "0003_history_and_partner_scope"),
        ("projects", "0005_search_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(mark_external_accounts, unmark),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ROLES)), name="membership_role_valid"
            ),
        ),
    ]

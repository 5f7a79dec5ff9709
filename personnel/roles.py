"""The six roles as Django groups, with their model permissions. Kept in step on every
``migrate``: permissions are the code's, not something an operator edits by hand.

Roles say what kind of work a person does; which cases they may act on is decided from the
organisation (the holder of a head position, guardian grants on a unit) by the services.

They live in ``personnel`` because roles are about people, and ``personnel`` sits below every
app that asks about them (decisions' rule texts, the engine, the pages, config's menu): each
can import this module without a cycle. The permissions name other apps' models only as
strings, so nothing here imports upwards.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

CLERK, VERIFIER, OFFICIAL, SIGNER, INSPECTOR, ADMIN = (
    "clerk",
    "verifier",
    "official",
    "signer",
    "inspector",
    "admin",
)

ROLE_LABELS = {
    CLERK: _("Clerk"),
    VERIFIER: _("Verifier"),
    OFFICIAL: _("Official"),
    SIGNER: _("Signer"),
    INSPECTOR: _("Inspector"),
    ADMIN: _("Administrator"),
}

ROLE_PERMISSIONS = {
    CLERK: ["decisions.add_case", "decisions.view_case", "personnel.view_employee"],
    VERIFIER: ["decisions.view_case", "personnel.view_employee"],
    OFFICIAL: ["decisions.view_case", "personnel.view_employee"],
    SIGNER: ["decisions.view_case", "personnel.view_employee"],
    INSPECTOR: [
        "decisions.inspect_case",
        "decisions.view_case",
        "audit.view_event",
        "personnel.view_employee",
        "public.handle_feedback",
    ],
    ADMIN: [
        "decisions.manage_case",
        "decisions.view_case",
        "decisions.add_policyparameter",
        "decisions.change_policyparameter",
        "decisions.view_policyparameter",
        "decisions.delete_policyparameter",
        "decisions.add_electionperiod",
        "decisions.change_electionperiod",
        "decisions.view_electionperiod",
        "personnel.add_publicholiday",
        "personnel.change_publicholiday",
        "personnel.view_publicholiday",
        "personnel.delete_publicholiday",
        "workflows.add_committee",
        "workflows.change_committee",
        "workflows.view_committee",
        *[
            f"personnel.{action}_{model}"
            for model in (
                "orgunit",
                "position",
                "employee",
                "positionhistory",
                "skprating",
                "disciplinarysanction",
                "proceeding",
                "training",
                "servicebond",
                "electedterm",
                "actingassignment",
                "familymember",
                "competencyassessment",
            )
            for action in ("add", "change", "view")
        ],
        "personnel.view_rank",
    ],
}


def ensure_roles(**kwargs) -> None:
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def user_roles(user) -> set[str]:
    """The role names of a user (cached on the user object for the request)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_sahih_roles"):
        user._sahih_roles = set(user.groups.values_list("name", flat=True))
    return user._sahih_roles
